package dev.triage.bot.command;

import dev.triage.adapters.Message;
import dev.triage.bot.status.StatusRenderer;
import dev.triage.bot.status.StatusService;
import dev.triage.config.Suggestions;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.util.List;

/** The read-only {@code /backend} commands of the walking skeleton: help, targets, status. */
public final class BackendCommands {
    private final TriageConfig config;
    private final StatusService status;
    private final StatusRenderer renderer;

    public BackendCommands(TriageConfig config, StatusService status, StatusRenderer renderer) {
        this.config = config;
        this.status = status;
        this.renderer = renderer;
    }

    public void register(CommandSet backend, ButtonRouter buttons) {
        backend.add(new Subcommand("targets", "", "the backends Triage knows and how it reaches them", (ctx, args) -> targets(ctx)));
        backend.add(new Subcommand("status", "[TARGET]", "run the status checks; without TARGET, every target in one line each",
                (ctx, args) -> status(ctx, args)));
        buttons.on("status", (ctx, arg) -> ctx.reply(renderer.target(status.status(target(arg)))));
    }

    private void targets(CommandContext ctx) {
        Message.Builder m = Message.builder(config.targets().size() + (config.targets().size() == 1 ? " target" : " targets"));
        for (Target t : config.targets()) {
            StringBuilder s = new StringBuilder();
            s.append(t.baseUrl() != null ? t.baseUrl().toString() : t.host() + ":" + t.port());
            s.append(" · checks: ").append(String.join(", ", t.statusChecks()));
            s.append(t.ssh() != null ? " · ssh " + t.ssh().user() + "@" + t.ssh().host() : " · no ssh");
            m.line(null, t.name(), s.toString(), null);
        }
        m.footer("/backend status TARGET for one, /backend status for all");
        ctx.reply(m.build());
    }

    private void status(CommandContext ctx, List<String> args) {
        if (args.size() > 1) {
            throw new UsageException("/backend status takes one target at most (got " + String.join(" ", args) + "). Example: /backend status "
                    + config.targetNames().get(0));
        }
        if (args.isEmpty()) {
            ctx.reply(renderer.all(status.statusAll(config.targets())));
            return;
        }
        ctx.reply(renderer.target(status.status(target(args.get(0)))));
    }

    /** The named target, or a usage error naming the closest one. */
    public Target target(String name) {
        return config.target(name).orElseThrow(() -> new UsageException(
                "No target named \"" + name + "\""
                        + Suggestions.closest(name, config.targetNames()).map(s -> " — did you mean " + s + "?").orElse(".")
                        + " Targets: " + String.join(", ", config.targetNames()) + "."));
    }
}
