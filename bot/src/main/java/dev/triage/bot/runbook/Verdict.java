package dev.triage.bot.runbook;

import java.util.List;
import java.util.Objects;

/**
 * The end of a diagnosis: the most likely cause, where the runbooks describe it, the evidence lines
 * that show it, what was ruled out, and the fix.
 *
 * @param healthy   true when the target answers and nothing needs fixing
 * @param cause     one line, e.g. "the service is bound to 127.0.0.1 only"
 * @param reference the runbook step, e.g. "document 000, step 3"; may be null
 * @param evidence  the lines that show the cause, each naming its check
 * @param ruledOut  what was checked and is fine, e.g. "firewall (ufw inactive)"
 * @param fix       what to do; may be null when nothing is needed
 */
public record Verdict(boolean healthy, String cause, String reference, List<Evidence> evidence, List<String> ruledOut,
                      Fix fix) {

    public Verdict {
        Objects.requireNonNull(cause, "cause");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        ruledOut = ruledOut == null ? List.of() : List.copyOf(ruledOut);
    }

    /** One line of evidence: which check said it, and what. */
    public record Evidence(String checkId, String text) {
    }

    /**
     * @param advice   what a person should do, one line
     * @param actionId the action that carries out the fix (offered as a button), or null when it is manual
     */
    public record Fix(String advice, String actionId) {
        public Fix {
            Objects.requireNonNull(advice, "advice");
        }
    }
}
