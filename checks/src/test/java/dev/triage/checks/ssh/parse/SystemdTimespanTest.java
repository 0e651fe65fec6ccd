package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SystemdTimespanTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "12s              | PT12S",
            "1min 30s         | PT1M30S",
            "2h 3min          | PT2H3M",
            "1 day 2h         | PT26H",
            "3 weeks 2 days   | PT552H",
            "500ms            | PT0.5S",
            "90s              | PT1M30S",
            "5min 1.500000s   | PT5M1.5S",
    })
    void readsSpansAsSystemdPrintsThem(String text, String iso) {
        assertEquals(Optional.of(Duration.parse(iso)), SystemdTimespan.parse(text));
    }

    @Test
    void infinityAndWhatIsNoSpanAreEmpty() {
        assertEquals(Optional.empty(), SystemdTimespan.parse("infinity"));
        assertEquals(Optional.empty(), SystemdTimespan.parse("n/a"));
        assertEquals(Optional.empty(), SystemdTimespan.parse("12s and change"));
        assertEquals(Optional.empty(), SystemdTimespan.parse(""));
    }

    @Test
    void readsTheAgoOfAnActiveLineAndTheStartTimeoutOfShow() {
        assertEquals(Optional.of(Duration.ofSeconds(7380)), SystemdTimespan.agoOf(
                "Active: active (running) since Mon 2024-03-04 09:12:41 UTC; 2h 3min ago"));
        assertEquals(Optional.empty(), SystemdTimespan.agoOf("Active: inactive (dead)"));
        assertEquals(Optional.of(Duration.ofSeconds(90)), SystemdTimespan.startTimeoutOf("TimeoutStartUSec=1min 30s\n"));
        assertEquals(Optional.empty(), SystemdTimespan.startTimeoutOf("TimeoutStartUSec=infinity\n"));
        assertEquals("1min 30s", SystemdTimespan.format(Duration.ofSeconds(90)));
        assertEquals("12s", SystemdTimespan.format(Duration.ofSeconds(12)));
        assertEquals("2h 3min", SystemdTimespan.format(Duration.ofSeconds(7380)));
    }
}
