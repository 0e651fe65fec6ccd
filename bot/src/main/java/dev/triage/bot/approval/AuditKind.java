package dev.triage.bot.approval;

import java.util.Locale;

/** What an audit entry records; stored as its lower-case name ({@code dry-run} for {@link #DRY_RUN}). */
public enum AuditKind {
    /** A command someone typed. */
    COMMAND,
    /** A button someone pressed. */
    CLICK,
    /** An action's plan shown instead of asked for. */
    DRY_RUN,
    /** A request or decision refused (role, own request, storm guard, already pending). */
    REFUSE,
    /** An action asked for: its approval card. */
    REQUEST,
    APPROVE,
    DENY,
    /** One step of a running action (gate, command, verification). */
    STEP,
    /** How an action ended. */
    OUTCOME,
    /** An unattended run under a target's {@code remediate:} rule: announced, held, not run, or started by Triage. */
    REMEDIATE,
    /** A person paged because an unattended fix was held back, failed or did not help. */
    ESCALATE;

    public String stored() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
