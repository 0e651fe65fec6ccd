package dev.triage.bot.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * Doing a write that must be recorded again while the store can't be reached: every {@code pause}, until it answers
 * or {@code within} has passed (then the last {@link StoreUnavailableException} is thrown). Other failures are not
 * retried.
 */
public final class StoreRetry {
    private StoreRetry() {
    }

    /** @param firstFailure told once, at the first failure (to say the work waits for the store) */
    public static <T> T untilAnswered(InstantSource clock, Duration within, Duration pause, Supplier<T> work, Runnable firstFailure) {
        Instant end = clock.instant().plus(within);
        boolean told = false;
        while (true) {
            try {
                return work.get();
            } catch (StoreUnavailableException e) {
                if (!clock.instant().isBefore(end)) {
                    throw e;
                }
                if (!told) {
                    told = true;
                    firstFailure.run();
                }
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
