package dev.triage.bot.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UptimeCalculatorTest {
    private final UptimeCalculator calculator = new UptimeCalculator();
    private final Instant from = Instant.parse("2025-03-01T00:00:00Z");
    private final Instant now = from.plus(Duration.ofDays(7));

    @Test
    void noOutagesIsAHundredPercentWithNoRecoveriesToMeasure() {
        UptimeReport r = calculator.calculate(List.of(), from, now);
        assertEquals(100.0, r.uptimePercent(), 1e-9);
        assertEquals(0, r.incidents());
        assertEquals(Optional.empty(), r.medianTimeToRecover());
        assertEquals(Optional.empty(), r.shareWithoutPerson());
    }

    @Test
    void oneHourDownInAWeekIsNinetyNinePointFortyPercent() {
        UptimeReport r = calculator.calculate(List.of(outage(24 * 60, 60, false)), from, now);
        assertEquals(Duration.ofHours(1), r.downtime());
        assertEquals(100.0 * (1 - 1.0 / 168), r.uptimePercent(), 1e-9);
        assertEquals(1, r.incidents());
        assertEquals(Optional.of(Duration.ofHours(1)), r.medianTimeToRecover());
    }

    @Test
    void theMedianTimeToRecoverIsTheMiddleOutageAndTheMeanOfTheTwoMiddleOnesForAnEvenCount() {
        List<Outage> three = List.of(outage(100, 10, true), outage(200, 2, false), outage(300, 4, false));
        assertEquals(Optional.of(Duration.ofMinutes(4)), calculator.calculate(three, from, now).medianTimeToRecover());

        List<Outage> four = List.of(outage(100, 10, true), outage(200, 2, false), outage(300, 4, false), outage(400, 7, false));
        assertEquals(Optional.of(Duration.ofSeconds(330)), calculator.calculate(four, from, now).medianTimeToRecover());
    }

    @Test
    void theShareWithoutAPersonCountsRecoveriesNobodyActedOn() {
        List<Outage> outages = List.of(outage(100, 3, false), outage(200, 2, false), outage(300, 20, true));
        UptimeReport r = calculator.calculate(outages, from, now);
        assertEquals(2.0 / 3, r.shareWithoutPerson().orElseThrow(), 1e-9);
        assertEquals(3, r.recovered());
    }

    @Test
    void anOpenOutageCountsAsDownUpToNowButNotAsARecovery() {
        Instant started = now.minus(Duration.ofMinutes(42));
        UptimeReport r = calculator.calculate(List.of(outage(100, 5, false), Outage.open(started)), from, now);
        assertEquals(Duration.ofMinutes(47), r.downtime());
        assertEquals(2, r.incidents());
        assertEquals(1, r.open());
        assertEquals(1, r.recovered());
        assertEquals(Optional.of(Duration.ofMinutes(5)), r.medianTimeToRecover());
    }

    @Test
    void anOutageThatBeganBeforeTheWindowCountsOnlyItsPartInside() {
        Outage straddling = new Outage(from.minus(Duration.ofMinutes(30)), from.plus(Duration.ofMinutes(10)), true);
        UptimeReport r = calculator.calculate(List.of(straddling), from, now);
        assertEquals(Duration.ofMinutes(10), r.downtime());
        assertEquals(1, r.incidents());
        assertEquals(Optional.of(Duration.ofMinutes(40)), r.medianTimeToRecover());
    }

    @Test
    void outagesOutsideTheWindowAreIgnored() {
        Outage before = new Outage(from.minus(Duration.ofDays(2)), from.minus(Duration.ofDays(1)), false);
        UptimeReport r = calculator.calculate(List.of(before), from, now);
        assertEquals(0, r.incidents());
        assertEquals(100.0, r.uptimePercent(), 1e-9);
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> calculator.calculate(List.of(), now, from));
        assertTrue(e.getMessage().startsWith("uptime window must start before it ends"), e.getMessage());
    }

    @Test
    void document003GoalsNameEveryFigureThatMissesIt() {
        List<Outage> outages = List.of(outage(100, 30, true), outage(2000, 20, false));
        UptimeReport r = calculator.calculate(outages, from, now);
        List<String> missed = UptimeGoals.DOCUMENT_003.missed(r, Duration.ofMillis(620));
        assertEquals(List.of(
                "uptime 99.50 % is under the goal of 99.9 %",
                "response time p95 620 ms is over the goal of 500 ms",
                "time to recover (median) 1500 s is over the goal of 300 s",
                "50 % of recoveries without a person is under the goal of 90 %"), missed);
        assertEquals(List.of(), UptimeGoals.DOCUMENT_003.missed(calculator.calculate(List.of(), from, now), Duration.ofMillis(80)));
    }

    /** An outage starting {@code atMinute} minutes into the window, lasting {@code minutes}. */
    private Outage outage(long atMinute, long minutes, boolean personActed) {
        Instant start = from.plus(Duration.ofMinutes(atMinute));
        return new Outage(start, start.plus(Duration.ofMinutes(minutes)), personActed);
    }
}
