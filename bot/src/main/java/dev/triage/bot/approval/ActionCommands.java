package dev.triage.bot.approval;

import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import dev.triage.bot.access.Roles;
import dev.triage.bot.command.BackendCommands;
import dev.triage.bot.command.ButtonRouter;
import dev.triage.bot.command.CommandContext;
import dev.triage.bot.command.CommandSet;
import dev.triage.bot.command.Subcommand;
import dev.triage.bot.command.UsageException;
import dev.triage.bot.store.AuditEntry;
import dev.triage.bot.text.Times;
import dev.triage.config.Access;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The action verbs ({@code restart}, {@code reboot}, …), {@code whoami} and {@code audit}, and the approval buttons. */
public final class ActionCommands {
    /** The flag that shows an action's plan instead of asking for it; team action commands take it too. */
    public static final String DRY_RUN = "--dry-run";
    static final int AUDIT_LINES = 20;

    private final TriageConfig config;
    private final BackendCommands backend;
    private final Approvals approvals;
    private final Roles roles;
    private final Audit audit;
    private final InstantSource clock;

    public ActionCommands(TriageConfig config, BackendCommands backend, Approvals approvals, Roles roles, Audit audit,
                          InstantSource clock) {
        this.config = config;
        this.backend = backend;
        this.approvals = approvals;
        this.roles = roles;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(CommandSet set, ButtonRouter buttons) {
        for (Map.Entry<String, String> verb : ActionVerbs.VERBS.entrySet()) {
            String actionId = verb.getValue();
            String role = config.access().policy(actionId).map(Access.ActionPolicy::approverRole).orElse("operator");
            set.add(new Subcommand(verb.getKey(), "TARGET [" + DRY_RUN + "]", "ask for " + actionId + " (approved by another "
                    + role + "; " + DRY_RUN + " shows the plan only)", role,
                    (ctx, args) -> request(ctx, actionId, verb.getKey(), args)).asAction());
        }
        set.add(new Subcommand("whoami", "", "your roles, and how the config names you", (ctx, args) -> whoami(ctx)));
        set.add(new Subcommand("audit", "[TARGET]", "the latest " + AUDIT_LINES + " requests, decisions and outcomes",
                (ctx, args) -> audit(ctx, args)));
        buttons.on("approve", approvals::approve);
        buttons.on("deny", approvals::deny);
        buttons.on("request", (ctx, arg) -> {
            // request:ACTION:TARGET, from a diagnosis's fix button. Checked like typed input.
            int colon = arg.indexOf(':');
            if (colon < 1) {
                throw new UsageException("That button is malformed (" + arg + "). Run /backend diagnose again.");
            }
            String actionId = arg.substring(0, colon);
            String role = config.access().policy(actionId).map(Access.ActionPolicy::approverRole).orElse("operator");
            if (!roles.has(ctx.user(), role)) {
                throw new UsageException("Asking for " + actionId + " needs the role " + role + ". /backend whoami shows yours.");
            }
            approvals.request(ctx, backend.target(arg.substring(colon + 1)), actionId, false);
        });
    }

    private void request(CommandContext ctx, String actionId, String verb, List<String> args) {
        List<String> words = new ArrayList<>(args);
        boolean dryRun = words.remove(DRY_RUN);
        if (words.size() != 1) {
            throw new UsageException("Usage: /backend " + verb + " TARGET [" + DRY_RUN + "] — e.g. /backend " + verb + " "
                    + config.targetNames().get(0) + (words.isEmpty() ? "" : " (got " + String.join(" ", words) + ")"));
        }
        Target target = backend.target(words.get(0));
        approvals.request(ctx, target, actionId, dryRun);
    }

    private void whoami(CommandContext ctx) {
        var mine = roles.of(ctx.user());
        Message.Builder m = Message.builder(ctx.user().mention() + " — " + (mine.isEmpty() ? "no role" : "roles: " + String.join(", ", mine)))
                .field("In the config", Roles.memberId(ctx.user()));
        if (!ctx.user().platformRoles().isEmpty()) {
            m.field("Platform groups/roles", String.join(", ", ctx.user().platformRoles()));
        }
        m.footer(mine.isEmpty() ? "Read-only commands work for everyone; actions need a role under roles: in the config."
                : "You can ask for actions whose approver role you hold; someone else approves them.");
        ctx.tell(m.build());
    }

    private void audit(CommandContext ctx, List<String> args) {
        if (args.size() > 1) {
            throw new UsageException("/backend audit takes one target at most, e.g. /backend audit " + config.targetNames().get(0));
        }
        String target = args.isEmpty() ? null : backend.target(args.get(0)).name();
        var now = clock.instant();
        List<AuditEntry> entries = audit.store().audit(target, now.minus(Duration.ofDays(30)), AUDIT_LINES);
        Message.Builder m = Message.builder("Audit" + (target == null ? "" : " — " + target) + ": latest " + entries.size()
                + (entries.size() == 1 ? " entry" : " entries"));
        for (AuditEntry e : entries) {
            m.line(toneOf(e), Times.utcShort(e.at()) + " " + e.kind(), "@" + e.actorName() + " " + e.detail()
                    + (e.result() == null ? "" : " → " + e.result()), null);
        }
        if (entries.isEmpty()) {
            m.line("nothing recorded in the last 30 days");
        }
        m.footer("./triage audit --config FILE --since 24h for more");
        ctx.reply(m.build());
    }

    private static Tone toneOf(AuditEntry e) {
        return switch (e.kind()) {
            case "refuse", "deny" -> Tone.WARN;
            case "outcome" -> "DONE".equals(e.result()) ? Tone.OK : Tone.FAIL;
            default -> Tone.INFO;
        };
    }
}
