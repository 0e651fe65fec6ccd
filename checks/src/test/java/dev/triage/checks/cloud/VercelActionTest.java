package dev.triage.checks.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.cloud.FakeApi.Reply;
import dev.triage.checks.cloud.vercel.VercelApi;
import dev.triage.checks.cloud.vercel.VercelBackendUrlAction;
import dev.triage.config.CloudSettings;
import dev.triage.config.Secret;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code vercel-set-backend-url} against a stateful fake of Vercel's REST API on 127.0.0.1: the env endpoints keep
 * what they are given (encrypted in the list, as Vercel lists them), and a redeploy goes QUEUED → BUILDING → READY.
 */
class VercelActionTest {
    static final String TOKEN = "vcl_PLANTEDactionToken1234567";
    static final String BACKEND = "http://ec2-3-39-187-108.ap-northeast-2.compute.amazonaws.com:8000";
    static final ObjectMapper JSON = new ObjectMapper();

    FakeApi api;
    /** env id → {key, value, type, target}. */
    final Map<String, ObjectNode> envs = new ConcurrentHashMap<>();
    final AtomicInteger polls = new AtomicInteger();
    volatile String finalState = "READY";
    volatile boolean hasProduction = true;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    void env(String id, String value, String... targets) {
        ObjectNode e = JSON.createObjectNode().put("id", id).put("key", "BACKEND_BASE_URL").put("type", "encrypted").put("value", value);
        ArrayNode t = e.putArray("target");
        for (String x : targets) {
            t.add(x);
        }
        envs.put(id, e);
    }

