package dev.triage.bot.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.bot.store.LocalPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot's own {@code /healthz}, {@code /readyz} and {@code /metrics} from a running bot process, the metrics read by
 * the Prometheus client's own text-format parser (Debian's python3-prometheus-client, which .ci/run installs).
 */
class OperationsEndpointsTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String PARSE = """
            import json, math, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for f in text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read()):
                for s in f.samples:
                    out.append({"family": f.name, "type": f.type, "name": s.name, "labels": s.labels,
                                "value": s.value if math.isfinite(s.value) else None})
            print(json.dumps(out))
            """;

    @TempDir
    Path dir;

    private LocalPostgres postgres;
    private BotCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    record Sample(String family, String type, String name, Map<String, String> labels, Double value) {
    }

    @Test
    void aRunningBotSaysItIsAliveReadyAndWhatItSeesInPrometheusTextFormat() throws Exception {
        postgres = LocalPostgres.start();
        postgres.newDatabase("ops");
        cluster = new BotCluster(dir, postgres.jdbcUrl("ops"));
        BotCluster.Bot bot = cluster.start("bot-1");
        cluster.awaitReady(List.of(bot));

        HttpResponse<String> alive = get(bot, "/healthz");
        assertEquals(200, alive.statusCode());
        assertEquals("ok", new ObjectMapper().readTree(alive.body()).path("status").asText());

        cluster.await("ready", () -> status(bot, "/readyz") == 200);
        JsonNode ready = new ObjectMapper().readTree(get(bot, "/readyz").body());
        for (String check : List.of("store", "role", "slack", "prober")) {
            assertTrue(ready.path("checks").path(check).path("ok").asBoolean(), check + " in " + ready);
        }

        cluster.await("both targets probed", () -> value(scrape(bot), "probe_success", "target", "web").isPresent()
                && value(scrape(bot), "probe_success", "target", "api").isPresent());
        List<Sample> up = scrape(bot);
        assertEquals(Optional.of(1.0), value(up, "probe_success", "target", "api"));
        assertEquals(Optional.of(200.0), value(up, "probe_http_status_code", "target", "api"));
        assertTrue(value(up, "probe_duration_seconds", "target", "api").orElseThrow() > 0);
        assertEquals(Optional.of(1.0), value(up, "triage_leader"));
        assertTrue(value(up, "triage_lease_epoch").orElseThrow() >= 1);
        assertTrue(up.stream().anyMatch(s -> s.name().equals("triage_probe_duration_seconds_bucket")),
                "the probes' latency histogram");
        assertTrue(up.stream().anyMatch(s -> s.family().equals("triage_probe_duration_seconds") && s.type().equals("histogram")));
        assertTrue(value(up, "triage_outbox_depth").isPresent());
        assertTrue(value(up, "triage_approvals_pending").isPresent());
        assertTrue(value(up, "triage_probe_scheduling_lag_p99_seconds").isPresent());
        assertTrue(up.stream().anyMatch(s -> s.name().equals("triage_chat_api_calls_total")
                && "slack".equals(s.labels().get("platform")) && "auth.test".equals(s.labels().get("method"))
                && "ok".equals(s.labels().get("result"))), "the bot token's check at start, counted");
        for (Sample s : up) {
            if (s.family().startsWith("probe_")) {
                assertEquals(List.of("target"), new ArrayList<>(s.labels().keySet()), "blackbox_exporter's labels: target only");
            }
        }

        cluster.health("api", 503);
        cluster.await("api down in the metrics and its incident open", () -> {
            List<Sample> m = scrape(bot);
            return value(m, "probe_success", "target", "api").equals(Optional.of(0.0))
                    && m.stream().anyMatch(s -> s.name().equals("triage_incidents_open") && s.value() != null && s.value() >= 1);
        });
        List<Sample> down = scrape(bot);
        assertEquals(Optional.of(503.0), value(down, "probe_http_status_code", "target", "api"));
        assertEquals(Optional.of(1.0), value(down, "probe_success", "target", "web"), "the other target still up");
        cluster.await("the alert's post counted", () -> scrape(bot).stream().anyMatch(s -> s.name().equals("triage_chat_api_calls_total")
                && "chat.postMessage".equals(s.labels().get("method")) && s.value() != null && s.value() >= 1));
    }

    private static Optional<Double> value(List<Sample> samples, String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).map(Sample::value).filter(java.util.Objects::nonNull).findFirst();
    }

    private List<Sample> scrape(BotCluster.Bot bot) {
        try {
            HttpResponse<String> r = get(bot, "/metrics");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            Path text = Files.writeString(dir.resolve("metrics.txt"), r.body());
            Path script = Files.writeString(dir.resolve("parse.py"), PARSE);
            assertTrue(Files.isExecutable(PYTHON), "needs Debian's python3 with python3-prometheus-client (.ci/run installs it)");
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), text.toString()).redirectErrorStream(false).start();
            String json = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "the Prometheus parser refused /metrics: " + err);
            List<Sample> out = new ArrayList<>();
            for (JsonNode n : new ObjectMapper().readTree(json)) {
                Map<String, String> labels = new java.util.LinkedHashMap<>();
                n.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                out.add(new Sample(n.path("family").asText(), n.path("type").asText(), n.path("name").asText(), labels,
                        n.path("value").isNull() ? null : n.path("value").asDouble()));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(BotCluster.Bot bot, String path) {
        try {
            return get(bot, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(BotCluster.Bot bot, String path) throws java.io.IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.healthPort + path))
                .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
