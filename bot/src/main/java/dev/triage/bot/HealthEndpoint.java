package dev.triage.bot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The bot's own {@code GET /healthz} (the process is alive: Docker's HEALTHCHECK, Kubernetes' liveness probe),
 * {@code GET /readyz} (it can do its work: the store answers, each chat platform switched on is connected, the prober
 * keeps its schedule, and this replica knows whether it leads; Kubernetes' readiness probe; each check named in the JSON
 * body with what is wrong, 503 then) and {@code GET /metrics} (Prometheus's text format).
 */
final class HealthEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One readiness check: passed or not, and what it says. */
    record Check(boolean ok, String detail) {
    }

    private final HttpServer server;

    HealthEndpoint(int port, Supplier<Map<String, Check>> readiness, Supplier<String> metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/healthz", ex -> send(ex, 200, Map.of("status", "ok")));
        server.createContext("/metrics", ex -> {
            try (ex) {
                byte[] bytes;
                int status = 200;
                try {
                    bytes = metrics.get().getBytes(StandardCharsets.UTF_8);
                } catch (RuntimeException e) {
                    status = 500;
                    bytes = ("# metrics could not be gathered: " + e.getClass().getSimpleName() + "\n").getBytes(StandardCharsets.UTF_8);
                }
                ex.getResponseHeaders().set("Content-Type", dev.triage.bot.metrics.TriageMetrics.contentType());
                ex.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.createContext("/readyz", ex -> {
            Map<String, Check> checks;
            try {
                checks = readiness.get();
            } catch (RuntimeException e) {
                checks = Map.of("readiness", new Check(false, "could not be determined: " + e.getClass().getSimpleName()));
            }
            boolean ready = checks.values().stream().allMatch(Check::ok);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ready ? "ready" : "not ready");
            Map<String, Object> named = new LinkedHashMap<>();
            checks.forEach((name, c) -> named.put(name, Map.of("ok", c.ok(), "detail", c.detail())));
            body.put("checks", named);
            send(ex, ready ? 200 : 503, body);
        });
        server.start();
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        try (ex) {
            byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
