package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./triage validate} on {@code remediate:} rules: what Triage would refuse to run unattended is refused at
 * once, with the place in the file, the target, and the actions it can run — never a stack trace.
 */
class RemediateValidateTest {
    @TempDir
    Path dir;

    private CliRun validate(String remediate, boolean withHost) throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nnot used here\n");
        Path known = Files.writeString(dir.resolve("known_hosts"), "127.0.0.1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample\n");
        String host = withHost ? """
                    ssh: {user: triage, key_file: %s, known_hosts: %s}
                    service: {kind: systemd, unit: api, port: 8000}
                """.formatted(key, known) : "";
        Path file = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: api
                    base_url: http://127.0.0.1:8000
                %s    remediate: %s
                """.formatted(host, remediate));
        return CliRun.of("", Map.of(), "validate", file.toString());
    }

    @Test
    void aRuleTheTargetCanRunPasses() throws Exception {
        CliRun run = validate("{action: restart-service, after: 2m, max_per_hour: 2, hold: 30s, escalate: [slack-group:S0ONCALL]}", true);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains(": OK — 1 target (api)"), run.out());
    }

    @Test
    void anActionTheTargetCantRunIsRefusedNamingTheTargetAndWhatItCanRun() throws Exception {
        CliRun run = validate("{action: restart-service, after: 2m}", false);
        assertEquals(2, run.exit(), run.out());
        assertTrue(run.err().contains("targets[0].remediate.action: target api can't run restart-service ("), run.err());
        assertTrue(run.err().contains("the actions it can run: none"), run.err());
        assertNoStackTrace(run);

        CliRun other = validate("{action: compose-restart}", true);
        assertEquals(2, other.exit(), other.out());
        assertTrue(other.err().contains("target api can't run compose-restart"), other.err());
        assertTrue(other.err().matches("(?s).*the actions it can run: [a-z-]*restart-service.*"), other.err());
        assertFalse(other.err().contains("the actions it can run: none"), other.err());
    }

    @Test
    void rebootHostIsNeverUnattended() throws Exception {
        CliRun run = validate("{action: reboot-host}", true);
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("targets[0].remediate.action: reboot-host is never run without a person"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void badValuesAreEachNamedByTheirPlace() throws Exception {
        CliRun run = validate("{action: restart-servce, after: soon, max_per_hour: 0, hold: 2h, escalate: [oncall], when: always}", true);
        assertEquals(2, run.exit());
        String err = run.err();
        assertTrue(err.contains("targets[0].remediate.action: unknown action (got restart-servce); did you mean restart-service?"), err);
        assertTrue(err.contains("targets[0].remediate.after: not a duration (got soon)"), err);
        assertTrue(err.contains("targets[0].remediate.max_per_hour: must be 1..1000 (got 0)"), err);
        assertTrue(err.contains("targets[0].remediate.hold: must be at most 30m"), err);
        assertTrue(err.contains("targets[0].remediate.escalate[0]: who to page is PLATFORM:ID as in roles:"), err);
        assertTrue(err.contains("targets[0].remediate.when: unknown key"), err);
        assertNoStackTrace(run);
    }

    @Test
    void aCapAboveTheStormGuardsIsRefused() throws Exception {
        CliRun run = validate("{action: restart-service, max_per_hour: 5}", true);
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("targets[0].remediate.max_per_hour: is above the storm guard's cap of 3 runs of restart-service"),
                run.err());
    }

    private static void assertNoStackTrace(CliRun run) {
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    }
}
