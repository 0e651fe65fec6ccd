package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.ENV_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.parse.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvCheckTest {

    private static final List<String> PLANTED = List.of("PLANTED", "sk-live", "eyJhbGci", "abcdefghijklmnop",
            "your-supabase", "paste your key", "5d2c8e41");

    private static CheckResult run(HostScenario host) {
        return host.run(EnvCheck::new);
    }

    private static void assertNoSecretIn(CheckResult result) {
        String everything = result.summary() + "\n" + String.join("\n", result.evidence()) + "\n" + result.facts();
        for (String secret : PLANTED) {
            assertFalse(everything.contains(secret), "leaked " + secret + " in: " + everything);
        }
    }

    @Test
    void completeEnvFileIsOkAndListsOnlyNames() {
        var host = HostScenario.ec2().givenFixture(ENV_FILE, "env-file", "complete");
        CheckResult result = run(host);
        assertEquals(Status.OK, result.status(), result.summary());
        assertEquals("sudo -n cat '/opt/langchain/.env'", host.shell.commands().get(0));
        assertTrue(result.evidence().get(0).contains("JWT_SECRET"));
        assertNoSecretIn(result);
    }

    @Test
    void placeholderEmptyAndMissingRequiredVariablesAreFailByNameOnly() {
        CheckResult result = run(HostScenario.ec2().givenFixture(ENV_FILE, "env-file", "placeholders-and-gaps"));
        assertEquals(Status.FAIL, result.status());
        assertEquals("variables in /opt/langchain/.env not set: empty JWT_SECRET; placeholder SUPABASE_URL, "
                + "SUPABASE_ANON_KEY, SUPABASE_SERVICE_KEY, OPENAI_API_KEY, STRIPE_KEY, SENTRY_DSN, REDIS_URL", result.summary());
        assertEquals("JWT_SECRET", result.fact("empty"));
        assertTrue(result.evidence().contains("placeholder values, not in service.required_env: OPENAI_API_KEY, STRIPE_KEY,"
                + " SENTRY_DSN, REDIS_URL"), result.evidence()::toString);
        assertTrue(result.evidence().contains("lines [12] are not KEY=value assignments"));
        assertNoSecretIn(result);
    }

    @Test
    void requiredVariableAbsentFromTheFileIsMissing() {
        var host = HostScenario.compose().given(ENV_FILE, 0, "PORT=8000\n");
        CheckResult result = run(host);
        assertEquals(Status.FAIL, result.status());
        assertEquals("JWT_SECRET", result.fact("missing"));
        assertEquals("sudo -n cat '/opt/app/.env'", host.shell.commands().get(0));
    }

    @Test
    void aPlaceholderIsFlaggedWhetherOrNotTheVariableIsRequired() {
        String content = Fixtures.read("env-file", "complete") + "SENTRY_DSN=changeme\n";
        CheckResult result = run(HostScenario.ec2().given(ENV_FILE, 0, content));
        assertEquals(Status.FAIL, result.status(), "003's cause 1 was a placeholder nobody listed as required");
        assertEquals("variables in /opt/langchain/.env still hold placeholder values: placeholder SENTRY_DSN", result.summary());
        assertEquals("SENTRY_DSN", result.fact("otherPlaceholders"));
        assertEquals("placeholder SENTRY_DSN", result.fact("problem"));
        assertNoSecretIn(result);
    }

    @Test
    void missingEnvFileIsFail() {
        CheckResult result = run(HostScenario.ec2().given(ENV_FILE, 1, "", Fixtures.read("env-file", "missing-file")));
        assertEquals(Status.FAIL, result.status());
        assertEquals("missing", result.fact("envFile"));
    }

    @Test
    void sudoRefusalIsErrorAndShowsNoContent() {
        CheckResult result = run(HostScenario.ec2().given(ENV_FILE, 1, Fixtures.read("env-file", "complete"),
                "sudo: a password is required\n"));
        assertEquals(Status.ERROR, result.status());
        assertNoSecretIn(result);
    }

    @Test
    void unexpectedFailureNeverEchoesTheFileContent() {
        CheckResult result = run(HostScenario.ec2().given(ENV_FILE, 2, Fixtures.read("env-file", "complete"), ""));
        assertEquals(Status.ERROR, result.status());
        assertNoSecretIn(result);
    }

    @Test
    void serviceWithoutEnvFileIsSkipped() {
        var service = new dev.triage.config.Service("systemd", "api", 8000, true, null, List.of("X"), null, null, null,
                false, 0, java.util.Map.of());
        CheckResult result = run(new HostScenario(HostScenario.target(HostScenario.ssh(), service)));
        assertEquals(Status.SKIPPED, result.status());
        assertTrue(result.summary().contains("service.env_file"));
    }
}
