package dev.triage.bot;

import dev.triage.bot.approval.Approvals;
import dev.triage.bot.command.BackendCommands;
import dev.triage.bot.command.CommandContext;
import dev.triage.bot.command.CommandSet;
import dev.triage.bot.command.Subcommand;
import dev.triage.bot.command.UsageException;
import dev.triage.bot.diagnose.DiagnoseCommands;
import dev.triage.bot.runbook.RunbookLibrary;
import dev.triage.bot.status.StatusRenderer;
import dev.triage.bot.status.StatusService;
import dev.triage.config.Access;
import dev.triage.config.CommandDefinition;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies command definitions to {@code /backend}: a built-in's name keeps its handler and takes the
 * configured help and role; a new name becomes a subcommand that runs checks, a runbook or an action
 * on one target. {@code access.commands} still decides over a definition's role (see {@code AccessGuard}).
 */
final class ConfiguredCommands {
    private static final String DRY_RUN = dev.triage.bot.approval.ActionCommands.DRY_RUN;

    /** What a configured command's handler uses. */
    record Parts(TriageConfig config, BackendCommands backend, StatusService status, StatusRenderer renderer,
                 DiagnoseCommands diagnose, RunbookLibrary runbooks, Approvals approvals) {
    }

    private final Parts parts;
    /** The handlers written in Java, by built-in name, as registered before any definition applied. */
    private final java.util.Map<String, Subcommand> builtins = new java.util.HashMap<>();

    ConfiguredCommands(Parts parts) {
        this.parts = parts;
    }

    void apply(CommandSet set, List<CommandDefinition> definitions) {
        for (CommandDefinition d : definitions) {
            Subcommand existing = set.find(d.name()).orElse(null);
            if (existing != null) {
                builtins.putIfAbsent(existing.name(), existing);
            }
            Subcommand sub = subcommand(d, existing);
            if (existing != null) {
                set.replace(sub);
            } else {
                set.add(sub);
            }
        }
    }

    private Subcommand subcommand(CommandDefinition d, Subcommand existing) {
        CommandDefinition.Runs runs = d.runs();
        if (runs == null || runs instanceof CommandDefinition.Builtin) {
            String builtinName = runs == null ? d.name() : ((CommandDefinition.Builtin) runs).name();
            Subcommand base = builtins.get(builtinName);
            if (base == null) {
                throw new IllegalStateException("/backend " + d.name() + " names the built-in " + builtinName + ", which is not registered");
            }
            Subcommand keep = existing != null ? existing : base;
            return new Subcommand(d.name(), base.args(), or(d.help(), keep.help()), or(d.role(), keep.role()), base.handler(),
                    base.action());
        }
        return switch (runs) {
            case CommandDefinition.Checks c -> new Subcommand(d.name(), "[TARGET]", help(d, existing), role(d, existing, Access.EVERYONE),
                    (ctx, args) -> ctx.reply(parts.renderer().target(parts.status().status(target(d, args), c.ids()))));
            case CommandDefinition.RunbookRun r -> new Subcommand(d.name(), "[TARGET]", help(d, existing),
                    role(d, existing, Access.EVERYONE), (ctx, args) -> parts.diagnose().diagnose(ctx, target(d, args),
                    parts.runbooks().named(r.runbook()).orElseThrow(() -> new UsageException("No runbook named " + r.runbook() + "."))));
            case CommandDefinition.ActionRun a -> new Subcommand(d.name(), "TARGET [" + DRY_RUN + "]", help(d, existing),
                    role(d, existing, parts.config().access().policy(a.actionId()).map(Access.ActionPolicy::approverRole).orElse("operator")),
                    (ctx, args) -> action(ctx, d, a.actionId(), args)).asAction();
            case CommandDefinition.Builtin b -> throw new IllegalStateException("handled above: " + b);
        };
    }

    private void action(CommandContext ctx, CommandDefinition d, String actionId, List<String> args) {
        List<String> words = new ArrayList<>(args);
        boolean dryRun = words.remove(DRY_RUN);
        parts.approvals().request(ctx, target(d, words), actionId, dryRun);
    }

    /** The one target named, or the only one configured. */
    private Target target(CommandDefinition d, List<String> args) {
        if (args.size() == 1) {
            return parts.backend().target(args.get(0));
        }
        if (args.isEmpty() && parts.config().targets().size() == 1) {
            return parts.config().targets().get(0);
        }
        throw new UsageException("Usage: /backend " + d.name() + " TARGET — targets: " + String.join(", ", parts.config().targetNames()));
    }

    private static String help(CommandDefinition d, Subcommand existing) {
        return or(d.help(), existing == null ? d.name() : existing.help());
    }

    private static String role(CommandDefinition d, Subcommand existing, String fallback) {
        return or(d.role(), existing == null ? fallback : existing.role());
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
