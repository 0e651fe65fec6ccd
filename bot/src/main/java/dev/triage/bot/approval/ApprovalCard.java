package dev.triage.bot.approval;

import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import dev.triage.bot.store.Approval;
import dev.triage.bot.text.Times;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import java.time.Duration;
import java.time.Instant;

/** The approval card and its later states, edited in place; the steps that go into its thread. */
public final class ApprovalCard {

    public Message pending(Approval a, ActionPlan plan, Instant now) {
        return base(a, plan, "requested", Tone.WARN, now)
                .button(new Message.Button("approve:" + a.id(), "Approve", Message.Button.Style.PRIMARY))
                .button(new Message.Button("deny:" + a.id(), "Deny", Message.Button.Style.DANGER))
                .build();
    }

    public Message dryRun(String target, String requesterMention, ActionPlan plan, String approverRole, boolean twoPerson) {
        Message.Builder m = Message.builder("Dry run: " + plan.actionId() + " on " + target + host(plan) + " — nothing was requested")
                .tone(Tone.INFO);
        plan(m, plan);
        m.field("Needs", needs(approverRole, twoPerson));
        m.footer("Without --dry-run, " + requesterMention + " would get an approval card with Approve and Deny.");
        return m.build();
    }

    public Message approved(Approval a, ActionPlan plan, Instant now) {
        return base(a, plan, "approved by @" + a.decidedByName() + " " + Times.utcShort(a.decidedAt()) + " · running …", Tone.INFO, now)
                .build();
    }

    public Message finished(Approval a, ActionPlan plan, ActionOutcome outcome, Instant now) {
        Tone tone = outcome.succeeded() ? Tone.OK : Tone.FAIL;
        String how = outcome.succeeded() ? "done" : failedAt(outcome);
        Message.Builder m = base(a, plan, "approved by @" + a.decidedByName() + " " + Times.utcShort(a.decidedAt()) + " · " + how,
                tone, now);
        m.line(tone, outcome.result().name(), outcome.summary(), Times.millis(outcome.took()));
        if (!outcome.succeeded() && outcome.followUp() != null) {
            // What the failed verification points at, on the same card (001: the service is back, nginx still 502s).
            m.line(Tone.INFO, "NEXT", outcome.followUp() + " would fix what the verification found", null);
            m.button(new Message.Button("request:" + outcome.followUp() + ":" + a.target(), "Request " + outcome.followUp(),
                    Message.Button.Style.PRIMARY));
        }
        return m.build();
    }

    public Message denied(Approval a, ActionPlan plan, Instant now) {
        return base(a, plan, "denied by @" + a.decidedByName() + " " + Times.utcShort(a.decidedAt()), Tone.SKIPPED, now).build();
    }

    public Message expired(Approval a, ActionPlan plan, Instant now) {
        return base(a, plan, "expired at " + Times.utcShort(a.expiresAt()) + " without a decision", Tone.SKIPPED, now).build();
    }

    public Message step(ActionStep step) {
        return Message.builder(step.phase().name().toLowerCase(java.util.Locale.ROOT) + " · " + step.name())
                .tone(tone(step))
                .line(tone(step), step.status().name(), step.detail(), Times.millis(step.took()))
                .build();
    }

    private Message.Builder base(Approval a, ActionPlan plan, String state, Tone tone, Instant now) {
        Message.Builder m = Message.builder(a.actionId() + " on " + a.target() + host(plan) + " — " + state).tone(tone);
        m.field("Asked by", "@" + a.requestedByName() + ", " + Times.ago(a.createdAt(), now));
        plan(m, plan);
        m.field("Needs", needs(a.approverRole(), a.twoPerson()));
        if (a.status() == Approval.Status.PENDING) {
            Duration left = Duration.between(now, a.expiresAt());
            m.field("Expires", left.isNegative() ? "expired" : "in " + Times.length(left) + ", " + Times.utcShort(a.expiresAt()));
        }
        m.footer("request " + a.id());
        return m;
    }

    private static void plan(Message.Builder m, ActionPlan plan) {
        m.field("Runs", plan.command() == null ? "(nothing)" : plan.command());
        m.field("Gate", plan.gate().isEmpty() ? "none" : String.join(" → ", plan.gate()));
        m.field("Verify", plan.verify().isEmpty() ? "none" : String.join(" → ", plan.verify()));
    }

    private static String needs(String role, boolean twoPerson) {
        return "one approver with role " + role + (twoPerson ? ", not the requester" : "");
    }

    private static String host(ActionPlan plan) {
        return plan.host() == null ? "" : " (" + plan.host() + ")";
    }

    private static String failedAt(ActionOutcome o) {
        return switch (o.result()) {
            case GATE_FAILED -> "stopped at the gate";
            case COMMAND_FAILED -> "the command failed";
            case VERIFY_FAILED -> "failed at verify";
            case UNAVAILABLE -> "could not run here";
            case ERROR -> "could not reach the host";
            case INTERRUPTED -> "interrupted";
            case DONE -> "done";
        };
    }

    private static Tone tone(ActionStep step) {
        return switch (step.status()) {
            case OK -> Tone.OK;
            case WARN -> Tone.WARN;
            case FAIL -> Tone.FAIL;
            case ERROR -> Tone.ERROR;
            case SKIPPED -> Tone.SKIPPED;
        };
    }
}
