package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.LiveConsole;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The whole incident story in the demo, as a newcomer sees it in the terminal: the backend stops, the
 * prober opens an incident with its diagnosis in the thread, a restart is requested and approved by a
 * second person, the backend recovers and the incident resolves with its length — all in one thread.
 */
class IncidentStoryConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aStoppedBackendOpensAnIncidentThatARestartResolvesInOneThread() throws Exception {
        try (var console = new LiveConsole(Map.of("USER", "oncall"))) {
            console.await("Triage probes demo every 2 s", 0, WAIT);
            console.type("/demo stop");
            Matcher root = console.await("#(\\d+)  \\[FAIL\\] OPEN  demo is DOWN since \\d\\d:\\d\\d UTC \\(3 failed probes\\)\\s+incident #(\\d+)",
                    0, WAIT);
            String thread = root.group(1);
            String number = root.group(2);
            console.await("↳ thread #" + thread + "  \\[FAIL\\] demo — likely cause: nothing accepts connections", root.end(), WAIT);

            console.type("/backend restart demo");
            console.type("/click approve");
            console.await("You asked for this restart-service, so someone else", root.end(), WAIT);
            console.type("/as lead");
            console.type("/click approve");
            Matcher resolved = console.await("↳ thread #" + thread + "  \\[OK\\] RESOLVED  demo was down (\\d+) s", root.end(), WAIT);
            console.await("#" + thread + " \\(edited\\)  \\[OK\\] RESOLVED  demo was down", resolved.end(), WAIT);
            assertTrue(console.screen().contains("Fixed by: restart-service (requested by @oncall, approved by @lead)"), console.screen());

            int before = console.screen().length();
            console.type("/backend incident " + number);
            Matcher timeline = console.await("Incident #" + number + " — demo · RESOLVED", before, WAIT);
            String rest = console.screen().substring(timeline.start());
            for (String kind : new String[] {"probe", "diagnosis", "request", "approval", "action", "resolved"}) {
                assertTrue(rest.matches("(?s).*\\d\\d:\\d\\d " + kind + " .*"), kind + " missing from the timeline:\n" + rest);
            }
            assertEquals(0, console.finish());
        }
    }
}
