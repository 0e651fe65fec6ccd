package dev.triage.bot.runbook;

/** What became of one runbook step over a diagnosis's results. */
public enum StepOutcome {
    /** Its conditions held and it found the problem it looks for. */
    FAILED,
    /** Its conditions held and its check was fine. */
    PASSED,
    /** Its conditions didn't hold. */
    NOT_APPLICABLE,
    /** Its check didn't run or couldn't: the step can say neither. */
    UNKNOWN
}
