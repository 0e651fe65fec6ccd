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
import dev.triage.checks.cloud.render.RenderLogsCheck;
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
            + "\"ownerId\":\"tea-owner42\",\"serviceDetails\":{\"url\":\"https://chat-api.onrender.com\"}}";
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

    // ---- env var values: judged for placeholders, never shown -----------------------------------------

    static final String PLACEHOLDER_ENV = "[{\"envVar\":{\"key\":\"DATABASE_URL\",\"value\":\"<your_database_url>\"},\"cursor\":\"a\"},"
            + "{\"envVar\":{\"key\":\"GOOGLE_API_KEY\",\"value\":\"AIzaPLANTEDrealKey0123456789\"},\"cursor\":\"b\"},"
            + "{\"envVar\":{\"key\":\"FRONTEND_URL\",\"value\":\"your-frontend-url\"},\"cursor\":\"c\"}]";

    CheckResult checkWithEnv(String envJson, List<String> required, dev.triage.config.SecretSink sink) throws Exception {
        api = new FakeApi(c -> switch (c.path()) {
            case "/v1/services/srv-abc123" -> Reply.json(200, SERVICE.formatted("not_suspended"));
            case "/v1/services/srv-abc123/deploys" -> Reply.json(200, DEPLOYS.formatted("live"));
            case "/v1/services/srv-abc123/env-vars" -> Reply.json(200, envJson);
            default -> Reply.json(404, "{\"message\":\"not found\"}");
        });
        return new RenderServiceCheck(new RenderApi(new RestApi()), CloudLookup.always(settings(required)), sink)
                .run(target(null));
    }

    @Test
    void aRequiredEnvVarLeftAPlaceholderFailsByNameWithoutItsValue() throws Exception {
        List<String> told = new ArrayList<>();
        CheckResult r = checkWithEnv(PLACEHOLDER_ENV, List.of("DATABASE_URL", "GOOGLE_API_KEY"), told::add);
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("env-placeholder", r.fact("cause"));
        assertEquals("DATABASE_URL,FRONTEND_URL", r.fact("env.unfilled"));
        assertTrue(r.summary().contains("env vars DATABASE_URL is a placeholder (<…>), FRONTEND_URL is a placeholder (your-…)"), r::summary);
        assertTrue(r.evidence().contains("FRONTEND_URL: a placeholder (your-…) (not in cloud.render.required_env)"), r.evidence()::toString);
        String shown = Outputs.of(r);
        for (String value : List.of("<your_database_url>", "AIzaPLANTEDrealKey0123456789", "your-frontend-url")) {
            Outputs.assertNoSecret(shown, value);
        }
        assertTrue(told.contains("AIzaPLANTEDrealKey0123456789"), "the redaction filter learns the secret-looking values: " + told.size());
    }

    @Test
    void aPlaceholderFailsEvenInAVariableNotRequiredButAnEmptyOneNotRequiredDoesNot() throws Exception {
        String env = "[{\"envVar\":{\"key\":\"SUPABASE_SERVICE_KEY\",\"value\":\"your-supabase-service-role-key\"}},"
                + "{\"envVar\":{\"key\":\"SENTRY_DSN\",\"value\":\"\"}}]";
        CheckResult r = checkWithEnv(env, List.of(), v -> { });
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("env-placeholder", r.fact("cause"), "document 003's key was listed nowhere as required");
        assertEquals("SUPABASE_SERVICE_KEY", r.fact("env.unfilled"));
        assertTrue(r.summary().contains("env var SUPABASE_SERVICE_KEY is a placeholder (your-…)"), r::summary);
        Outputs.assertNoSecret(Outputs.of(r), "your-supabase-service-role-key");
        api.close();
        CheckResult empty = checkWithEnv("[{\"envVar\":{\"key\":\"SENTRY_DSN\",\"value\":\"\"}}]", List.of("SENTRY_DSN"), v -> { });
        assertEquals("env-placeholder", empty.fact("cause"), "a required variable must hold something");
        assertTrue(empty.summary().contains("SENTRY_DSN is empty"), empty::summary);
    }

    // ---- the service's log, through GET /v1/logs -------------------------------------------------------

    /** Render's logs API answer: newest first, as direction=backward gives it. */
    static String logs(String... newestFirst) {
        StringBuilder s = new StringBuilder("{\"hasMore\":false,\"nextStartTime\":null,\"nextEndTime\":null,\"logs\":[");
        for (int i = 0; i < newestFirst.length; i++) {
            String ts = java.time.Instant.parse("2026-01-05T02:10:00Z").minusSeconds(i).toString();
            s.append(i == 0 ? "" : ",").append("{\"id\":\"log-").append(i).append("\",\"timestamp\":\"").append(ts)
                    .append("\",\"labels\":[{\"name\":\"resource\",\"value\":\"srv-abc123\"},{\"name\":\"type\",\"value\":\"app\"}],")
                    .append("\"message\":").append(new com.fasterxml.jackson.databind.node.TextNode(newestFirst[i]).toString()).append('}');
        }
        return s.append("]}").toString();
    }

    CheckResult logCheck(String logsJson, CloudSettings settings) throws Exception {
        api = new FakeApi(c -> {
            if (!("Bearer " + KEY).equals(c.header("authorization"))) {
                return Reply.json(401, "{\"message\":\"unauthorized\"}");
            }
            return switch (c.path()) {
                case "/v1/services/srv-abc123" -> Reply.json(200, SERVICE.formatted("not_suspended"));
                case "/v1/logs" -> Reply.json(200, logsJson);
                default -> Reply.json(404, "{\"message\":\"not found\"}");
            };
        });
        return new RenderLogsCheck(new RenderApi(new RestApi()), CloudLookup.always(settings == null ? settings(List.of()) : settings))
                .run(target(null));
    }

    @Test
    void aRefusedDatabaseInTheLogFailsWithTheLinesAsEvidenceAskedByOwnerAndResource() throws Exception {
        CheckResult r = logCheck(logs("Error: connect ECONNREFUSED 10.0.12.5:5432", "Connecting to the database…",
                "Server starting (NODE_ENV=production)"), null);
        assertEquals(Status.FAIL, r.status(), r::summary);
        assertEquals("ECONNREFUSED", r.fact("patterns"));
        assertTrue(r.summary().startsWith("Render service chat-api's log shows ECONNREFUSED"), r::summary);
        assertEquals(List.of("Error: connect ECONNREFUSED 10.0.12.5:5432"), r.evidence());
        FakeApi.Call logsCall = api.calls().stream().filter(c -> c.path().equals("/v1/logs")).findFirst().orElseThrow();
        assertEquals(java.util.Set.of("ownerId=tea-owner42", "resource=srv-abc123", "type=app", "direction=backward", "limit=100"),
                java.util.Set.of(logsCall.query().split("&")));
        Outputs.assertNoSecret(Outputs.of(r), KEY);
    }

    @Test
    void outOfMemoryAndAPortInUseAreNamedByTheJournalsPatterns() throws Exception {
        CheckResult oom = logCheck(logs("<--- JS stacktrace --->", "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
                "Server listening on port 10000"), null);
        assertEquals(Status.FAIL, oom.status(), oom::summary);
        assertEquals("OOM", oom.fact("patterns"));
        api.close();
        CheckResult port = logCheck(logs("Error: listen EADDRINUSE: address already in use :::10000"), null);
        assertEquals("EADDRINUSE", port.fact("patterns"));
    }

    @Test
    void theLogIsReadOldestFirstSoAServiceThatRecoveredIsOnlyAWarning() throws Exception {
        // newest first, as the API answers: it listened after the earlier refusal
        CheckResult recovered = logCheckAt(logs("Server listening on port 10000", "Error: connect ECONNREFUSED 10.0.12.5:5432"),
                "Server listening on port");
        assertEquals(Status.WARN, recovered.status(), recovered::summary);
        assertTrue(recovered.summary().endsWith("but the service reported ready after them"), recovered::summary);
    }

    CheckResult logCheckAt(String json, String marker) throws Exception {
        api = new FakeApi(c -> switch (c.path()) {
            case "/v1/services/srv-abc123" -> Reply.json(200, SERVICE.formatted("not_suspended"));
            case "/v1/logs" -> Reply.json(200, json);
            default -> Reply.json(404, "{}");
        });
        CloudSettings s = new CloudSettings(null, new CloudSettings.Render("srv-abc123", Secret.of(KEY, "k"), List.of(),
                URI.create(api.url() + "/v1"), marker, null), null);
        return new RenderLogsCheck(new RenderApi(new RestApi()), CloudLookup.always(s)).run(target(null));
    }

    @Test
    void aMissingListeningMarkerIsAWarningNamingIt() throws Exception {
        CheckResult r = logCheckAt(logs("Connected to the database", "Server starting"), "Server listening on port");
        assertEquals(Status.WARN, r.status(), r::summary);
        assertEquals("missing", r.fact("readyMarker"));
        assertTrue(r.summary().contains("the ready marker \"Server listening on port\" is not in the last 2 lines"), r::summary);
    }

    @Test
    void aServiceWithoutAnOwnerInTheAnswerIsAnErrorNotAGuess() throws Exception {
        api = new FakeApi(c -> c.path().equals("/v1/services/srv-abc123")
                ? Reply.json(200, "{\"id\":\"srv-abc123\",\"name\":\"chat-api\",\"suspended\":\"not_suspended\"}")
                : Reply.json(200, logs("fine")));
        CheckResult r = new RenderLogsCheck(new RenderApi(new RestApi()), CloudLookup.always(settings(List.of())))
                .run(target(null));
        assertEquals(Status.ERROR, r.status());
        assertTrue(r.summary().contains("named no owner (workspace)"), r::summary);
        assertTrue(api.calls().stream().noneMatch(c -> c.path().equals("/v1/logs")), "no logs request without an owner");
    }

    // ---- render-restart: suspend, wait, resume ---------------------------------------------------------

    @Test
    void restartWaitsTheConfiguredTimeBetweenSuspendAndResumeOnTheInjectedClock() throws Exception {
        MovingClock clock = new MovingClock();
        List<String> posts = new java.util.concurrent.CopyOnWriteArrayList<>();
        api = new FakeApi(c -> {
            if (c.method().equals("POST")) {
                posts.add(c.path() + " at " + clock.instant());
                return Reply.json(202, "");
            }
            return c.path().equals("/health") ? Reply.json(200, "{\"status\":\"ok\"}") : Reply.json(200, SERVICE.formatted("not_suspended"));
        });
        CloudSettings s = new CloudSettings(null, new CloudSettings.Render("srv-abc123", Secret.of(KEY, "k"), List.of(),
                URI.create(api.url() + "/v1"), null, Duration.ofSeconds(45)), null);
        Waiting w = new Waiting(clock, clock.pacer(), Duration.ofMinutes(1), Duration.ofSeconds(5));
        RenderDeployAction restart = RenderDeployAction.restart(new RenderApi(new RestApi()), CloudLookup.always(s), w,
                new HealthVerification(new HttpHealthCheck(new HttpProber()), w));
        long before = System.nanoTime();
        ActionOutcome out = restart.run(target(api.url()), x -> { });
        assertTrue(Duration.ofNanos(System.nanoTime() - before).toSeconds() < 10, "the wait moved the clock, it didn't sleep");
        assertEquals(ActionOutcome.Result.DONE, out.result(), out::summary);
        assertEquals(List.of("/v1/services/srv-abc123/suspend at 2026-01-05T03:00:00Z", "/v1/services/srv-abc123/resume at 2026-01-05T03:00:45Z"),
                posts);
        assertEquals(List.of("suspend", "wait", "resume", "service running", "http-health"), out.steps().stream().map(ActionStep::name).toList());
        assertEquals("waited 45 s while suspended", out.steps().get(1).detail());
        assertTrue(restart.plan(target(api.url())).command().contains("/suspend, wait 45 s, then POST"), restart.plan(target(api.url()))::command);
    }

    @Test
    void aResumeThatFailsSaysTheServiceIsLeftSuspendedAndWhatToDo() throws Exception {
        api = new FakeApi(c -> c.path().endsWith("/resume") ? Reply.json(503, "{\"message\":\"try later\"}") : Reply.json(202, ""));
        MovingClock clock = new MovingClock();
        Waiting w = new Waiting(clock, clock.pacer(), Duration.ofMinutes(1), Duration.ofSeconds(5));
        ActionOutcome out = RenderDeployAction.restart(new RenderApi(new RestApi()), CloudLookup.always(settings(List.of())), w,
                new HealthVerification(new HttpHealthCheck(new HttpProber()), w)).run(target(api.url()), x -> { });
        assertEquals(ActionOutcome.Result.COMMAND_FAILED, out.result());
        assertTrue(out.summary().contains("the service stays suspended: resume it in the Render dashboard, or ask for render-restart again"),
                out::summary);
        Outputs.assertNoSecret(Outputs.of(out), KEY);
    }

    @Test
    void aWaitThatIsInterruptedStillResumesTheService() throws Exception {
        List<String> posts = new java.util.concurrent.CopyOnWriteArrayList<>();
        api = new FakeApi(c -> {
            posts.add(c.method() + " " + c.path());
            return Reply.json(202, "");
        });
        MovingClock clock = new MovingClock();
        dev.triage.time.Sleeper interrupting = d -> {
            throw new InterruptedException("bot stopping");
        };
        Waiting w = new Waiting(clock, interrupting, Duration.ofMinutes(1), Duration.ofSeconds(5));
        ActionOutcome out = RenderDeployAction.restart(new RenderApi(new RestApi()), CloudLookup.always(settings(List.of())), w,
                new HealthVerification(new HttpHealthCheck(new HttpProber()), w)).run(target(api.url()), x -> { });
        assertTrue(Thread.interrupted(), "the interrupt is handed on");
        assertEquals(ActionOutcome.Result.INTERRUPTED, out.result(), out::summary);
        assertEquals(List.of("POST /v1/services/srv-abc123/suspend", "POST /v1/services/srv-abc123/resume"), posts);
    }
}
