package dev.triage.adapters.slack;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
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
 * HTTP mode: the JDK's HTTP server on one path. Every request is checked before anything reads it: the signature
 * is verified over the raw body with the app's signing secret, and a timestamp more than five minutes from now,
 * either way, is refused — all with 401 and a fixed body, logged as one line without the body. Only then is it
 * turned into a Bolt request by {@link SlackRequestParser} and answered with what {@code app.run} returns; a signed
 * request that can't be read is a 400. No client input ever produces a stack trace. Each request runs on its own
 * virtual thread.
 */
final class SlackHttpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackHttpEndpoint.class);
    /** Slack's payloads are a few kilobytes; anything far larger is not Slack. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** Slack's own rule: a request signed more than five minutes before or after now is refused. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    static final String UNAUTHORIZED = "unauthorized: not a request signed by this Slack app";

    private final App app;
    private final SlackRequestParser parser;
    private final String path;
    private final SlackSignature.Generator signer;
    private final InstantSource clock;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("slack-http-", 0).factory());

    SlackHttpEndpoint(App app, int port, String path, String signingSecret, InstantSource clock) throws IOException {
        this.app = Objects.requireNonNull(app, "app");
        this.parser = new SlackRequestParser(app.config());
        this.path = Objects.requireNonNull(path, "path");
        this.signer = new SlackSignature.Generator(Objects.requireNonNull(signingSecret, "signingSecret"));
        this.clock = Objects.requireNonNull(clock, "clock");
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

    private void handle(HttpExchange exchange) {
        String from = exchange.getRemoteAddress() == null ? "?" : exchange.getRemoteAddress().getAddress().getHostAddress();
        try {
            answer(exchange, from);
        } catch (IOException e) {
            log.debug("A Slack request from {} ended before it was answered: {}", from, e.toString());
        } catch (RuntimeException e) {
            // Not client input (that is answered above): a fault of ours, one line, and the client told.
            log.warn("A Slack request from {} could not be handled: {}", from, e.toString());
            try {
                send(exchange, 500, "text/plain; charset=utf-8", "internal error");
            } catch (IOException | RuntimeException alreadyAnswered) {
                log.debug("Could not send the error response", alreadyAnswered);
            }
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange, String from) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            send(exchange, 404, "text/plain; charset=utf-8", "Not found: Slack requests go to " + path);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "POST");
            send(exchange, 405, "text/plain; charset=utf-8", "Slack requests are POSTs");
            return;
        }
        byte[] raw = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (raw.length > MAX_BODY_BYTES) {
            log.info("Refused a Slack request from {}: its body is over {} bytes", from, MAX_BODY_BYTES);
            send(exchange, 400, "text/plain; charset=utf-8", "request body too large");
            return;
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        String refusal = unverified(exchange, body);
        if (refusal != null) {
            log.info("Refused a Slack request from {}: {}", from, refusal);
            send(exchange, 401, "text/plain; charset=utf-8", UNAUTHORIZED);
            return;
        }
        Request<?> request;
        Response response;
        try {
            request = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(exchange.getRequestURI().getPath())
                    .queryString(query(exchange.getRequestURI().getRawQuery()))
                    .headers(new RequestHeaders(headers(exchange)))
                    .requestBody(body)
                    .remoteAddress(from)
                    .build());
            response = request == null ? null : app.run(request);
        } catch (Exception e) {
            log.info("Refused a signed Slack request from {} that can't be read ({})", from, e.getClass().getSimpleName());
            send(exchange, 400, "text/plain; charset=utf-8", "malformed request");
            return;
        }
        if (response == null) {
            log.info("Refused a signed Slack request from {}: not a command, a click or an event", from);
            send(exchange, 400, "text/plain; charset=utf-8", "malformed request");
            return;
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        }
        send(exchange, response.getStatusCode(), response.getContentType(), response.getBody());
    }

    /** Why the request is not one this app signed now, or null when it is. */
    private String unverified(HttpExchange exchange, String body) {
        String timestamp = exchange.getRequestHeaders().getFirst("X-Slack-Request-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Slack-Signature");
        if (timestamp == null || signature == null) {
            return "no Slack signature";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "an unreadable timestamp";
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > MAX_SKEW.toSeconds()) {
            return "signed " + skew + " s away from now (more than " + MAX_SKEW.toMinutes() + " min)";
        }
        String expected = signer.generate(timestamp.strip(), body);
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.strip().getBytes(StandardCharsets.UTF_8))) {
            return "a signature that doesn't match";
        }
        return null;
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

    /** Stops listening at once; requests already being read are answered, for up to a second. */
    void stopTaking() {
        server.stop(1);
        executor.shutdown();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