    void serve() throws Exception {
        api = new FakeApi(c -> {
            if (!("Bearer " + TOKEN).equals(c.header("authorization"))) {
                return Reply.json(403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"Not authorized\"}}");
            }
            if (c.query() == null || !c.query().contains("teamId=team_1")) {
                return Reply.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"Project not found (no team)\"}}");
            }
            try {
                return answer(c);
            } catch (Exception e) {
                return Reply.json(500, "{\"error\":{\"message\":\"fake: " + e.getMessage() + "\"}}");
            }
        });
    }

    Reply answer(FakeApi.Call c) throws Exception {
        String p = c.path();
        if (c.method().equals("GET") && p.equals("/v9/projects/prj_front/env")) {
            ArrayNode list = JSON.createArrayNode();
            envs.values().forEach(e -> list.add(e.deepCopy().put("value", "ZW5jcnlwdGVk")));   // the list holds values encrypted
            return Reply.json(200, JSON.createObjectNode().set("envs", list).toString());
        }
        if (c.method().equals("GET") && p.startsWith("/v1/projects/prj_front/env/")) {
            ObjectNode e = envs.get(p.substring(p.lastIndexOf('/') + 1));
            return e == null ? Reply.json(404, "{}") : Reply.json(200, e.toString());
        }
        if (c.method().equals("PATCH") && p.startsWith("/v9/projects/prj_front/env/")) {
            ObjectNode e = envs.get(p.substring(p.lastIndexOf('/') + 1));
            JsonNode body = JSON.readTree(c.body());
            e.put("value", body.get("value").asText());
            e.set("target", body.get("target"));
            return Reply.json(200, e.toString());
        }
        if (c.method().equals("POST") && p.equals("/v10/projects/prj_front/env")) {
            if (!c.query().contains("upsert=true")) {
                return Reply.json(400, "{\"error\":{\"message\":\"exists\"}}");
            }
            ObjectNode body = (ObjectNode) JSON.readTree(c.body());
            envs.put("e-new", body.put("id", "e-new"));
            return Reply.json(201, JSON.createObjectNode().set("created", body).toString());
        }
        if (c.method().equals("GET") && p.equals("/v6/deployments")) {
            return Reply.json(200, hasProduction ? "{\"deployments\":[{\"uid\":\"dpl_old\",\"name\":\"front\",\"state\":\"READY\","
                    + "\"target\":\"production\"}],\"pagination\":{}}" : "{\"deployments\":[],\"pagination\":{}}");
        }
        if (c.method().equals("POST") && p.equals("/v13/deployments")) {
            return Reply.json(200, "{\"id\":\"dpl_new\",\"name\":\"front\",\"readyState\":\"QUEUED\"}");
        }
        if (c.method().equals("GET") && p.equals("/v13/deployments/dpl_new")) {
            String state = polls.incrementAndGet() < 3 ? "BUILDING" : finalState;
            return Reply.json(200, "{\"id\":\"dpl_new\",\"readyState\":\"" + state + "\"}");
        }
        return Reply.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route " + p + "\"}}");
    }

    CloudLookup lookup() {
        return CloudLookup.always(new CloudSettings(null, null,
                new CloudSettings.Vercel("prj_front", Secret.of(TOKEN, "targets[0].cloud.vercel.token"), "team_1", null, api.url())));
    }

    static Target target(String base) {
        return new Target("api", base == null ? null : URI.create(base), "127.0.0.1", 8000, null, Duration.ofSeconds(2), null, null, null,
                null, null, null);
    }

    ActionOutcome run(List<ActionStep> seen) {
        MovingClock clock = new MovingClock();
        VercelBackendUrlAction action = new VercelBackendUrlAction(new VercelApi(new RestApi()), lookup(),
                new Waiting(clock, clock.pacer(), Duration.ofMinutes(10), Duration.ofSeconds(10)));
        return action.run(target(BACKEND + "/"), seen::add);
    }

    @Test
    void setsTheVariableInEveryEnvironmentRedeploysFromTheLatestProductionAndWaitsForReady() throws Exception {
        env("e1", "https://ec2-3-39-187-108.ap-northeast-2.compute.amazonaws.com:8000", "production", "preview");
        serve();
        List<ActionStep> seen = new ArrayList<>();
        ActionOutcome out = run(seen);
        assertEquals(ActionOutcome.Result.DONE, out.result(), out::summary);
        assertEquals(List.of("set BACKEND_BASE_URL", "redeploy", "deployment ready", "vercel-env"), seen.stream().map(ActionStep::name).toList());
        assertEquals("BACKEND_BASE_URL = " + BACKEND + ": 1 entry updated, created for development", seen.get(0).detail());
        assertEquals(BACKEND, envs.get("e1").get("value").asText(), "the trailing slash of base_url is not part of the value");
        assertEquals(List.of("production", "preview"), List.of(envs.get("e1").get("target").get(0).asText(), envs.get("e1").get("target").get(1).asText()));
        ObjectNode created = envs.get("e-new");
        assertEquals(BACKEND, created.get("value").asText());
        assertEquals("[\"development\"]", created.get("target").toString());
        assertEquals("encrypted", created.get("type").asText());
        JsonNode redeploy = JSON.readTree(api.calls().stream().filter(c -> c.method().equals("POST") && c.path().equals("/v13/deployments"))
                .findFirst().orElseThrow().body());
        assertEquals("dpl_old", redeploy.get("deploymentId").asText());
        assertEquals("production", redeploy.get("target").asText());
        assertEquals(3, polls.get());
        assertEquals(Duration.ofSeconds(20), seen.get(2).took(), "polled every 10 s on the injected clock");
        assertTrue(out.summary().startsWith("BACKEND_BASE_URL points at " + BACKEND), out::summary);
        Outputs.assertNoSecret(Outputs.of(out), TOKEN);
    }

    @Test
    void thePlanShowsTheValueOnlyWhenItHoldsNoCredentials() throws Exception {
        serve();
        MovingClock clock = new MovingClock();
        VercelBackendUrlAction action = new VercelBackendUrlAction(new VercelApi(new RestApi()), lookup(),
                new Waiting(clock, clock.pacer(), Duration.ofMinutes(10), Duration.ofSeconds(10)));
        ActionPlan plain = action.plan(target(BACKEND));
        assertTrue(plain.command().contains("to " + BACKEND + " for Production, Preview and Development"), plain::command);
        ActionPlan withCredentials = action.plan(target("http://probe:PLANTEDbasicPw@ec2-3-39-187-108.example.com:8000"));
        Outputs.assertNoSecret(Outputs.of(withCredentials), "PLANTEDbasicPw");
        assertTrue(withCredentials.command().contains("holds credentials, not shown"), withCredentials::command);
        assertEquals("the target has no base_url to set BACKEND_BASE_URL to: set targets[].base_url",
                action.plan(target(null)).unavailableReason());
        assertEquals(List.of(), api.calls(), "a plan calls nothing");
    }

    @Test
    void aDeploymentThatErrorsFailsVerificationAndSaysWhereToLook() throws Exception {
        env("e1", BACKEND, "production", "preview", "development");
        finalState = "ERROR";
        serve();
        ActionOutcome out = run(new ArrayList<>());
        assertEquals(ActionOutcome.Result.VERIFY_FAILED, out.result());
        assertEquals("deployment dpl_new ERROR: read the deployment's build log in Vercel", out.summary());
    }

    @Test
    void withoutAProductionDeploymentTheVariableIsSetAndThePersonIsToldWhatIsLeft() throws Exception {
        hasProduction = false;
        serve();
        ActionOutcome out = run(new ArrayList<>());
        assertEquals(ActionOutcome.Result.COMMAND_FAILED, out.result());
        assertTrue(out.summary().startsWith("BACKEND_BASE_URL is set, but project prj_front has no production deployment to redeploy"),
                out::summary);
        assertEquals(BACKEND, envs.get("e-new").get("value").asText());
    }
}
