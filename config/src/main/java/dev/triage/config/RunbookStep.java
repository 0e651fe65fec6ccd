package dev.triage.config;

import java.util.List;
import java.util.Objects;

/**
 * One step of a runbook. It applies when {@code when} holds; it fails when {@code failsIf} holds, or —
 * without one — when its check says FAIL; a step with neither a check nor {@code failsIf} fails as soon
 * as it applies (a decision the document draws from earlier steps).
 *
 * @param id          unique in its runbook; what {@code when: {failed: ID}} names
 * @param check       the check it reads; null for a decision step
 * @param topic       how "ruled out" names the check when it passes ("firewall", "service down")
 * @param unavailable why the step's check can't run yet (a cloud API Triage doesn't call yet); null when it can
 * @param when        when it applies
 * @param failsIf     when it fails; null for "its check says FAIL"
 * @param cause       the cause a failing step names; null for a step that only gathers or gates
 * @param cites       the document step it cites; null cites nothing
 * @param evidence    what the verdict shows as evidence
 * @param fix         what to do about it; null when nothing is offered
 * @param place       where it was defined, for messages
 * @param alsoWhenAnswering read as well when the service answers from outside (normally or slowly), where every other
 *                    step is skipped: a cause outside the backend, such as the front end calling it at the wrong URL
 *                    (document 001's flowchart, step 7: reachable, but the front end still fails)
 */
public record RunbookStep(String id, String check, String topic, String unavailable, Condition when, Condition failsIf,
                          String cause, Citation cites, List<EvidenceSpec> evidence, FixSpec fix, String place,
                          boolean alsoWhenAnswering) {

    public RunbookStep {
        Objects.requireNonNull(id, "id");
        when = when == null ? Condition.ALWAYS : when;
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** A step read only when the service fails from outside. */
    public RunbookStep(String id, String check, String topic, String unavailable, Condition when, Condition failsIf,
                       String cause, Citation cites, List<EvidenceSpec> evidence, FixSpec fix, String place) {
        this(id, check, topic, unavailable, when, failsIf, cause, cites, evidence, fix, place, false);
    }

    /** A document's step: {@code doc} is a document id of the runbook (null for its first), {@code step} free text. */
    public record Citation(String doc, String step) {
    }

    /**
     * What a failing step shows.
     *
     * @param check a check id, or {@code failing} / {@code failing-outside} for every failing check
     * @param lines how many of its evidence lines follow its summary
     * @param only  {@code problem} (only when it said WARN/FAIL), {@code fail}, or null for always
     */
    public record EvidenceSpec(String check, int lines, String only) {
        public static final String FAILING = "failing";
        public static final String FAILING_OUTSIDE = "failing-outside";
    }

    /**
     * @param advice one line for people; may hold {@code {service.port}}-style placeholders
     * @param action the action offered as a button, or null for a manual fix
     */
    public record FixSpec(String advice, String action) {
        public FixSpec {
            Objects.requireNonNull(advice, "advice");
        }
    }
}
