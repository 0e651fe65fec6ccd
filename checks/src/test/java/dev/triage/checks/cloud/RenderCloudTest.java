package dev.triage.checks.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.cloud.FakeApi.Reply;
import dev.triage.checks.cloud.render.RenderApi;
import dev.triage.checks.cloud.render.RenderDeployAction;
import dev.triage.checks.cloud.render.RenderServiceCheck;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.CloudSettings;
import dev.triage.config.Secret;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RenderCloudTest {
    static final String KEY = "rnd_PLANTEDsecretKey0123456789";
    static final String SERVICE = "{\"id\":\"srv-abc123\",\"name\":\"chat-api\",\"suspended\":\"%s\",\"type\":\"web_service\","
            + "\"serviceDetails\":{\"url\":\"https://chat-api.onrender.com\"}}";
    static final String DEPLOYS = "[{\"deploy\":{\"id\":\"dep-1\",\"status\":\"%s\",\"commit\":{\"id\":\"0a1b2c3d4e5f6a7b\",\"message\":\"fix\"},"
            + "\"createdAt\":\"2026-01-05T02:00:00Z\",\"finishedAt\":\"2026-01-05T02:03:00Z\"},\"cursor\":\"c1\"}]";
    static final String ENV = "[{\"envVar\":{\"key\":\"DATABASE_URL\",\"value\":\"postgres://user:pw@db/x\"},\"cursor\":\"a\"},"
            + "{\"envVar\":{\"key\":\"OPENAI_API_KEY\",\"value\":\"sk-live-value\"},\"cursor\":\"b\"}]";

    FakeApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    CloudSettings settings(List<String> required) {
        return new CloudSettings(null, new CloudSettings.Render("srv-abc123", Secret.of(KEY, "targets[0].cloud.render.api_key"),
                required, URI.create(api.url() + "/v1")), null);
    }

    static Target target(URI base) {
        return new Target("chat", base, null, null, null, Duration.ofSeconds(2), null, null, null, null, null, null);
    }

    CheckResult check(String suspended, String deployStatus, List<String> required) throws Exception {
        api = new FakeApi(c -> {
            if (!("Bearer " + KEY).equals(c.header("authorization"))) {
                return Reply.json(401, "{\"message\":\"unauthorized\"}");
            }
            return switch (c.path()) {
                case "/v1/services/srv-abc123" -> Reply.json(200, SERVICE.formatted(suspended));
                case "/v1/services/srv-abc123/deploys" -> Reply.json(200, DEPLOYS.formatted(deployStatus));
                case "/v1/services/srv-abc123/env-vars" -> Reply.json(200, ENV);
                default -> Reply.json(404, "{\"message\":\"not found\"}");
            };
        });
        return new RenderServiceCheck(new RenderApi(new RestApi()), CloudLookup.always(settings(required))).run(target(null));
    }

    @Test
    void runningServiceWithLiveDeployAndItsEnvVarsIsOk() throws Exception {
        CheckResult r = check("not_suspended", "live", List.of("DATABASE_URL", "OPENAI_API_KEY"));
        assertEquals(Status.OK, r.status(), r::summary);
        assertTrue(r.evidence().contains("latest deploy dep-1: live (commit 0a1b2c3d4e)"), r.evidence()::toString);
        Outputs.assertNoSecret(Outputs.of(r), KEY);
        Outputs.assertNoSecret(Outputs.of(r), "sk-live-value");
        Outputs.assertNoSecret(Outputs.of(r), "postgres://");
    }

    @Test
    void suspendedServiceFails() throws Exception {
        CheckResult r = check("suspended", "live", List.of());
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().contains("chat-api is suspended"), r::summary);
        assertEquals("suspended", r.fact("cause"));
    }

    @Test
    void failedLatestDeployFailsNamingIt() throws Exception {
        CheckResult r = check("not_suspended", "build_failed", List.of());
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().contains("latest deploy build failed"), r::summary);
    }

    @Test
    void missingRequiredEnvVarIsNamedButNoValueIsShown() throws Exception {
        CheckResult r = check("not_suspended", "live", List.of("DATABASE_URL", "SUPABASE_SERVICE_KEY"));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().contains("lacks env var SUPABASE_SERVICE_KEY"), r::summary);
        Outputs.assertNoSecret(Outputs.of(r), "postgres://");
    }

    @Test
    void renderApiFailuresAreErrorsThatSayWhatToFixWithoutTheKey() throws Exception {
        for (int code : new int[] {401, 403, 429}) {
            api = new FakeApi(c -> Reply.json(code, "{\"message\":\"refused key " + KEY + "\"}").withHeader("Retry-After", "30"));
            CheckResult r = new RenderServiceCheck(new RenderApi(new RestApi()), CloudLookup.always(settings(List.of())))
                    .run(target(null));
            api.close();
            api = null;
            assertEquals(Status.ERROR, r.status(), r::summary);
            Outputs.assertNoSecret(Outputs.of(r), KEY);
            String expected = switch (code) {
                case 401 -> "expired, revoked or wrong";
                case 403 -> "permission denied";
                default -> "throttling requests (HTTP 429, retry after 30 s)";
            };
            assertTrue(r.summary().contains(expected), r::summary);
        }
    }

    @Test
    void notConfiguredIsSkippedNamingTheSetting() {
        CheckResult r = new RenderServiceCheck(new RenderApi(new RestApi()), t -> java.util.Optional.empty()).run(target(null));
        assertEquals(Status.SKIPPED, r.status());
        assertTrue(r.summary().contains("cloud.render.service_id"));
    }

    @Test
    void deployIsVerifiedLiveThenHealthy() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        api = new FakeApi(c -> {
            if (c.path().equals("/health")) {
                return Reply.json(200, "{\"status\":\"ok\",\"version\":\"1.4.2\"}");
            }
            if (!("Bearer " + KEY).equals(c.header("authorization"))) {
                return Reply.json(401, "{\"message\":\"unauthorized\"}");
            }
            if (c.method().equals("POST") && c.path().equals("/v1/services/srv-abc123/deploys")) {
                return Reply.json(201, "{\"id\":\"dep-2\",\"status\":\"created\"}");
            }
            if (c.path().equals("/v1/services/srv-abc123/deploys/dep-2")) {
                String status = polls.incrementAndGet() < 3 ? "build_in_progress" : "live";
                return Reply.json(200, "{\"id\":\"dep-2\",\"status\":\"" + status + "\"}");
            }
            return Reply.json(404, "{}");
        });
        MovingClock clock = new MovingClock();
        Waiting settle = new Waiting(clock, clock.pacer(), Duration.ofMinutes(10), Duration.ofSeconds(10));
        HealthVerification health = new HealthVerification(new HttpHealthCheck(new HttpProber()),
                new Waiting(clock, clock.pacer(), Duration.ofMinutes(2), Duration.ofSeconds(5)));
        RenderDeployAction action = RenderDeployAction.deploy(new RenderApi(new RestApi()), CloudLookup.always(settings(List.of())),
                settle, health);
        List<ActionStep> seen = new ArrayList<>();
        ActionOutcome out = action.run(target(api.url()), seen::add);
        assertEquals(ActionOutcome.Result.DONE, out.result(), out::summary);
        assertEquals(3, polls.get());
        assertEquals(List.of("deploy", "deploy live", "http-health"), seen.stream().map(ActionStep::name).toList());
        assertEquals(Duration.ofSeconds(20), seen.get(1).took());
        Outputs.assertNoSecret(Outputs.of(out), KEY);
        Outputs.assertNoSecret(Outputs.of(action.plan(target(api.url()))), KEY);
    }

    @Test
    void failedDeployStopsWaitingAndFailsVerification() throws Exception {
        api = new FakeApi(c -> c.method().equals("POST") ? Reply.json(201, "{\"id\":\"dep-3\",\"status\":\"created\"}")
                : Reply.json(200, "{\"id\":\"dep-3\",\"status\":\"update_failed\"}"));
        MovingClock clock = new MovingClock();
        Waiting settle = new Waiting(clock, clock.pacer(), Duration.ofMinutes(10), Duration.ofSeconds(10));
        HealthVerification health = new HealthVerification(new HttpHealthCheck(new HttpProber()), settle);
        ActionOutcome out = RenderDeployAction.deploy(new RenderApi(new RestApi()), CloudLookup.always(settings(List.of())), settle, health)
                .run(target(api.url()), s -> { });
        assertEquals(ActionOutcome.Result.VERIFY_FAILED, out.result());
        assertTrue(out.summary().contains("update_failed"), out::summary);
    }

    @Test
    void restartSuspendsThenResumesAndWaitsForTheServiceToRun() throws Exception {
        List<String> posts = new java.util.concurrent.CopyOnWriteArrayList<>();
        api = new FakeApi(c -> {
            if (c.method().equals("POST")) {
                posts.add(c.path());
                return Reply.json(202, "");
            }
            if (c.path().equals("/health")) {
                return Reply.json(200, "{\"status\":\"ok\"}");
            }
            return Reply.json(200, SERVICE.formatted("not_suspended"));
        });
        MovingClock clock = new MovingClock();
        Waiting w = new Waiting(clock, clock.pacer(), Duration.ofMinutes(1), Duration.ofSeconds(5));
        ActionOutcome out = RenderDeployAction.restart(new RenderApi(new RestApi()), CloudLookup.always(settings(List.of())), w,
                new HealthVerification(new HttpHealthCheck(new HttpProber()), w)).run(target(api.url()), s -> { });
        assertEquals(ActionOutcome.Result.DONE, out.result(), out::summary);
        assertEquals(List.of("/v1/services/srv-abc123/suspend", "/v1/services/srv-abc123/resume"), posts);
    }
}
