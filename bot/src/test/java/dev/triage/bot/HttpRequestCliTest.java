package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.cloud.FakeApi;
import dev.triage.checks.cloud.FakeApi.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Document 002's POST /api/session/start → 201, configured in triage.yaml with a token from the environment, checked from the CLI. */
class HttpRequestCliTest {
    static final String TOKEN = "PLANTEDcliSessionToken0123456";

    @TempDir
    Path dir;
    FakeApi backend;

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    private CliRun check(int answer) throws Exception {
        AtomicInteger posts = new AtomicInteger();
        backend = new FakeApi(c -> {
            if (c.path().equals("/health")) {
                return Reply.json(200, "{\"status\":\"ok\"}");
            }
            boolean right = c.method().equals("POST") && c.path().equals("/api/session/start") && ("Bearer " + TOKEN).equals(c.header("authorization"))
                    && c.body().equals("{\"userId\": \"triage-probe\"}");
            posts.incrementAndGet();
            return right ? Reply.json(answer, "{\"sessionId\":\"s-1\"}") : Reply.json(400, "{\"error\":\"bad request\"}");
        });
        Path config = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: bemore
                    base_url: %s
                    timeout: 2s
                    checks: [http-health, http]
                    http:
                      - url: /api/session/start
                        method: POST
                        headers: {Authorization: "Bearer ${API_TOKEN}"}
                        body: '{"userId": "triage-probe"}'
                        expect: 201
                """.formatted(backend.url()));
        CliRun run = CliRun.of("", Map.of("API_TOKEN", TOKEN), "check", "bemore", "--config", config.toString());
        assertEquals(1, posts.get(), "one POST per check, never retried");
        return run;
    }

    @Test
    void aPostAnswering201AsExpectedIsUp() throws Exception {
        CliRun run = check(201);
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("http POST /api/session/start"), run.out());
        assertFalse((run.out() + run.err()).contains(TOKEN), "the header's value leaked");
    }

    @Test
    void aPostAnswering500IsDownNamingWhatItGotAndWhatWasExpected() throws Exception {
        CliRun run = check(500);
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("/api/session/start → 500"), run.out());
        assertTrue(run.out().contains(", expected 201"), run.out());
        assertFalse((run.out() + run.err()).contains(TOKEN), "the header's value leaked");
    }
}
