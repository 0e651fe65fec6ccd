package dev.triage.checks.cloud.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The judgement of a task's start against the load balancer's checks and ECS's grace period, case by case. */
class StartupTimingTest {
    static final Instant T0 = Instant.parse("2026-01-05T02:55:00Z");
    static final Instant NOW = T0.plusSeconds(300);
    static final String ELB = "Task failed ELB health checks in (target-group chat-tg)";

    static TargetGroupHealth check(int interval, int healthy, int unhealthy) {
        return new TargetGroupHealth("arn", "chat-tg", "HTTP", "/health", true, interval, 5, healthy, unhealthy);
    }

    /**
     * @param ready   seconds to the ready line, or -1 for none
     * @param stopped seconds to the stop, or -1 while it runs
     */
    static StartupTiming.TaskStart task(int ready, int stopped, boolean byElb, boolean marker, String setup) {
        return new StartupTiming.TaskStart("t1", "chat-api:7", T0, ready < 0 ? null : T0.plusSeconds(ready),
                stopped < 0 ? null : T0.plusSeconds(stopped), byElb ? ELB : stopped < 0 ? null : "Essential container in task exited",
                byElb, setup, true, marker);
    }

    @ParameterizedTest(name = "grace {0}, ready {1}, stopped {2}, by ELB {3}, marker {4}, setup {5} → {6}")
    @CsvSource(delimiter = '|', textBlock = """
            60  | 95  | 130 | true  | true  |          | SLOWER_THAN_GRACE  | started in 95 s     | 390
            300 | 95  | -1  | false | true  |          | WITHIN_GRACE       | started in 95 s     | 390
            60  | 40  | 100 | true  | true  |          | SLOWER_THAN_GRACE  | started in 40 s     | 300
            60  | 12  | -1  | false | true  |          | WITHIN_GRACE       | started in 12 s     | 270
            60  | 8   | 75  | true  | true  |          | HEALTH_CHECK_FAILS | started in 8 s      | 240
            60  | -1  | 62  | true  | true  |          | SLOWER_THAN_GRACE  | not ready after 62 s | 450
            60  | -1  | 62  | true  | false | an unzip | SLOWER_THAN_GRACE  | not ready after 62 s | 450
            60  | -1  | 62  | true  | false |          | UNKNOWN            | not ready after 62 s | 450
            60  | -1  | 20  | false | true  |          | UNKNOWN            | not ready after 20 s | 360
            600 | -1  | -1  | false | true  |          | STARTING           | not ready after 300 s | 900
            60  | -1  | -1  | false | true  |          | SLOWER_THAN_GRACE  | not ready after 300 s | 900
            60  | -1  | -1  | false | false |          | UNKNOWN            | not ready after 300 s | 900
            """)
    void eachStartIsJudged(int grace, int ready, int stopped, boolean byElb, boolean marker, String setup, StartupTiming.Kind kind,
                           String measured, int suggested) {
        StartupTiming t = StartupTiming.judge(grace, List.of(check(30, 5, 2)), task(ready, stopped, byElb, marker, setup), NOW);
        assertEquals(kind, t.kind());
        assertEquals(measured, t.measured());
        assertEquals(suggested, t.suggestedGrace());
    }

    @Test
    void aStartBeforeTheLoadBalancerGivesUpNeedsNoGracePeriod() {
        // 50 s to ready; unhealthy only after 3 × 30 s: never unhealthy, so 0 s of grace is enough
        StartupTiming t = StartupTiming.judge(0, List.of(check(30, 5, 3)), task(50, -1, false, true, null), NOW);
        assertEquals(StartupTiming.Kind.WITHIN_GRACE, t.kind());
    }

    @Test
    void theTargetGroupSlowestToCallATargetHealthyDecides() {
        StartupTiming t = StartupTiming.judge(60, List.of(check(10, 2, 2), check(30, 10, 2)), task(95, 130, true, true, null), NOW);
        assertEquals(395, t.healthyAt().toSeconds());
        assertEquals("healthy after 10 checks 30 s apart: ~395 s", t.healthyText());
    }

    @Test
    void aTaskWithoutAReadyLineForFifteenMinutesIsStuckNotSlow() {
        StartupTiming.TaskStart running = new StartupTiming.TaskStart("t1", "chat-api:7", NOW.minusSeconds(3600), null, null, null,
                false, "pip install", true, true);
        StartupTiming t = StartupTiming.judge(60, List.of(check(30, 5, 2)), running, NOW);
        assertEquals(StartupTiming.Kind.STUCK, t.kind());
        assertEquals("not ready after 60 min 0 s", t.measured());
    }

    @Test
    void noTaskOrNoHealthCheckIsUnknown() {
        assertEquals(StartupTiming.Kind.UNKNOWN, StartupTiming.judge(60, List.of(check(30, 5, 2)), null, NOW).kind());
        TargetGroupHealth off = new TargetGroupHealth("arn", "chat-tg", "HTTP", "/health", false, 30, 5, 5, 2);
        StartupTiming t = StartupTiming.judge(60, List.of(off), task(95, 130, true, true, null), NOW);
        assertEquals(StartupTiming.Kind.UNKNOWN, t.kind());
        assertTrue(t.measured().contains("not measured"));
    }
}
