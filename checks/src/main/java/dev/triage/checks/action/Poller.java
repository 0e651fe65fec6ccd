package dev.triage.checks.action;

import dev.triage.time.Sleeper;

import dev.triage.checks.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Asks a probe again and again, within a {@link Patience}, until it says yes or cannot say anything useful. */
final class Poller {

    /**
     * How a poll ended.
     *
     * @param last      the last probe's result
     * @param attempts  how many probes ran
     * @param succeeded true when the last result was the one waited for
     * @param took      from the first probe's start to the last one's end
     */
    record Polled(CheckResult last, int attempts, boolean succeeded, Duration took) {
    }

    private final InstantSource clock;
    private final Sleeper pacer;

    Poller(InstantSource clock, Sleeper pacer) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pacer = Objects.requireNonNull(pacer, "pacer");
    }

    InstantSource clock() {
        return clock;
    }

    /**
     * @param done     the answer waited for
     * @param hopeless an answer after which asking again is pointless (a tool is missing, sudo refuses)
     */
    Polled poll(Patience patience, Supplier<CheckResult> probe, Predicate<CheckResult> done,
                Predicate<CheckResult> hopeless) throws InterruptedException {
        Instant start = clock.instant();
        int attempts = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while polling");
            }
            CheckResult result = probe.get();
            attempts++;
            Duration elapsed = Duration.between(start, clock.instant());
            if (done.test(result)) {
                return new Polled(result, attempts, true, elapsed);
            }
            if (hopeless.test(result) || (patience.tries() > 0 && attempts >= patience.tries())) {
                return new Polled(result, attempts, false, elapsed);
            }
            Duration pause = patience.interval();
            if (patience.within() != null) {
                Duration left = patience.within().minus(elapsed);
                if (left.isNegative() || left.isZero()) {
                    return new Polled(result, attempts, false, elapsed);
                }
                pause = pause.compareTo(left) < 0 ? pause : left;
            }
            pacer.sleep(pause);
        }
    }
}
