package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.LiveConsole;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * {@code ./triage} with no config, as a newcomer runs it: {@code /demo flap} is an outage that ends by itself with
 * nobody acting; {@code /demo break} stays broken, so the demo's remediate: rule announces a restart with Hold, runs
 * it without a person and the incident resolves — all in the incident's thread.
 */
class DemoRemediationConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aFlapEndsByItselfAndABreakIsRestartedWithoutAPersonAfterAnAnnouncedHold() throws Exception {
        try (var console = new LiveConsole(Map.of("USER", "oncall"))) {
            console.await("demo has a remediate: rule: DOWN for 15 s", 0, WAIT);
            console.type("/demo flap");
            Matcher first = console.await("#(\\d+)  \\[FAIL\\] OPEN  demo is DOWN since", 0, WAIT);
            Matcher recovered = console.await("↳ thread #" + first.group(1) + "  \\[OK\\] RESOLVED  demo was down", first.end(), WAIT);
            String flap = console.screen().substring(first.start(), recovered.end());
            assertFalse(flap.contains("unless someone presses Hold"), "a flap shorter than the rule's 15 s needs no restart:\n" + flap);

            int from = console.screen().length();
            console.type("/demo break");
            Matcher root = console.await("#(\\d+)  \\[FAIL\\] OPEN  demo is DOWN since", from, WAIT);
            String thread = root.group(1);
            Matcher announced = console.await("#(\\d+) ↳ thread #" + thread
                    + "  \\[WARN\\] restart-service on demo in 10 s unless someone presses Hold", root.end(), WAIT);
            console.await("\\[Hold\\] /click hold:[0-9a-z]{17}", announced.end(), WAIT);
            console.await("#" + announced.group(1) + " ↳ thread #" + thread + " \\(edited\\)  \\[OK\\] restart-service on demo — done without a person",
                    announced.end(), WAIT);
            Matcher resolved = console.await("↳ thread #" + thread + "  \\[OK\\] RESOLVED  demo was down", announced.end(), WAIT);
            String rest = console.screen().substring(resolved.start());
            assertTrue(rest.contains("Fixed by: restart-service (run by Triage without a person, under demo's remediate: rule"), rest);
            assertEquals(0, console.finish());
        }
    }
}
