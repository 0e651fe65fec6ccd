package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.JOURNAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.parse.Fixtures;
import org.junit.jupiter.api.Test;

class JournalCheckTest {

    private static CheckResult run(HostScenario host) {
        return host.run(JournalCheck::new);
    }

    @Test
    void noJournalAtAllIsAnErrorNotAQuietLog() {
        // The real journalctl of a host without journald: exit 0, "-- No entries --" on stdout.
        CheckResult result = run(HostScenario.ec2().given(JOURNAL, 0, "-- No entries --\n", "No journal files were found.\n"));
        assertEquals(Status.ERROR, result.status(), result.summary());
        assertTrue(result.summary().startsWith("there is no systemd journal on "), result.summary());
    }

    @Test
    void cleanLogWithReadyMarkerIsOk() {
        CheckResult result = run(HostScenario.ec2().givenFixture(JOURNAL, "journal", "healthy-start"));
        assertEquals(Status.OK, result.status(), result.summary());
        assertEquals("seen", result.fact("readyMarker"));
        assertEquals("", result.fact("patterns"));
    }

    @Test
    void addressInUseIsFailWithTheBindErrorAsEvidence() {
        CheckResult result = run(HostScenario.ec2().givenFixture(JOURNAL, "journal", "address-in-use"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("EADDRINUSE", result.fact("patterns"));
        assertTrue(result.summary().contains("EADDRINUSE (the port is already taken by another process)"));
        assertTrue(result.evidence().get(0).contains("[Errno 98]"));
    }

    @Test
    void missingModuleCrashListsBothPatterns() {
        CheckResult result = run(HostScenario.ec2().givenFixture(JOURNAL, "journal", "module-not-found-traceback"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("Traceback,ModuleNotFoundError", result.fact("patterns"));
    }

    @Test
    void oldCrashFollowedByReadyMarkerIsOnlyWarn() {
        String log = Fixtures.read("journal", "address-in-use") + Fixtures.read("journal", "healthy-start");
        CheckResult result = run(HostScenario.ec2().given(JOURNAL, 0, log));
        assertEquals(Status.WARN, result.status());
        assertTrue(result.evidence().get(result.evidence().size() - 1).contains("API server is ready!"));
    }

    @Test
    void missingReadyMarkerIsWarn() {
        String log = Fixtures.read("journal", "healthy-start").replace("API server is ready!", "loading models");
        CheckResult result = run(HostScenario.ec2().given(JOURNAL, 0, log));
        assertEquals(Status.WARN, result.status());
        assertEquals("missing", result.fact("readyMarker"));
    }

    @Test
    void journalNotReadableByTheUserIsErrorWithTheFix() {
        CheckResult result = run(HostScenario.ec2().given(JOURNAL, 0, "-- No entries --\n",
                "Hint: You are currently not seeing messages from other users and the system.\n"
                        + "      Users in groups 'adm', 'systemd-journal' can see all messages.\n"));
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.summary().contains("systemd-journal group"), result.summary());
    }

    @Test
    void targetWithoutServiceIsSkipped() {
        CheckResult result = run(new HostScenario(HostScenario.target(HostScenario.ssh(), null)));
        assertEquals(Status.SKIPPED, result.status());
        assertTrue(result.summary().contains("add service"));
    }

    @Test
    void aComposeServicesLogsAreReadLikeTheJournal() {
        String logs = """
                backend-1  | INFO:     Started server process [1]
                backend-1  | ValueError: SUPABASE_SERVICE_KEY is not a valid key (got a placeholder)
                backend-1  | ERROR:    Application startup failed. Exiting.
                backend-1  | Error: connect ECONNREFUSED 172.18.0.2:5432
                """;
        var host = HostScenario.compose().given(dev.triage.checks.ssh.CommandTemplates.COMPOSE_LOGS, 0, logs);
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status(), result.summary());
        assertTrue(result.summary().startsWith("the logs of compose service backend shows ECONNREFUSED"), result.summary());
        assertEquals("cd '/opt/app' && if docker compose version >/dev/null 2>&1; then docker compose logs --no-color --tail '100'"
                + " 'backend'; else docker-compose logs --no-color --tail '100' 'backend'; fi", host.shell.commands().get(0));
    }
}
