package dev.triage.bot;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The bot's own {@code GET /healthz}, for Docker's HEALTHCHECK and orchestrators' probes. */
final class HealthEndpoint implements AutoCloseable {
    private final HttpServer server;

    HealthEndpoint(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/healthz", ex -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
