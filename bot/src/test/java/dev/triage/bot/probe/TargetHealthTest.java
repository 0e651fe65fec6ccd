package dev.triage.bot.probe;

import static dev.triage.bot.probe.Events.none;
import static dev.triage.bot.probe.Events.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.probe.ProbeEvent.Reminder;
import dev.triage.bot.probe.ProbeEvent.WentDown;
import dev.triage.bot.probe.ProbeEvent.WentUp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetHealthTest {
    private static final Duration EVERY = Duration.ofSeconds(30);
    private final Instant start = Instant.parse("2025-03-04T03:00:00Z");
    private final TargetHealth health = new TargetHealth("prod", ProbeSettings.defaults());
    private Instant at = start;

    @Test
    void threeConsecutiveFailuresMakeTheTargetDownExactlyOnce() {
        up();
        Instant firstFailure = at;
        none(fail());
        none(fail());

        WentDown down = only(WentDown.class, fail());
        assertEquals(firstFailure, down.since());
        assertEquals(3, down.failures());
        assertEquals(firstFailure, down.firstFailure().at());
        assertEquals("http-health → 502 Bad Gateway", down.firstFailure().headline());
        assertFalse(down.silenced());
        assertTrue(down.pages());
        none(times(20, false));
        assertEquals(HealthState.DOWN, health.view().state());
        assertEquals(firstFailure, health.view().since());
    }

    @Test
    void aSuccessAmongFailuresResetsTheCountSoFailFailOkFailFailIsNotDown() {
        up();
        List<ProbeEvent> events = new ArrayList<>();
        events.addAll(fail());
        events.addAll(fail());
        events.addAll(ok());
        events.addAll(fail());
        events.addAll(fail());

        none(events);
        assertEquals(HealthState.UP, health.view().state());
        assertEquals(2, health.view().consecutiveFailures());
    }

    @Test
    void aSingleFailureWhileUpDoesNotFlap() {
        up();
        none(fail());
        none(ok());
        assertEquals(HealthState.UP, health.view().state());
    }

    @Test
    void twoSuccessesBringItBackUpWithTheOutageFromFirstFailureToFirstSuccess() {
        up();
        Instant down = at;
        times(6, false);
        Instant firstGood = at;
        none(ok());

        WentUp up = only(WentUp.class, ok());
        assertEquals(down, up.downSince());
        assertEquals(firstGood, up.upSince());
        assertEquals(Duration.ofMinutes(3), up.outage());
        assertEquals(2, up.successes());
        assertTrue(up.pages());
        assertEquals(HealthState.UP, health.view().state());
        none(times(5, true));
    }

    @Test
    void aSingleSuccessWhileDownDoesNotRecover() {
        up();
        times(3, false);
        none(ok());
        none(fail());
        none(ok());
        assertEquals(HealthState.DOWN, health.view().state());
    }

    @Test
    void whileDownAReminderComesOncePerReminderIntervalNeverOnEveryProbe() {
        up();
        times(2, false);
        Instant wentDownAt = at;
        only(WentDown.class, fail());

        List<ProbeEvent> events = times(190, false); // 95 minutes of failed probes, one every 30 s
        List<Reminder> reminders = Events.ofType(Reminder.class, events);
        assertEquals(events.size(), reminders.size(), "only reminders: " + events);
        assertEquals(List.of(wentDownAt.plus(Duration.ofMinutes(30)), wentDownAt.plus(Duration.ofMinutes(60)),
                wentDownAt.plus(Duration.ofMinutes(90))), reminders.stream().map(Reminder::at).toList());
        assertEquals(List.of(1, 2, 3), reminders.stream().map(Reminder::number).toList());
        assertEquals(wentDownAt.minus(EVERY.multipliedBy(2)), reminders.get(0).since());
        assertEquals(3 + 60, reminders.get(0).failures());
        assertEquals(Duration.ofMinutes(31), reminders.get(0).downFor());
    }

    @Test
    void aReminderIsDueOnAGoodProbeThatDoesNotYetEndTheOutage() {
        up();
        times(2, false);
        Instant wentDownAt = at;
        only(WentDown.class, fail());
        at = wentDownAt.plus(Duration.ofMinutes(30));

        only(Reminder.class, ok());
        only(WentUp.class, ok());
    }

    @Test
    void aTargetFailingFromTheStartGoesDownAndPagesBecauseNobodyKnowsYet() {
        assertEquals(HealthState.UNKNOWN, health.view().state());
        none(fail());
        none(fail());
        WentDown down = only(WentDown.class, fail());
        assertEquals(start, down.since());
        assertTrue(down.pages());
    }

    @Test
    void aTargetHealthyFromTheStartBecomesUpQuietly() {
        none(ok());
        assertEquals(HealthState.UNKNOWN, health.view().state());
        none(ok());
        assertEquals(HealthState.UP, health.view().state());
        assertEquals(start, health.view().since());
    }

    @Test
    void disagreeingProbesAtTheStartLeaveTheStateUnknown() {
        List<ProbeEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.addAll(fail());
            events.addAll(ok());
        }
        none(events);
        assertEquals(HealthState.UNKNOWN, health.view().state());
        assertNull(health.view().since());
    }

    @Test
    void anOutageUnderASilenceIsTrackedButDoesNotPage() {
        up();
        health.silence(at.plus(Duration.ofMinutes(30)), "deploying");
        times(2, false);

        WentDown down = only(WentDown.class, fail());
        assertTrue(down.silenced());
        assertFalse(down.pages());
        assertEquals(HealthState.DOWN, health.view().state());
        assertEquals("deploying", health.view().silence().reason());
    }

    @Test
    void anOutageStillDownWhenItsSilenceEndsPagesThen() {
        up();
        Instant until = at.plus(Duration.ofMinutes(10));
        health.silence(until, "deploying");
        Instant down = at;
        assertFalse(only(WentDown.class, times(3, false)).pages());
        none(times(17, false));
        assertEquals(until, at);

        WentDown paged = only(WentDown.class, fail());
        assertTrue(paged.afterSilence());
        assertTrue(paged.pages());
        assertEquals(until, paged.at());
        assertEquals(down, paged.since());
        assertEquals(down, paged.firstFailure().at());
        assertEquals(21, paged.failures());
        none(times(10, false));
    }

    @Test
    void anOutageThatEndsUnderItsSilenceNeverPages() {
        up();
        health.silence(at.plus(Duration.ofMinutes(10)), "restart-service");
        times(3, false);

        assertFalse(only(WentUp.class, times(2, true)).pages());
        at = at.plus(Duration.ofMinutes(20));
        none(times(5, true));
        none(health.tick(at));
    }

    @Test
    void unsilencingPagesAHeldAlertAtOnce() {
        up();
        health.silence(at.plus(Duration.ofHours(1)), null);
        times(3, false);
        Instant now = at;

        WentDown paged = only(WentDown.class, health.unsilence(now));
        assertTrue(paged.afterSilence());
        assertEquals(now, paged.at());
        none(health.unsilence(now));
        assertNull(health.view().silence());
    }

    @Test
    void theEndOfASilenceIsNoticedWithoutAProbe() {
        up();
        Instant until = at.plus(Duration.ofMinutes(5));
        health.silence(until, "maintenance");
        times(3, false);

        none(health.tick(until.minusSeconds(1)));
        assertTrue(only(WentDown.class, health.tick(until)).pages());
    }

    @Test
    void anOutageAlreadyPagedGetsNoRemindersWhileSilencedAndNoSecondPageAfter() {
        up();
        times(3, false);
        Instant until = at.plus(Duration.ofHours(2));
        health.silence(until, "known, fixing");

        none(times(240, false));
        assertEquals(until, at);
        only(Reminder.class, fail());
        none(times(59, false));
    }

    @Test
    void aTargetResumedDownDoesNotPageAgainAndMeasuresItsOutageFromBeforeTheRestart() {
        Instant downSince = start.minus(Duration.ofMinutes(4));
        TargetHealth resumed = TargetHealth.resumingDown("prod", ProbeSettings.defaults(), downSince, downSince);
        List<ProbeEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.addAll(resumed.observe(ProbeResult.failed("prod", start.plusSeconds(i * 30L), Duration.ZERO,
                    "http-health", "GET → 502", List.of())));
        }
        none(events);
        none(resumed.observe(ProbeResult.ok("prod", start.plusSeconds(90), Duration.ZERO, "200")));

        WentUp up = only(WentUp.class, resumed.observe(ProbeResult.ok("prod", start.plusSeconds(120), Duration.ZERO, "200")));
        assertEquals(Duration.ofMinutes(4).plusSeconds(90), up.outage());
        assertTrue(up.pages());
    }

    @Test
    void customThresholdsAreHonoured() {
        TargetHealth strict = new TargetHealth("prod", ProbeSettings.defaults().withThresholds(1, 5));
        only(WentDown.class, strict.observe(ProbeResult.failed("prod", start, Duration.ZERO, "http-health", "x", List.of())));
        for (int i = 1; i <= 4; i++) {
            none(strict.observe(ProbeResult.ok("prod", start.plusSeconds(i), Duration.ZERO, "ok")));
        }
        only(WentUp.class, strict.observe(ProbeResult.ok("prod", start.plusSeconds(5), Duration.ZERO, "ok")));
    }

    private List<ProbeEvent> ok() {
        return probe(true);
    }

    private List<ProbeEvent> fail() {
        return probe(false);
    }

    private List<ProbeEvent> probe(boolean ok) {
        ProbeResult r = ok ? ProbeResult.ok("prod", at, Duration.ofMillis(40), "GET http://prod/health → 200 OK")
                : ProbeResult.failed("prod", at, Duration.ofMillis(388), "http-health",
                "GET http://prod/health → 502 Bad Gateway", List.of("HTTP 502 Bad Gateway in 388 ms"));
        List<ProbeEvent> events = health.observe(r);
        at = at.plus(EVERY);
        return events;
    }

    private List<ProbeEvent> times(int n, boolean ok) {
        List<ProbeEvent> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.addAll(probe(ok));
        }
        return all;
    }

    private void up() {
        times(2, true);
        assertEquals(HealthState.UP, health.view().state());
    }
}
