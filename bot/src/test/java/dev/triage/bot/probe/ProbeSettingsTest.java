package dev.triage.bot.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeSettingsTest {

    @Test
    void missingValuesTakeTheIssuesDefaults() {
        ProbeSettings s = ProbeSettings.defaults();
        assertEquals(List.of("http-health"), s.checks());
        assertEquals(Duration.ofSeconds(30), s.interval());
        assertNull(s.timeout());
        assertEquals(3, s.failuresBeforeDown());
        assertEquals(2, s.successesBeforeUp());
        assertEquals(Duration.ofSeconds(30), s.startJitter());
        assertEquals(Duration.ofMinutes(30), s.reminderInterval());
    }

    @Test
    void demoModeProbesEveryTwoSecondsWithJitterWithinThat() {
        ProbeSettings s = ProbeSettings.every(Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(2), s.startJitter());
    }

    @Test
    void aBadValueIsRefusedWithAMessageNamingIt() {
        assertMessage("failures before down must be at least 1: 0", () -> ProbeSettings.defaults().withThresholds(0, 2));
        assertMessage("successes before up must be at least 1: -1", () -> ProbeSettings.defaults().withThresholds(3, -1));
        assertMessage("probe interval must be at least 100 ms: 10 ms",
                () -> ProbeSettings.every(Duration.ofMillis(10)));
        assertMessage("probe timeout 60000 ms is longer than the interval 30000 ms: probes of one target would overlap",
                () -> ProbeSettings.defaults().withTimeout(Duration.ofMinutes(1)));
        assertMessage("start jitter must be between 0 and the interval 30000 ms: 45000 ms",
                () -> ProbeSettings.defaults().withStartJitter(Duration.ofSeconds(45)));
        assertMessage("reminder interval 10000 ms is shorter than the probe interval 30000 ms: that would remind on every probe",
                () -> ProbeSettings.defaults().withReminderInterval(Duration.ofSeconds(10)));
        assertMessage("probe checks cannot be empty: name at least one check id, e.g. http-health",
                () -> ProbeSettings.defaults().withChecks(List.of()));
    }

    @Test
    void proberSettingsRefuseAnInFlightBoundBelowOne() {
        assertMessage("max probes in flight must be at least 1: 0", () -> ProberSettings.defaults().withMaxInFlight(0));
        assertEquals(64, ProberSettings.defaults().maxInFlight());
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(expected, e.getMessage());
    }
}
