package dev.triage.checks.cloud;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.triage.checks.CheckResult;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;

/** Everything a result shows, as one string, to assert a planted secret is in none of it. */
public final class Outputs {
    private Outputs() {
    }

    public static String of(CheckResult r) {
        return r.summary() + "\n" + String.join("\n", r.evidence()) + "\n" + r.facts() + "\n" + r;
    }

    public static String of(ActionOutcome o) {
        return o.summary() + "\n" + o.steps() + "\n" + o;
    }

    public static String of(ActionPlan p) {
        return p.toString();
    }

    public static void assertNoSecret(String shown, String secret) {
        assertFalse(shown.contains(secret), () -> "the secret leaked into: " + shown);
    }
}
