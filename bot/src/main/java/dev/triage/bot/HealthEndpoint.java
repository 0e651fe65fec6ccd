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
 * The bot's own {@code GET /healthz} (the process is alive: Docker's HEALTHCHECK, Kubernetes' liveness probe) and
 * {@code GET /readyz} (it can do its work: the store answers and this replica knows whether it leads; Kubernetes'
 * readiness probe). Each check is named in the JSON body, with what is wrong when it fails: 503 then.
 */
final class HealthEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One readiness check: passed or not, and what it says. */
    record Check(boolean ok, String detail) {
    }

    private final HttpServer server;

    HealthEndpoint(int port, Supplier<Map<String, Check>> readiness) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/healthz", ex -> send(ex, 200, Map.of("status", "ok")));
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
