package dev.triage.checks.cloud;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A provider API on 127.0.0.1 for tests: every request is recorded, and {@code answer} decides the
 * response from it. Never anything but the loopback address.
 */
public final class FakeApi implements AutoCloseable {

    /** One request as the server saw it; header names lower-cased. */
    public record Call(String method, String path, String query, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }

        /** The AWS JSON protocol's operation, e.g. {@code DescribeServices}; the query protocol's {@code Action}. */
        public String operation() {
            String target = headers.get("x-amz-target");
            if (target != null) {
                return target.substring(target.indexOf('.') + 1);
            }
            for (String part : body.split("&")) {
                if (part.startsWith("Action=")) {
                    return part.substring("Action=".length());
                }
            }
            return "";
        }
    }

    /** The response: status, content type, body. */
    public record Reply(int status, String contentType, String body, Map<String, String> headers) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", body, Map.of());
        }

        public static Reply awsJson(int status, String body) {
            return new Reply(status, "application/x-amz-json-1.1", body, Map.of());
        }

        public static Reply xml(int status, String body) {
            return new Reply(status, "text/xml", body, Map.of());
        }

        public Reply withHeader(String name, String value) {
            var h = new java.util.HashMap<>(headers);
            h.put(name, value);
            return new Reply(status, contentType, body, h);
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Call, Reply> answer;

    public FakeApi(Function<Call, Reply> answer) throws IOException {
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                Map<String, String> headers = new java.util.HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                URI uri = exchange.getRequestURI();
                Call call = new Call(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(), Map.copyOf(headers), body);
                calls.add(call);
                Reply reply;
                try {
                    reply = this.answer.apply(call);
                } catch (RuntimeException e) {
                    reply = Reply.json(500, "{\"message\":\"fake failed: " + e.getMessage() + "\"}");
                }
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            }
        });
        server.start();
    }

    public void answer(Function<Call, Reply> newAnswer) {
        this.answer = newAnswer;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
