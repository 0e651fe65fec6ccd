package dev.triage.checks.action;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a verification keeps asking: at most {@code tries} probes (0 = no limit on the count), for at
 * most {@code within} (null = no limit on the time), {@code interval} apart. At least one limit is set.
 */
public record Patience(int tries, Duration within, Duration interval) {

    public Patience {
        Objects.requireNonNull(interval, "interval");
        if (tries < 0) {
            throw new IllegalArgumentException("tries cannot be negative: " + tries);
        }
        if (tries == 0 && within == null) {
            throw new IllegalArgumentException("patience needs a limit: tries > 0 or a duration");
        }
        if (within != null && (within.isNegative() || within.isZero())) {
            throw new IllegalArgumentException("within must be positive: " + within);
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval cannot be negative: " + interval);
        }
    }

    /** Polls every {@code interval} until {@code within} has passed. */
    public static Patience within(Duration within, Duration interval) {
        return new Patience(0, Objects.requireNonNull(within, "within"), interval);
    }

    /** At most {@code tries} probes, {@code interval} apart. */
    public static Patience tries(int tries, Duration interval) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1: " + tries);
        }
        return new Patience(tries, null, interval);
    }
}
