package dev.triage.checks.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Poller}: how long verifications keep asking, on a clock that only moves when they pause. */
class ActionPollerTest {

    private final SteppingClock clock = new SteppingClock();
    private final Poller poller = new Poller(clock, clock);
    private final AtomicInteger asked = new AtomicInteger();

    private CheckResult answer(Status status) {
        asked.incrementAndGet();
        return CheckResult.of("probe", status, status.name(), List.of());
    }

    @Test
    void stopsAtTheFirstAnswerWaitedFor() throws Exception {
        Poller.Polled polled = poller.poll(Patience.within(Duration.ofSeconds(30), Duration.ofSeconds(1)),
                () -> answer(asked.get() >= 3 ? Status.OK : Status.FAIL), r -> r.status() == Status.OK, r -> false);

        assertTrue(polled.succeeded());
        assertEquals(4, polled.attempts());
        assertEquals(Duration.ofSeconds(3), polled.took());
    }

    @Test
    void aTimeLimitEndsWithOneLastProbeAtTheLimitNeverPausingPastIt() throws Exception {
        Poller.Polled polled = poller.poll(Patience.within(Duration.ofMillis(2500), Duration.ofSeconds(1)),
                () -> answer(Status.FAIL), r -> r.status() == Status.OK, r -> false);

        assertFalse(polled.succeeded());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500)), clock.pauses());
        assertEquals(4, polled.attempts());
    }

    @Test
    void aCountLimitEndsAfterThatManyTries() throws Exception {
        Poller.Polled polled = poller.poll(Patience.tries(5, Duration.ofSeconds(2)), () -> answer(Status.FAIL),
                r -> r.status() == Status.OK, r -> false);

        assertEquals(5, polled.attempts());
        assertEquals(4, clock.pauses().size());
    }

    @Test
    void aHopelessAnswerEndsAtOnce() throws Exception {
        Poller.Polled polled = poller.poll(Patience.within(Duration.ofSeconds(30), Duration.ofSeconds(1)),
                () -> answer(Status.ERROR), r -> r.status() == Status.OK, r -> r.status() == Status.ERROR);

        assertEquals(1, polled.attempts());
        assertEquals(List.of(), clock.pauses());
    }

    @Test
    void patienceWithoutALimitIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Patience(0, null, Duration.ofSeconds(1)));
        assertEquals("patience needs a limit: tries > 0 or a duration", e.getMessage());
    }
}
