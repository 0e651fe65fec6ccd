package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnitFileParserTest {

    @Test
    void runbookUnitFileYieldsItsThreePathsAndRestartAlways() {
        UnitFile unit = UnitFileParser.parse(Fixtures.read("systemctl-cat", "complete"));
        assertTrue(unit.found());
        assertEquals(List.of("/etc/systemd/system/langchain-backend.service"), unit.sources());
        assertEquals(List.of(
                        new UnitPath("ExecStart", "/opt/langchain/venv/bin/python", false,
                                "ExecStart=/opt/langchain/venv/bin/python main.py"),
                        new UnitPath("WorkingDirectory", "/opt/langchain/app", false, "WorkingDirectory=/opt/langchain/app"),
                        new UnitPath("EnvironmentFile", "/opt/langchain/.env", false, "EnvironmentFile=/opt/langchain/.env")),
                unit.paths());
        assertTrue(unit.restartsOnFailure());
    }

    @Test
    void dashPrefixedEnvironmentFileIsOptionalAndMissingRestartDefaultsToNo() {
        UnitFile unit = UnitFileParser.parse(Fixtures.read("systemctl-cat", "no-restart-optional-env"));
        UnitPath env = unit.paths().get(2);
        assertEquals("/home/ubuntu/langchain/.env", env.path());
        assertTrue(env.optional());
        assertEquals("no", unit.restart());
        assertFalse(unit.restartsOnFailure());
    }

    @Test
    void dropInResetsExecStartAndOverridesRestart() {
        UnitFile unit = UnitFileParser.parse(Fixtures.read("systemctl-cat", "with-drop-in"));
        assertEquals(2, unit.sources().size());
        assertEquals(1, unit.execStart().size());
        assertEquals("/opt/langchain/venv/bin/uvicorn", unit.paths().get(0).path());
        assertEquals("on-failure", unit.restart());
    }

    @Test
    void unitWithoutFilesIsNotFound() {
        assertFalse(UnitFileParser.parse(Fixtures.read("systemctl-cat", "not-found")).found());
    }

    @Test
    void execStartPrefixesAndQuotedProgramsAreUnwrapped() {
        UnitFile unit = UnitFileParser.parse("""
                # /etc/systemd/system/x.service
                [Service]
                ExecStart=-"/opt/my app/bin/run" --flag
                ExecStart=!!/usr/bin/env python3 main.py
                ExecStart=uvicorn main:app
                """);
        assertEquals(List.of("/opt/my app/bin/run", "/usr/bin/env"), unit.paths().stream().map(UnitPath::path).toList());
    }
}
