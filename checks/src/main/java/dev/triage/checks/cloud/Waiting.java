package dev.triage.checks.cloud;

import dev.triage.time.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How long a cloud action waits for the provider to settle, and how often it asks. Time and pauses are
 * injected so tests move a clock instead of sleeping.
 *
 * @param within   how long to keep asking
 * @param interval the pause between two questions
 */
public record Waiting(InstantSource clock, Sleeper pacer, Duration within, Duration interval) {
    public Waiting {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pacer, "pacer");
        if (within == null || within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("within must be positive: " + within);
        }
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("interval cannot be negative: " + interval);
        }
    }

    /** One answer of a poll: done (stop, it worked), hopeless (stop, it won't), or not yet. */
    public enum Answer { DONE, HOPELESS, NOT_YET }

    /** A question asked until it is answered; may throw a {@link CloudApiException} to stop. */
    @FunctionalInterface
    public interface Question {
        Answer ask() throws CloudApiException;
    }

    /** Asks until DONE or HOPELESS, or until {@link #within()} has passed; answers the last answer. */
    public Answer until(Question question) throws CloudApiException, InterruptedException {
        Instant start = clock.instant();
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while waiting");
            }
            Answer a = question.ask();
            if (a != Answer.NOT_YET) {
                return a;
            }
            Duration left = within.minus(Duration.between(start, clock.instant()));
            if (left.isNegative() || left.isZero()) {
                return Answer.NOT_YET;
            }
            pacer.sleep(interval.compareTo(left) < 0 ? interval : left);
        }
    }

    /** How long since {@code start} by this clock. */
    public Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }
}
