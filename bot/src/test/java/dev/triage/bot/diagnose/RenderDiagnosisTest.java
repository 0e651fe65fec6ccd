package dev.triage.bot.diagnose;

import dev.triage.bot.runbook.Verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.runbook.RunbookLibrary;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.cloud.CloudChecks;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.FakeApi;
import dev.triage.checks.cloud.FakeApi.Reply;
import dev.triage.checks.cloud.RestApi;
import dev.triage.checks.cloud.aws.AwsClients;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.config.CloudSettings;
import dev.triage.config.Secret;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Document 002's causes concluded by the shipped render runbook from Render's own API — the service, its env vars
 * and its Logs tab through GET /v1/logs — on a local fake of that API on 127.0.0.1, which also plays the service
 * answering 502 from outside.
 */
class RenderDiagnosisTest {
    static final String KEY = "rnd_PLANTEDdiagnoseKey0123456";
    static final String DB_PASSWORD = "PLANTEDdbPassword77";

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final SshExecutor ssh = SshExecutor.withDefaults();
    private FakeApi api;

    @AfterEach
    void tearDown() {
        if (api != null) {
            api.close();
        }
        ssh.close();
        workers.shutdownNow();
    }

    /** The service answers 502 from outside (Render's proxy, the app behind it down); its log is {@code newestFirst}. */
    private Diagnosis diagnose(String... newestFirst) throws Exception {
        StringBuilder logs = new StringBuilder("{\"hasMore\":false,\"logs\":[");
        for (int i = 0; i < newestFirst.length; i++) {
            logs.append(i == 0 ? "" : ",").append("{\"id\":\"l").append(i).append("\",\"timestamp\":\"")
                    .append(java.time.Instant.parse("2026-01-05T02:10:00Z").minusSeconds(i)).append("\",\"labels\":[],\"message\":")
                    .append(new com.fasterxml.jackson.databind.node.TextNode(newestFirst[i])).append('}');
        }
        String logsJson = logs.append("]}").toString();
        api = new FakeApi(c -> {
            if (c.path().equals("/health")) {
                return new Reply(502, "text/html", "<html>Bad Gateway</html>", java.util.Map.of());
            }
            if (!("Bearer " + KEY).equals(c.header("authorization"))) {
                return Reply.json(401, "{\"message\":\"unauthorized\"}");
            }
            return switch (c.path()) {
                case "/v1/services/srv-abc123" -> Reply.json(200, "{\"id\":\"srv-abc123\",\"name\":\"bemore-backend\","
                        + "\"suspended\":\"not_suspended\",\"ownerId\":\"tea-owner42\"}");
                case "/v1/services/srv-abc123/deploys" -> Reply.json(200, "[{\"deploy\":{\"id\":\"dep-7\",\"status\":\"live\"}}]");
                case "/v1/services/srv-abc123/env-vars" -> Reply.json(200, "[{\"envVar\":{\"key\":\"DATABASE_URL\",\"value\":"
                        + "\"postgres://app:" + DB_PASSWORD + "@db.internal:5432/app\"}},{\"envVar\":{\"key\":\"NODE_ENV\",\"value\":\"production\"}}]");
                case "/v1/logs" -> Reply.json(200, logsJson);
                default -> Reply.json(404, "{\"message\":\"not found\"}");
            };
        });
        CloudSettings cloud = new CloudSettings(null, new CloudSettings.Render("srv-abc123", Secret.of(KEY, "targets[0].cloud.render.api_key"),
                List.of("DATABASE_URL"), URI.create(api.url() + "/v1")), null);
        CheckCatalog catalog = new CheckCatalog(new HttpProber(), ssh, new CommandTemplates());
        new CloudChecks(new AwsClients(), new RestApi(), CloudLookup.always(cloud), InstantSource.system(), v -> { })
                .checks().forEach(catalog::register);
        DiagnoseService service = new DiagnoseService(catalog, new CheckRunner(workers, InstantSource.system()), RunbookLibrary.shipped(),
                InstantSource.system());
        Target target = new Target("bemore", api.url(), null, null, null, Duration.ofSeconds(2), null, null, null, null, null, null);
        return service.diagnose(target, RunbookLibrary.shipped().named("render").orElseThrow(), r -> { });
    }

    private static String shown(Diagnosis d) {
        return d.verdict().toString() + d.results();
    }

    @Test
    void aDatabaseRefusingConnectionsIsConcludedFromRendersLogWithTheLineAsEvidence() throws Exception {
        Diagnosis d = diagnose("Error: connect ECONNREFUSED 10.0.12.5:5432", "    at TCPConnectWrap.afterConnect (node:net:1555:16)",
                "Server starting (NODE_ENV=production)");
        Verdict v = d.verdict();
        assertEquals("the service can't connect to its database: its log shows connections refused or timing out", v.cause());
        assertEquals("document 002, cause 2 (database connection failure); step 2 (\"Connection refused\")", v.reference());
        assertTrue(v.evidence().stream().anyMatch(e -> e.checkId().equals("render-logs")
                && e.text().contains("Error: connect ECONNREFUSED 10.0.12.5:5432")), v.evidence()::toString);
        assertEquals("render-deploy", v.fix().actionId());
        assertFalse(shown(d).contains(KEY), "the API key leaked");
        assertFalse(shown(d).contains(DB_PASSWORD), "an env var's value leaked");
    }

    @Test
    void aDatabaseTimingOutIsTheSameCause() throws Exception {
        Diagnosis d = diagnose("SequelizeConnectionError: connect ETIMEDOUT 10.0.12.5:5432");
        assertEquals("the service can't connect to its database: its log shows connections refused or timing out", d.verdict().cause());
    }

    @Test
    void outOfMemoryIsConcludedFromRendersLogAndOffersARestart() throws Exception {
        Diagnosis d = diagnose("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
                "<--- Last few GCs --->", "Server listening on port 10000");
        Verdict v = d.verdict();
        assertEquals("the service runs out of memory (ENOMEM)", v.cause());
        assertTrue(v.evidence().stream().anyMatch(e -> e.text().contains("JavaScript heap out of memory")), v.evidence()::toString);
        assertTrue(v.fix().advice().startsWith("move the service to a larger instance type"), v.fix().advice());
        assertEquals("render-restart", v.fix().actionId());
    }

    @Test
    void aPortAlreadyInUseIsDocument002sPortCause() throws Exception {
        Diagnosis d = diagnose("Error: listen EADDRINUSE: address already in use :::10000");
        assertEquals("the service can't listen: its port is already in use (EADDRINUSE)", d.verdict().cause());
        assertTrue(d.verdict().reference().startsWith("document 002, cause 4 (port configuration)"), d.verdict().reference());
        assertEquals("render-restart", d.verdict().fix().actionId());
    }

    @Test
    void aCleanLogLeavesTheVerdictToWhatTheOutsideSees() throws Exception {
        Diagnosis d = diagnose("Server listening on port 10000");
        assertEquals("Render answers for the service, but the service itself doesn't: it crashed or fails its health check",
                d.verdict().cause());
        assertTrue(d.verdict().ruledOut().stream().anyMatch(s -> s.startsWith("errors in the service's log (no known error patterns")),
                d.verdict().ruledOut()::toString);
    }
}
