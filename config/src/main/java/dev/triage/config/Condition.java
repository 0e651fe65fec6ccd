package dev.triage.config;

import java.util.List;

/**
 * When a runbook step applies, or when it counts as failed: a small language over the earlier steps'
 * outcomes, the checks' facts and the target's settings. Facts are named {@code CHECK.FACT}
 * ({@code port-binding.listening}, {@code nginx.nginx.config}) or {@code target.*} / {@code service.*}
 * for the target's own settings ({@code service.port}, {@code service.nginx}).
 */
public sealed interface Condition {

    /** The named step ran and failed. */
    record Failed(String step) implements Condition {
    }

    /** The named step ran and passed (its check said OK or WARN). */
    record Passed(String step) implements Condition {
    }

    /**
     * A fact compared with values. {@code names} are tried in order and the first present one is
     * compared (a list means "whichever of these checks said it").
     *
     * @param op one of {@code equals}, {@code in}, {@code has} (an item of a comma-separated list), {@code present}
     */
    record Fact(List<String> names, String op, List<String> values) implements Condition {
        public Fact {
            names = List.copyOf(names);
            values = List.copyOf(values);
        }
    }

    /** At least one of the named checks ran and said something (not SKIPPED, not ERROR). */
    record Ran(List<String> checks) implements Condition {
        public Ran {
            checks = List.copyOf(checks);
        }
    }

    record All(List<Condition> all) implements Condition {
        public All {
            all = List.copyOf(all);
        }
    }

    record Any(List<Condition> any) implements Condition {
        public Any {
            any = List.copyOf(any);
        }
    }

    record Not(Condition condition) implements Condition {
    }

    /** Always true: a step without {@code when}. */
    Condition ALWAYS = new All(List.of());
}
