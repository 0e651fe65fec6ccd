package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.checks.cloud.FakeApi;
import dev.triage.checks.cloud.FakeApi.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Render target from the command line: the config's cloud block reaches the checks and the runbook. */
class CloudCliTest {
    static final String KEY = "rnd_PLANTEDcliKey0123456789";

    @TempDir
    Path dir;
    FakeApi render;

    @BeforeEach
    void start() throws Exception {
        render = new FakeApi(c -> {
            if (!("Bearer " + KEY).equals(c.header("authorization"))) {
                return Reply.json(401, "{\"message\":\"unauthorized\"}");
            }
            return switch (c.path()) {
                case "/v1/services/srv-abc123" -> Reply.json(200, "{\"id\":\"srv-abc123\",\"name\":\"chat-api\",\"suspended\":\"suspended\"}");
                case "/v1/services/srv-abc123/deploys" -> Reply.json(200, "[{\"deploy\":{\"id\":\"dep-1\",\"status\":\"deactivated\"}}]");
                case "/v1/services/srv-abc123/env-vars" -> Reply.json(200, "[{\"envVar\":{\"key\":\"DATABASE_URL\",\"value\":\"postgres://db/app\"}}]");
                default -> Reply.json(404, "{}");
            };
        });
    }

    @AfterEach
    void stop() {
        render.close();
    }

    Path config() throws Exception {
        return Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: render-api
                    base_url: http://127.0.0.1:9
                    timeout: 2s
                    runbook: render
                    checks: [render-service]
                    cloud:
                      render: {service_id: srv-abc123, api_key: "${RENDER_API_KEY}", base_url: "%s/v1"}
                """.formatted(render.url()));
    }

    @Test
    void checkReadsTheRenderServiceThroughTheConfiguredApi() throws Exception {
        CliRun run = CliRun.of("", Map.of("RENDER_API_KEY", KEY), "check", "render-api", "--config", config().toString(), "--json");
        assertEquals(1, run.exit(), run.out() + run.err());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertEquals("render-service", doc.get("results").get(0).get("check").asText());
        assertEquals("FAIL", doc.get("results").get(0).get("status").asText());
        assertFalse((run.out() + run.err()).contains(KEY), "the API key leaked");
    }

    @Test
    void diagnoseNamesTheSuspensionAndOffersTheRestart() throws Exception {
        CliRun run = CliRun.of("", Map.of("RENDER_API_KEY", KEY), "diagnose", "render-api", "--config", config().toString());
        assertTrue(run.out().contains("the Render service is suspended"), run.out() + run.err());
        assertTrue(run.out().contains("render-restart"), run.out());
        assertFalse((run.out() + run.err()).contains(KEY), "the API key leaked");
    }
}
