package dev.triage.checks.action;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Target;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one check for a gate or a verification, turning a crashing check into an ERROR result. */
final class Probes {
    private static final Logger log = LoggerFactory.getLogger(Probes.class);

    /** The {@code error} facts of host checks that another try will not change. */
    private static final Set<String> LASTING_ERRORS = Set.of("tool-missing", "sudo-refused", "sudo-missing", "cannot-answer", "misconfigured");

    private Probes() {
    }

    static CheckResult run(Check check, Target target) {
        try {
            CheckResult result = check.run(target);
            return result != null ? result : CheckResult.error(check.id(), "returned no result (a bug in the check)");
        } catch (RuntimeException e) {
            log.error("check {} on {} crashed during an action", check.id(), target.name(), e);
            return CheckResult.error(check.id(), "could not run: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** True when asking again is pointless: a tool is missing, sudo refuses, the target is misconfigured. */
    static boolean lastingError(CheckResult result) {
        return result.status() == Status.ERROR && (result.fact("error") == null
                || LASTING_ERRORS.contains(result.fact("error")));
    }

    /** True when the check did not run for this target. */
    static boolean skipped(CheckResult result) {
        return result.status() == Status.SKIPPED;
    }
}
