package dev.triage.bot.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small real backend on a free local port, so newcomers can watch every failure the checks
 * classify: {@code /health} answering {@code {"status":"ok","version":…,"uptime":…}} and {@code /docs},
 * which can be broken (503), slowed (3 s), stopped (port closed) and mended.
 */
public final class DemoBackend implements AutoCloseable {
    public static final String VERSION = "1.4.2";

    public enum Mode { HEALTHY, BROKEN, SLOW, STOPPED }

    private final InstantSource clock;
    private final Duration slowness;
    private volatile Mode mode = Mode.HEALTHY;
    private volatile Instant startedAt;
    private volatile int restarts;
    /** Counts flaps, so that a mend or a restart in between stops the last one from mending again later. */
    private final java.util.concurrent.atomic.AtomicLong flaps = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-backend-flap");
        t.setDaemon(true);
        return t;
    });
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    public DemoBackend(InstantSource clock, Duration slowness) {
        this.clock = clock;
        this.slowness = slowness;
    }

    /** Binds 127.0.0.1 on a free port (or the port it had, after a stop). */
    public synchronized DemoBackend start() throws IOException {
        if (server != null) {
            return this;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/health", this::health);
        server.createContext("/docs", this::docs);
        server.createContext("/", this::notFound);
        server.start();
        port = server.getAddress().getPort();
        startedAt = clock.instant();
        if (mode == Mode.STOPPED) {
            mode = Mode.HEALTHY;
        }
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Mode mode() {
        return mode;
    }

    public int restarts() {
        return restarts;
    }

    /** /health answers 503 with {"status":"error"}. */
    public void breakHealth() {
        requireRunning();
        flaps.incrementAndGet();
        mode = Mode.BROKEN;
    }

    /**
     * /health answers 503 for {@code length}, then the backend recovers by itself — a dependency that comes back, the kind
     * of outage that ends without anyone doing anything. A mend, break or restart in between ends the flap.
     */
    public void flap(Duration length) {
        requireRunning();
        long flap = flaps.incrementAndGet();
        mode = Mode.BROKEN;
        timer.schedule(() -> {
            synchronized (this) {
                if (flaps.get() == flap && mode == Mode.BROKEN) {
                    mode = Mode.HEALTHY;
                }
            }
        }, length.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Every response takes {@code slowness} (3 s by default). */
    public void slow() {
        requireRunning();
        mode = Mode.SLOW;
    }

    /** Closes the port: nothing listens any more. */
    public synchronized void stop() {
        flaps.incrementAndGet();
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
        mode = Mode.STOPPED;
    }

    /** Back to healthy, restarting the server if it was stopped — what a service restart does. */
    public synchronized void mend() throws IOException {
        flaps.incrementAndGet();
        if (server == null) {
            start();
        }
        mode = Mode.HEALTHY;
    }

    /** Stops and starts again on the same port, healthy: the demo's {@code restart-service}. */
    public synchronized void restart() throws IOException {
        stop();
        start();
        mode = Mode.HEALTHY;
        restarts++;
    }

    private void requireRunning() {
        if (mode == Mode.STOPPED) {
            throw new IllegalStateException("the demo backend is stopped; /demo mend starts it again");
        }
    }

    private void health(HttpExchange ex) throws IOException {
        delayIfSlow();
        long uptime = Duration.between(startedAt, clock.instant()).toSeconds();
        if (mode == Mode.BROKEN) {
            send(ex, 503, "application/json",
                    "{\"status\":\"error\",\"version\":\"" + VERSION + "\",\"uptime\":" + uptime
                            + ",\"detail\":\"database connection refused\"}");
        } else {
            send(ex, 200, "application/json",
                    "{\"status\":\"ok\",\"version\":\"" + VERSION + "\",\"uptime\":" + uptime + "}");
        }
    }

    private void docs(HttpExchange ex) throws IOException {
        delayIfSlow();
        send(ex, 200, "text/html; charset=utf-8",
                "<!doctype html><title>Demo API docs</title><h1>Demo backend</h1><p>GET /health</p>");
    }

    private void notFound(HttpExchange ex) throws IOException {
        send(ex, 404, "application/json", "{\"detail\":\"Not Found\"}");
    }

    private void delayIfSlow() {
        if (mode == Mode.SLOW) {
            try {
                Thread.sleep(slowness.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }
}
