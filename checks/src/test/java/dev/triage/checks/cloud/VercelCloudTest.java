package dev.triage.checks.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.cloud.FakeApi.Reply;
import dev.triage.checks.cloud.vercel.VercelApi;
import dev.triage.checks.cloud.vercel.VercelEnvCheck;
import dev.triage.config.CloudSettings;
import dev.triage.config.Secret;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VercelCloudTest {
    static final String TOKEN = "vcl_PLANTEDtoken9876543210";
    static final String BACKEND = "http://ec2-3-39-187-108.ap-northeast-2.compute.amazonaws.com:8000";

    FakeApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    CheckResult run(String envsJson, String decrypted, URI backend) throws Exception {
        api = new FakeApi(c -> {
            if (!("Bearer " + TOKEN).equals(c.header("authorization"))) {
                return Reply.json(403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"Not authorized\"}}");
            }
            if (c.path().equals("/v9/projects/prj_front/env")) {
                return Reply.json(200, envsJson);
            }
            if (c.path().startsWith("/v1/projects/prj_front/env/")) {
                return Reply.json(200, "{\"id\":\"e1\",\"key\":\"BACKEND_BASE_URL\",\"type\":\"encrypted\",\"value\":\"" + decrypted + "\"}");
            }
            return Reply.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"Project not found\"}}");
        });
        CloudSettings s = new CloudSettings(null, null,
                new CloudSettings.Vercel("prj_front", Secret.of(TOKEN, "targets[0].cloud.vercel.token"), "team_1", null, api.url()));
        Target t = new Target("api", backend, null, null, null, Duration.ofSeconds(2), null, null, null, null, null, null);
        return new VercelEnvCheck(new VercelApi(new RestApi()), CloudLookup.always(s)).run(t);
    }

    static String envs(String targets, String value) {
        return "{\"envs\":[{\"id\":\"e1\",\"key\":\"BACKEND_BASE_URL\",\"type\":\"encrypted\",\"value\":\"" + value + "\",\"target\":" + targets
                + "},{\"id\":\"e2\",\"key\":\"OTHER\",\"type\":\"plain\",\"value\":\"x\",\"target\":[\"production\"]}]}";
    }

    @Test
    void variableInEveryEnvironmentPointingAtTheBackendIsOkAndShownAsAUrlWithoutCredentials() throws Exception {
        CheckResult r = run(envs("[\"production\",\"preview\",\"development\"]", "ZW5jcnlwdGVk"), BACKEND, URI.create(BACKEND));
        assertEquals(Status.OK, r.status(), r::summary);
        assertEquals("BACKEND_BASE_URL in production, preview, development: " + BACKEND, r.evidence().get(0));
        assertTrue(r.summary().endsWith("and points at the backend"), r::summary);
        Outputs.assertNoSecret(Outputs.of(r), "ZW5jcnlwdGVk");
        Outputs.assertNoSecret(Outputs.of(r), TOKEN);
        Outputs.assertNoSecret(Outputs.of(r), "\"x\"");
    }

    @Test
    void variableMissingInPreviewFailsNamingTheEnvironment() throws Exception {
        CheckResult r = run(envs("[\"production\",\"development\"]", "x"), BACKEND, URI.create(BACKEND));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().contains("BACKEND_BASE_URL is not set for Preview"), r::summary);
    }

    @Test
    void httpsWhereTheBackendSpeaksPlainHttpFails() throws Exception {
        CheckResult r = run(envs("[\"production\",\"preview\",\"development\"]", "ZW5j"),
                "https://ec2-3-39-187-108.ap-northeast-2.compute.amazonaws.com:8000", URI.create(BACKEND));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().contains("uses https:// for Production, Preview, Development but the backend speaks plain http"), r::summary);
        assertEquals("https-for-http", r.fact("cause"));
        assertEquals("https://ec2-3-39-187-108.ap-northeast-2.compute.amazonaws.com:8000", r.fact("value"), "a URL without credentials may be shown");
    }

    @Test
    void aRejectedTokenIsAnErrorNamingTheScopeNotTheToken() throws Exception {
        api = new FakeApi(c -> Reply.json(403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"token " + TOKEN + " lacks scope\"}}"));
        CloudSettings s = new CloudSettings(null, null,
                new CloudSettings.Vercel("prj_front", Secret.of(TOKEN, "targets[0].cloud.vercel.token"), null, null, api.url()));
        CheckResult r = new VercelEnvCheck(new VercelApi(new RestApi()), CloudLookup.always(s)).run(Target.http("api", URI.create(BACKEND)));
        assertEquals(Status.ERROR, r.status());
        assertTrue(r.summary().contains("scope must include the team"), r::summary);
        Outputs.assertNoSecret(Outputs.of(r), TOKEN);
    }

    @Test
    void aValuePointingAtAnotherHostOrPortFailsNamingBoth() throws Exception {
        CheckResult r = run(envs("[\"production\",\"preview\",\"development\"]", "ZW5j"), "http://old-backend.example.com:8000",
                URI.create(BACKEND));
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("other-address", r.fact("cause"));
        assertEquals("BACKEND_BASE_URL points at http://old-backend.example.com:8000 for Production, Preview, Development, not at the backend "
                + BACKEND, r.fact("problem"));
        api.close();
        CheckResult port = run(envs("[\"production\",\"preview\",\"development\"]", "ZW5j"),
                "http://ec2-3-39-187-108.ap-northeast-2.compute.amazonaws.com:8080", URI.create(BACKEND));
        assertEquals("other-address", port.fact("cause"), port::summary);
    }

    @Test
    void theBackendsAddressWrittenAsItsIpIsTheSameBackend() throws Exception {
        CheckResult r = run(envs("[\"production\",\"preview\",\"development\"]", "ZW5j"), "http://127.0.0.1:8000",
                URI.create("http://localhost:8000"));
        assertEquals(Status.OK, r.status(), r::summary);
    }

    @Test
    void aValueThatIsNotAUrlOrHoldsCredentialsIsNeverShown() throws Exception {
        CheckResult notUrl = run(envs("[\"production\",\"preview\",\"development\"]", "ZW5j"), "PLANTED-not-set", URI.create(BACKEND));
        assertEquals(Status.FAIL, notUrl.status());
        assertEquals("not-a-url", notUrl.fact("cause"));
        assertTrue(notUrl.summary().contains("BACKEND_BASE_URL is not an http(s) URL for Production, Preview, Development (its value is not shown)"),
                notUrl::summary);
        Outputs.assertNoSecret(Outputs.of(notUrl), "PLANTED-not-set");
        api.close();
        CheckResult creds = run(envs("[\"production\",\"preview\",\"development\"]", "ZW5j"), "http://admin:PLANTEDpw@old-host:8000",
                URI.create(BACKEND));
        assertEquals("other-address", creds.fact("cause"));
        assertEquals(null, creds.fact("value"));
        Outputs.assertNoSecret(Outputs.of(creds), "PLANTEDpw");
        Outputs.assertNoSecret(Outputs.of(creds), "admin");
        assertTrue(creds.fact("problem").contains("points at http://… (holds credentials, not shown)"), creds.fact("problem"));
    }

    @Test
    void aSensitiveValueIsNotReadNorJudged() throws Exception {
        String sensitive = "{\"envs\":[{\"id\":\"e1\",\"key\":\"BACKEND_BASE_URL\",\"type\":\"sensitive\",\"value\":\"\","
                + "\"target\":[\"production\",\"preview\",\"development\"]}]}";
        CheckResult r = run(sensitive, "http://never-read:1", URI.create(BACKEND));
        assertEquals(Status.OK, r.status(), r::summary);
        assertEquals("BACKEND_BASE_URL in production, preview, development: value not readable (sensitive)", r.evidence().get(0));
        assertTrue(api.calls().stream().noneMatch(c -> c.path().startsWith("/v1/projects/")), "a sensitive value is not asked for");
    }
}
