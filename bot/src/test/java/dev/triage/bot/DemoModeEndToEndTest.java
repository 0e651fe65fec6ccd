package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo a newcomer runs, driven through the real console adapter and the real demo backend. */
class DemoModeEndToEndTest {

    /** Splits the console output into the blocks printed for each message (#N …). */
    private static List<String> messages(String out) {
        return Pattern.compile("(?m)^(?=#\\d+ |\\(only )").splitAsStream(out).skip(1).toList();
    }

    @Test
    void statusFollowsTheBackendThroughBreakStopAndMend() {
        CliRun run = CliRun.of("""
                /backend status demo
                /demo break
                /backend status demo
                /demo stop
                /backend status demo
                /demo mend
                /backend status demo
                """, Map.of("USER", "oncall"));
        assertEquals(0, run.exit(), run.err());
        List<String> m = messages(run.out());
        assertEquals(7, m.size(), run.out());

        assertTrue(m.get(0).contains("[OK] demo — UP (all 3 checks OK)"), m.get(0));
        assertTrue(m.get(0).contains("OK      http-health"), m.get(0));
        assertTrue(m.get(0).contains("version 1.4.2"), m.get(0));

        assertTrue(m.get(2).contains("[FAIL] demo — DOWN (1 of 3 checks fail)"), m.get(2));
        assertTrue(m.get(2).matches("(?s).*FAIL +http-health +GET http://127\\.0\\.0\\.1:\\d+/health → 503 Service Unavailable.*"), m.get(2));
        assertTrue(m.get(2).matches("(?s).*OK +tcp-connect.*"), m.get(2));

        assertTrue(m.get(4).contains("[FAIL] demo — DOWN (3 of 3 checks fail)"), m.get(4));
        assertTrue(m.get(4).matches("(?s).*FAIL +tcp-connect +127\\.0\\.0\\.1:\\d+ → connection refused.*"), m.get(4));

        assertTrue(m.get(6).contains("[OK] demo — UP (all 3 checks OK)"), m.get(6));
    }

    @Test
    void aRestartNeedsASecondPersonAndMendsTheBackend() {
        CliRun run = CliRun.of("""
                /demo break
                /backend restart demo
                /click approve
                /as guest
                /click approve
                /as lead
                /click approve
                /click approve
                /backend status demo
                /backend audit demo
                """, Map.of("USER", "oncall"));
        assertEquals(0, run.exit(), run.err());
        String out = run.out();
        assertTrue(out.contains("restart-service on demo (127.0.0.1) — requested"), out);
        assertTrue(out.contains("You asked for this restart-service, so someone else with role operator has to approve it."), out);
        assertTrue(out.contains("Approving restart-service on demo needs the role operator, and @guest doesn't have it"), out);
        assertTrue(out.matches("(?s).*restart-service on demo \\(127\\.0\\.0\\.1\\) — approved by @lead \\d\\d:\\d\\d UTC · done.*"), out);
        assertTrue(out.contains("Already approved by @lead"), out);
        assertTrue(out.contains("↳ thread #"), "action steps go into the card's thread: " + out);
        int statusAt = out.lastIndexOf("demo — ");
        assertTrue(out.substring(statusAt).startsWith("demo — UP"), out.substring(statusAt));
        assertTrue(out.contains("outcome  @lead restart-service"), out);
    }

    @Test
    void aSlowBackendIsAWarningNotAnOutage() {
        CliRun run = CliRun.of("/demo slow\n/backend status demo\n", Map.of());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("[WARN] demo — DEGRADED"), run.out());
        assertTrue(run.out().matches("(?s).*WARN +http-health .* but slow: \\d+ ms \\(threshold 1000 ms\\).*"), run.out());
    }

    @Test
    void statusWithoutTargetGivesOneLinePerTargetAndButtonsCanBeClicked() {
        CliRun run = CliRun.of("/backend status\n/click status:demo\n", Map.of());
        assertTrue(run.out().contains("1 target — all UP"), run.out());
        assertTrue(run.out().matches("(?s).*OK +demo +UP · \\d+ ms.*"), run.out());
        assertTrue(run.out().contains("[OK] demo — UP (all 3 checks OK)"), run.out());
    }

    @Test
    void mistakesGetAUsageReplyNamingTheClosestMatch() {
        CliRun run = CliRun.of("/backend stauts\n/backend status dmeo\n/backnd help\n/click nonsense:1\n/backend status a b\nhello\n", Map.of());
        assertEquals(0, run.exit());
        String out = run.out();
        assertTrue(out.contains("Unknown command /backend stauts — did you mean /backend status?"), out);
        assertTrue(out.contains("No target named \"dmeo\" — did you mean demo? Targets: demo."), out);
        assertTrue(out.contains("Triage doesn't know /backnd — did you mean /backend?"), out);
        assertTrue(out.contains("That button (nonsense:1) isn't one Triage knows"), out);
        assertTrue(out.contains("/backend status takes one target at most (got a b)"), out);
        assertTrue(out.contains("Commands start with /. Try /backend help"), out);
        assertTrue(!out.contains("Exception") && !out.contains("\tat "), out);
    }

    @Test
    void helpListsTheCommands() {
        CliRun run = CliRun.of("/backend help\n/demo help\n", Map.of());
        assertTrue(run.out().contains("/backend status [TARGET]"), run.out());
        assertTrue(run.out().contains("/backend targets"), run.out());
        assertTrue(run.out().contains("/demo break"), run.out());
        assertTrue(run.out().contains("/demo mend"), run.out());
    }
    @Test
    void uptimeOfTheDemoPrintsTheFiguresBesideTheGoalsAndWhereItsChartIs() throws Exception {
        CliRun run = CliRun.of("/backend uptime demo\n/backend uptime demo 90d\n", Map.of("USER", "oncall"));
        assertEquals(0, run.exit(), run.err());
        String out = run.out();
        assertTrue(out.contains("demo — last 7d: 100.000 % up · 0 incidents · goals met"), out);
        assertTrue(out.matches("(?s).*Uptime +100\\.000 % +· +goal 99\\.9 % +· +met.*"), out);
        assertTrue(out.contains("Response time p95") && out.contains("no probe figures"), "no minute stored yet: " + out);
        assertTrue(out.contains("Time to recover (median)") && out.contains("no recoveries"), out);
        java.util.regex.Matcher chart = Pattern.compile("chart: (\\S+uptime-demo-7d-\\d{8}T\\d{4}Z\\.png)").matcher(out);
        assertTrue(chart.find(), out);
        java.nio.file.Path file = java.nio.file.Path.of(chart.group(1));
        try {
            assertEquals(0x89, java.nio.file.Files.readAllBytes(file)[0] & 0xff, "a PNG at the printed path");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        assertTrue(out.contains("\"90d\" isn't a window Triage can show: write 7d or 30d"), out);
        assertTrue(!out.contains("Exception") && !out.contains("\tat "), out);
    }
}
