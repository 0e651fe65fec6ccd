package dev.triage.checks.action;

import java.time.Duration;

/**
 * Waits between two polls of a verification. Injected so tests advance a clock instead of sleeping;
 * {@link #sleeping()} is the real one.
 */
@FunctionalInterface
public interface Pacer {

    /** Waits {@code pause} (never negative). */
    void pause(Duration pause) throws InterruptedException;

    /** Sleeps the calling thread. */
    static Pacer sleeping() {
        return pause -> {
            if (!pause.isNegative() && !pause.isZero()) {
                Thread.sleep(pause);
            }
        };
    }
}
