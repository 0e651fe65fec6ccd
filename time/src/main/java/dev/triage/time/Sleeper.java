package dev.triage.time;

import java.time.Duration;

/**
 * Waiting, injectable — the one sleeping abstraction of the project: a verification's pause between polls (checks), a
 * send queue's pacing, Retry-After and backoff (adapters). Tests give one that advances their clock instead of sleeping;
 * {@link #system()} really waits. Together with {@link java.time.InstantSource} it is all the time the code below the
 * composition root reads.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code duration}; zero or negative returns at once. */
    void sleep(Duration duration) throws InterruptedException;

    /** Really waits, on the calling thread. */
    static Sleeper system() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration);
            }
        };
    }
}
