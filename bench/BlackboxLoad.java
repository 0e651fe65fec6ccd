/*
 * Companion of blackbox-compare.sh, run with the JDK's source launcher (no build, no dependencies):
 *
 *   java bench/BlackboxLoad.java serve SECONDS [servers=4]
 *       starts health servers on 127.0.0.1 (GET /health → 200 {"status":"ok"}), prints "ports P1,P2,..." and
 *       serves until SECONDS have passed.
 *   java bench/BlackboxLoad.java drive EXPORTER_URL PORTS TARGETS SECONDS [interval=30] [inflight=64]
 *       asks blackbox_exporter to probe TARGETS targets spread over PORTS, each every interval seconds after
 *       a random start within one interval — the load ProberBenchmark puts on Triage's prober — with at most
 *       inflight requests at once, and prints what it saw every 10 s.
 *
 * Everything stays on 127.0.0.1.
 */

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public class BlackboxLoad {
    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 4);
        } else if (args.length >= 5 && args[0].equals("drive")) {
            drive(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args.length > 5 ? Integer.parseInt(args[5]) : 30, args.length > 6 ? Integer.parseInt(args[6]) : 64);
        } else {
            System.err.println("usage: serve SECONDS [servers] | drive EXPORTER_URL PORTS TARGETS SECONDS [interval] [inflight]");
            System.exit(2);
        }
    }

    static void serve(int seconds, int count) throws Exception {
        byte[] body = "{\"status\":\"ok\",\"version\":\"bench\"}".getBytes(StandardCharsets.UTF_8);
        List<String> ports = new ArrayList<>();
        var threads = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < count; i++) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            server.createContext("/health", ex -> {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.setExecutor(threads);
            server.start();
            ports.add(Integer.toString(server.getAddress().getPort()));
        }
        System.out.println("ports " + String.join(",", ports));
        System.out.flush();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        System.exit(0);
    }

    static void drive(String exporter, String portList, int targets, int seconds, int interval, int inflight) throws Exception {
        int[] ports = Arrays.stream(portList.split(",")).mapToInt(Integer::parseInt).toArray();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        var workers = Executors.newVirtualThreadPerTaskExecutor();
        Semaphore permits = new Semaphore(inflight);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lagMaxMicros = new AtomicLong();
        SplittableRandom random = new SplittableRandom(1);
        long start = System.nanoTime();
        long periodNanos = TimeUnit.SECONDS.toNanos(interval);
        for (int i = 0; i < targets; i++) {
            String target = "http://127.0.0.1:" + ports[i % ports.length] + "/health";
            URI uri = URI.create(exporter + "/probe?module=http_2xx&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
            long first = random.nextLong(periodNanos);
            scheduler.scheduleAtFixedRate(() -> {
                long due = System.nanoTime();
                workers.execute(() -> {
                    permits.acquireUninterruptibly();
                    try {
                        long lag = (System.nanoTime() - due) / 1000;
                        lagMaxMicros.accumulateAndGet(lag, Math::max);
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && r.body().contains("\nprobe_success 1")) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    } finally {
                        permits.release();
                    }
                });
            }, first, periodNanos, TimeUnit.NANOSECONDS);
        }
        long last = 0;
        for (int s = 10; s <= seconds; s += 10) {
            Thread.sleep(Math.max(0, (start + TimeUnit.SECONDS.toNanos(s) - System.nanoTime()) / 1_000_000));
            long done = ok.get() + failed.get() + errors.get();
            System.out.printf(Locale.ROOT, "driver %4d s  %6.1f probes/s  ok %d  failed %d  errors %d  driver-side lag max %.1f ms%n",
                    s, (done - last) / 10.0, ok.get(), failed.get(), errors.get(), lagMaxMicros.get() / 1000.0);
            last = done;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "driver total %d probes in %.0f s = %.1f/s, ok %d, failed %d, errors %d%n",
                ok.get() + failed.get() + errors.get(), wall, (ok.get() + failed.get() + errors.get()) / wall,
                ok.get(), failed.get(), errors.get());
        System.exit(0);
    }
}
