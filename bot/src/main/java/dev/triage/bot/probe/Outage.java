package dev.triage.bot.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One outage of one target, from its first failed probe to its first good one ({@link ProbeEvent.WentUp}).
 *
 * @param end         null while the outage goes on
 * @param personActed whether someone acknowledged, approved or ran something before it ended; false for an
 *                    outage that ended by itself or by an automatic remediation
 */
public record Outage(Instant start, Instant end, boolean personActed) {
    public Outage {
        Objects.requireNonNull(start, "start");
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("outage cannot end (" + end + ") before it starts (" + start + ")");
        }
    }

    public static Outage open(Instant start) {
        return new Outage(start, null, false);
    }

    public boolean isOpen() {
        return end == null;
    }

    /** How long it lasted, or null while open. */
    public Optional<Duration> length() {
        return end == null ? Optional.empty() : Optional.of(Duration.between(start, end));
    }
}
