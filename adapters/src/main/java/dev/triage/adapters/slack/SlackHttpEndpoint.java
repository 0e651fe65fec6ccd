package dev.triage.adapters.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP mode: the JDK's HTTP server on one path, each POST turned into a Bolt request by
 * {@link SlackRequestParser} and answered with what {@code app.run} returns. Bolt checks the
 * signature and the timestamp (401 when either is wrong). Each request runs on its own virtual thread.
 */
final class SlackHttpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackHttpEndpoint.class);
    /** Slack's payloads are a few kilobytes; anything far larger is not Slack. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final App app;
    private final SlackRequestParser parser;
    private final String path;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("slack-http-", 0).factory());

    SlackHttpEndpoint(App app, int port, String path) throws IOException {
        this.app = Objects.requireNonNull(app, "app");
        this.parser = new SlackRequestParser(app.config());
        this.path = Objects.requireNonNull(path, "path");
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext(path, this::handle);
        server.setExecutor(executor);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found: Slack requests go to " + path);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                send(exchange, 405, "text/plain; charset=utf-8", "Slack requests are POSTs");
                return;
            }
            String body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, "text/plain; charset=utf-8", "Request body too large");
                return;
            }
            Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(exchange.getRequestURI().getPath())
                    .queryString(query(exchange.getRequestURI().getRawQuery()))
                    .headers(new RequestHeaders(headers(exchange)))
                    .requestBody(body)
                    .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                    .build());
            if (request == null) {
                send(exchange, 400, "text/plain; charset=utf-8", "Not a Slack request");
                return;
            }
            Response response = app.run(request);
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            }
            send(exchange, response.getStatusCode(), response.getContentType(), response.getBody());
        } catch (Exception e) {
            log.warn("Handling a Slack request failed", e);
            try {
                send(exchange, 500, "text/plain; charset=utf-8", "Internal error");
            } catch (IOException | RuntimeException alreadyAnswered) {
                log.debug("Could not send the error response", alreadyAnswered);
            }
        }
    }

    private static String readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        return headers;
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static void send(HttpExchange exchange, Integer status, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status == null ? 200 : status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
