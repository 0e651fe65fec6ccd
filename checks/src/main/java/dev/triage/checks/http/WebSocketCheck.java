package dev.triage.checks.http;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.net.NetworkFailure;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * {@code websocket} (document 002, whose outage broke {@code /ws/landmarks}, {@code /ws/voice} and {@code /ws/session}):
 * the opening handshake to one configured {@code ws://} or {@code wss://} path, over OkHttp's WebSocket client. OK on
 * {@code 101 Switching Protocols} (the socket is closed again at once, cleanly); FAIL naming what came instead — an
 * HTTP status (502 from a proxy that doesn't pass {@code Upgrade}, 404 for a wrong path, 200 from a page that isn't a
 * WebSocket), a refused connection, a timeout.
 */
public final class WebSocketCheck implements Check {
    public static final String ID = "websocket";

    private final HttpProber prober;
    private final String path;
    private final InstantSource clock;

    /**
     * @param path  a path under the target's base URL ({@code /ws/voice}) or a whole {@code ws://}/{@code wss://} URL
     * @param clock when a result is stamped as finished
     */
    public WebSocketCheck(HttpProber prober, String path, InstantSource clock) {
        this.prober = Objects.requireNonNull(prober, "prober");
        this.path = Objects.requireNonNull(path, "path");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String id() {
        return ID + " " + path;
    }

    /** The WebSocket URL of {@code path} on {@code target}: http becomes ws, https wss. */
    static URI urlOf(Target target, String path) {
        if (!path.startsWith("/")) {
            return URI.create(path);
        }
        URI http = HttpHealthCheck.resolve(target.baseUrl(), path);
        String scheme = "https".equalsIgnoreCase(http.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + http.toString().substring(http.getScheme().length()));
    }

    @Override
    public CheckResult run(Target target) {
        if (path.startsWith("/") && target.baseUrl() == null) {
            return CheckResult.skipped(id(), "a WebSocket path needs the target's base_url");
        }
        URI url = urlOf(target, path);
        String shown = HttpProber.redact(url);
        Duration timeout = target.timeout();
        AtomicBoolean connected = new AtomicBoolean();
        OkHttpClient client = prober.client().newBuilder()
                .eventListener(new EventListener() {
                    @Override
                    public void connectionAcquired(Call c, Connection connection) {
                        connected.set(true);
                    }
                })
                .connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout)
                .build();
        // OkHttp speaks ws:// as http:// on the wire; its request wants the http form.
        String wire = url.toString().replaceFirst("(?i)^ws", "http");
        Request request = new Request.Builder().url(wire).header("User-Agent", "triage-probe").build();
        CompletableFuture<Response> opened = new CompletableFuture<>();
        CompletableFuture<Failure> failed = new CompletableFuture<>();
        long start = System.nanoTime();
        WebSocket socket = client.newWebSocket(request, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                opened.complete(response);
                webSocket.close(1000, "triage check done");
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                failed.complete(new Failure(t, response == null ? 0 : response.code(), response == null ? "" : response.message()));
                opened.completeExceptionally(t);
            }
        });
        String request101 = "GET " + shown + " (WebSocket)";
        try {
            Response response = opened.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            Duration took = since(start);
            return CheckResult.of(id(), Status.OK, response.code() + " Switching Protocols in " + took.toMillis() + " ms",
                            List.of(request101 + " → HTTP " + response.code() + " " + response.message()))
                    .withDuration(took).withFacts(Map.of("websocket.status", Integer.toString(response.code())));
        } catch (TimeoutException e) {
            socket.cancel();
            return fail(request101 + " → no handshake within " + timeout.toMillis() + " ms", "no answer", since(start),
                    Map.of("failure", NetworkFailure.NO_RESPONSE.name()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socket.cancel();
            return CheckResult.of(id(), Status.ERROR, "interrupted before the handshake ended", List.of());
        } catch (ExecutionException e) {
            Failure f = failed.getNow(new Failure(e.getCause(), 0, ""));
            Duration took = since(start);
            if (f.code() > 0) {
                String meaning = f.code() == 502 || f.code() == 504 ? " — a proxy in front that doesn't pass the Upgrade and Connection "
                        + "headers, or a dead upstream" : f.code() == 404 || f.code() == 400 || f.code() == 426
                        ? " — no WebSocket at this path, or a proxy in front that drops the Upgrade and Connection headers"
                        : f.code() == 200 ? " — the path serves a page, not a WebSocket" : "";
                return fail(request101 + " → HTTP " + f.code() + (f.message().isEmpty() ? "" : " " + f.message())
                        + " instead of 101" + meaning, "HTTP " + f.code() + " instead of 101 Switching Protocols" + meaning, took,
                        Map.of("websocket.status", Integer.toString(f.code())));
            }
            NetworkFailure failure = NetworkFailure.classify(f.cause(), connected.get());
            return fail(request101 + " → " + failure.label(), failure.label() + ": " + f.cause().getClass().getSimpleName()
                    + (f.cause().getMessage() == null ? "" : " " + f.cause().getMessage()), took,
                    Map.of("failure", failure.name()));
        }
    }

    private record Failure(Throwable cause, int code, String message) {
    }

    private CheckResult fail(String summary, String evidence, Duration took, Map<String, String> facts) {
        return CheckResult.of(id(), Status.FAIL, summary, List.of(evidence)).withDuration(took).withFacts(facts);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public String toString() {
        return "WebSocketCheck[" + path + "]";
    }
}
