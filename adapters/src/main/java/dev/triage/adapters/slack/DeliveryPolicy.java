package dev.triage.adapters.slack;

import java.time.Duration;
import java.util.Objects;

/**
 * How outbound calls are paced and retried.
 *
 * @param postInterval   the least time between two messages posted to one channel (Slack allows about one a second)
 * @param maxAttempts    tries per call, the first included, before it fails (429 and 5xx alike)
 * @param firstBackoff   the wait after the first 5xx; doubled each further try
 * @param maxBackoff     the longest wait between 5xx tries
 * @param maxRetryAfter  the longest Retry-After honoured; a longer one fails the call instead of stalling the channel
 */
public record DeliveryPolicy(Duration postInterval, int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public DeliveryPolicy {
        requireNotNegative("postInterval", postInterval);
        requirePositive("firstBackoff", firstBackoff);
        requirePositive("maxBackoff", maxBackoff);
        requirePositive("maxRetryAfter", maxRetryAfter);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
    }

    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(Duration.ofSeconds(1), 5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2));
    }

    /** The wait after failed try number {@code attempt} (1-based): first, 2×first, 4×first … up to the maximum. */
    public Duration backoff(int attempt) {
        int doublings = Math.min(Math.max(0, attempt - 1), 20);
        Duration wait = firstBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static void requireNotNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " cannot be negative: " + d);
        }
    }

    private static void requirePositive(String name, Duration d) {
        requireNotNegative(name, d);
        if (d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
