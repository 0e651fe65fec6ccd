package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SystemctlStatusParserTest {

    @Test
    void activeRunningUnitReportsMainPidAndSince() {
        UnitStatus status = SystemctlStatusParser.parse(Fixtures.read("systemctl-status", "active-running"));
        assertTrue(status.isRunning());
        assertEquals("langchain-backend.service", status.unit());
        assertEquals("LangChain FastAPI Backend", status.description());
        assertEquals(12345, status.mainPid());
        assertEquals("Mon 2024-03-04 09:12:41 UTC", status.since());
        assertNull(status.lastExit());
        assertNull(status.restarts());
    }

    @Test
    void autoRestartingUnitIsNotRunningAndShowsItsExitAndRestartCounter() {
        UnitStatus status = SystemctlStatusParser.parse(Fixtures.read("systemctl-status", "activating-auto-restart"));
        assertFalse(status.isRunning());
        assertEquals("activating", status.activeState());
        assertEquals("auto-restart", status.subState());
        assertEquals("exit-code", status.result());
        assertEquals("code=exited, status=1/FAILURE", status.lastExit());
        assertEquals(3, status.restarts());
    }

    @Test
    void failedUnitWithCrossBulletShowsResultAndRestarts() {
        UnitStatus status = SystemctlStatusParser.parse(Fixtures.read("systemctl-status", "failed-exit-code"));
        assertEquals("failed", status.activeState());
        assertEquals("exit-code", status.result());
        assertEquals("failed (Result: exit-code)", status.state());
        assertEquals(5, status.restarts());
        assertEquals("code=exited, status=1/FAILURE", status.lastExit());
    }

    @Test
    void inactiveDeadUnitShowsHowItsProcessEnded() {
        UnitStatus status = SystemctlStatusParser.parse(Fixtures.read("systemctl-status", "inactive-dead"));
        assertEquals("inactive", status.activeState());
        assertEquals("dead", status.subState());
        assertEquals("code=killed, signal=TERM", status.lastExit());
    }

    @Test
    void oldSystemdLayoutWithNarrowIndentIsRead() {
        UnitStatus status = SystemctlStatusParser.parse(Fixtures.read("systemctl-status", "failed-oom-kill-systemd245"));
        assertEquals("failed", status.activeState());
        assertEquals("oom-kill", status.result());
        assertEquals(8812, status.mainPid());
        assertEquals("loaded", status.loadState());
    }

    @Test
    void unknownUnitIsNotFound() {
        UnitStatus status = SystemctlStatusParser.parse(Fixtures.read("systemctl-status", "unit-not-found"));
        assertFalse(status.found());
    }

    @Test
    void isActivePrintsTheStateWord() {
        assertEquals("active", SystemctlStatusParser.parseIsActive(Fixtures.read("systemctl-is-active", "active")));
        assertEquals("failed", SystemctlStatusParser.parseIsActive(Fixtures.read("systemctl-is-active", "failed")));
        assertEquals("activating", SystemctlStatusParser.parseIsActive(Fixtures.read("systemctl-is-active", "activating")));
        assertEquals("inactive", SystemctlStatusParser.parseIsActive(Fixtures.read("systemctl-is-active", "inactive")));
        assertEquals("unknown", SystemctlStatusParser.parseIsActive(""));
    }
}
