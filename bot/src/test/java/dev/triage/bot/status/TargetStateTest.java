package dev.triage.bot.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** UP, DEGRADED, DOWN: the outside view decides up or down; what the host shows makes it degraded. */
class TargetStateTest {
    private static CheckResult r(String id, Status status) {
        return new CheckResult(id, status, id + " " + status, List.of(), Duration.ZERO, Map.of());
    }

    @Test
    void answeringFromOutsideWithAFailingEnvIsDegradedNotDown() {
        assertEquals(TargetState.DEGRADED, TargetState.of(List.of(r("http-health", Status.OK), r("env", Status.FAIL))));
    }

    @Test
    void anOutsideFailureIsDownWhateverTheHostSays() {
        assertEquals(TargetState.DOWN, TargetState.of(List.of(r("http-health", Status.FAIL), r("systemd-unit", Status.OK))));
    }

    @Test
    void aClosedServicePortBehindNginxDoesNotMakeAnAnsweringTargetDown() {
        assertEquals(TargetState.DEGRADED, TargetState.of(List.of(r("http-health", Status.OK), r("tcp-connect", Status.FAIL))));
        assertEquals(TargetState.DOWN, TargetState.of(List.of(r("tcp-connect", Status.FAIL), r("http-health", Status.SKIPPED))),
                "without an HTTP check, the connect decides");
    }

    @Test
    void aHostCheckThatCouldNotLookFindsNothing() {
        assertEquals(TargetState.UP, TargetState.of(List.of(r("http-health", Status.OK), r("systemd-unit", Status.ERROR))));
        assertEquals(TargetState.UNKNOWN, TargetState.of(List.of(r("http-health", Status.ERROR), r("env", Status.OK))));
    }

    @Test
    void withNoOutsideCheckTheHostDecides() {
        assertEquals(TargetState.DOWN, TargetState.of(List.of(r("systemd-unit", Status.FAIL))));
        assertEquals(TargetState.UP, TargetState.of(List.of(r("systemd-unit", Status.OK))));
        assertEquals(TargetState.UNKNOWN, TargetState.of(List.of(r("systemd-unit", Status.SKIPPED))));
    }
}
