/*
 * 10,000 targets at a 30 s interval, probed by the real Prober with real http-health checks (a fresh
 * connection per probe) against 4 JDK HttpServers on 127.0.0.1. Prints, every 10 s and at the end:
 * probes per second, process CPU time and CPU %, heap used, scheduling lag p50/p99/max.
 * Not a test; it is never run by Maven. Run it alone (2 shared cores), after a build, from the repository root:
 *
 *   export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 *   flock /tmp/triage-mvn.lock mvn -B -q -o -pl bot -am test-compile dependency:build-classpath \
 *       -Dmdep.outputFile=/tmp/triage-bot-cp.txt -Dmdep.includeScope=test
 *   flock /tmp/triage-mvn.lock $JAVA_HOME/bin/java -Xmx512m \
 *       -cp "bot/target/test-classes:bot/target/classes:checks/target/classes:config/target/classes:adapters/target/classes:time/target/classes:$(cat /tmp/triage-bot-cp.txt)" \
 *       dev.triage.bot.probe.bench.ProberBenchmark [targets=10000] [seconds=150] [servers=4] [interval=30s] [inflight=64]
 *       [ports=P1,P2,...]
 *
 * With ports=..., the targets are spread over health servers already listening on those 127.0.0.1 ports (started by
 * bench/blackbox-compare.sh in another process), so the CPU and heap printed are the prober's alone, as for
 * blackbox_exporter in the same script; without it, 4 in-process servers are started and included in the figures.
 * (bench/prober-benchmark.sh does the same.) Seconds are capped at 180.
 */
package dev.triage.bot.probe.bench;

import com.sun.net.httpserver.HttpServer;
import dev.triage.bot.probe.CheckProbeRunner;
import dev.triage.bot.probe.TickProbeScheduler;
import dev.triage.bot.probe.ProbeEvent;
import dev.triage.bot.probe.ProbeListener;
import dev.triage.bot.probe.ProbeSettings;
import dev.triage.bot.probe.ProbeStats;
import dev.triage.bot.probe.Prober;
import dev.triage.bot.probe.ProberSettings;
import dev.triage.bot.probe.SchedulingLag;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.Durations;
import dev.triage.config.Target;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public final class ProberBenchmark {
    private static final byte[] HEALTHY = "{\"status\":\"ok\",\"version\":\"bench\"}".getBytes(StandardCharsets.UTF_8);

    private ProberBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are name=value (targets, seconds, servers, interval, inflight): " + a);
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int targets = Integer.parseInt(opts.getOrDefault("targets", "10000"));
        int seconds = Math.min(180, Integer.parseInt(opts.getOrDefault("seconds", "150")));
        int serverCount = Integer.parseInt(opts.getOrDefault("servers", "4"));
        Duration interval = Durations.parse(opts.getOrDefault("interval", "30s"))
                .orElseThrow(() -> new IllegalArgumentException("interval must look like 30s: " + opts.get("interval")));
        int inFlight = Integer.parseInt(opts.getOrDefault("inflight", "64"));

        List<HttpServer> servers = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        AtomicLong served = new AtomicLong();
        ExecutorService serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        if (opts.containsKey("ports")) {
            for (String p : opts.get("ports").split(",")) {
                ports.add(Integer.parseInt(p.strip()));
            }
            serverCount = ports.size();
        } else {
            for (int i = 0; i < serverCount; i++) {
                HttpServer server = healthServer(serverThreads, served);
                servers.add(server);
                ports.add(server.getAddress().getPort());
            }
        }
        ExecutorService probeThreads = Executors.newVirtualThreadPerTaskExecutor();
        InstantSource clock = InstantSource.system();
        CheckProbeRunner runner = new CheckProbeRunner(new CheckCatalog(new HttpProber()), new CheckRunner(probeThreads, clock), clock);
        AtomicLong events = new AtomicLong();
        AtomicLong starved = new AtomicLong();
        ProbeListener listener = new ProbeListener() {
            @Override
            public void onEvent(ProbeEvent event) {
                events.incrementAndGet();
                if (event instanceof ProbeEvent.ProberStarved s) {
                    starved.incrementAndGet();
                    System.out.println("  event: " + s);
                }
            }
        };
        TickProbeScheduler scheduler = TickProbeScheduler.daemon();
        Prober prober = new Prober(runner, listener, ProberSettings.defaults().withMaxInFlight(inFlight)
                .withStatsInterval(Duration.ofSeconds(10)), scheduler, probeThreads, clock, new SplittableRandom(1));
        ProbeSettings settings = ProbeSettings.defaults().withInterval(interval);

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(Locale.ROOT, "prober benchmark: %d targets every %s over %d local servers, %d probes in flight at most, %d s, %d cpus%n",
                targets, Durations.format(interval), serverCount, inFlight, seconds, Runtime.getRuntime().availableProcessors());
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        prober.start();
        for (int i = 0; i < targets; i++) {
            int port = ports.get(i % serverCount);
            prober.add(Target.http("t" + i, URI.create("http://127.0.0.1:" + port)), settings);
        }
        long heapMax = 0;
        long lastProbes = 0;
        long lastCpu = cpu0;
        long lastWall = wall0;
        // The second half of the run, after the JIT compiler's warm-up, as a long-running bot spends its life.
        int half = seconds / 20 * 10;
        long halfCpu = cpu0;
        long halfProbes = 0;
        for (int s = 10; s <= seconds; s += 10) {
            Thread.sleep(Duration.ofNanos(Math.max(0, wall0 + s * 1_000_000_000L - System.nanoTime())));
            ProbeStats st = prober.stats();
            long now = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            long heap = memory.getHeapMemoryUsage().getUsed();
            heapMax = Math.max(heapMax, heap);
            double secs = (now - lastWall) / 1e9;
            System.out.printf(Locale.ROOT, "%4d s  %6.1f probes/s  cpu %5.1f %%  heap %4d MB  lag %s  in flight %d  failed %d  skipped %d%n",
                    s, (st.probes() - lastProbes) / secs, 100.0 * (cpu - lastCpu) / (now - lastWall), heap >> 20,
                    lag(st.lag()), st.inFlight(), failures(st), st.skipped());
            lastProbes = st.probes();
            lastCpu = cpu;
            lastWall = now;
            if (s == half) {
                halfCpu = cpu;
                halfProbes = st.probes();
            }
        }
        ProbeStats end = prober.stats();
        long cpuNow = os.getProcessCpuTime();
        long cpu = cpuNow - cpu0;
        long steadyCpu = cpuNow - halfCpu;
        double wall = (System.nanoTime() - wall0) / 1e9;
        prober.close();
        scheduler.close();
        System.gc();
        long heapAfterGc = memory.getHeapMemoryUsage().getUsed();
        System.out.println("---");
        System.out.printf(Locale.ROOT, "targets %d, interval %s, run %.0f s (the first %s is the start jitter)%n",
                targets, Durations.format(interval), wall, Durations.format(interval));
        System.out.printf(Locale.ROOT, "probes %d (%.1f/s overall, %.1f/s expected at steady state), failed %d, skipped %d, late %d, served %d%n",
                end.probes(), end.probes() / wall, targets / (interval.toMillis() / 1000.0), failures(end), end.skipped(),
                end.lateProbes(), served.get());
        System.out.printf(Locale.ROOT, "process cpu %.1f s = %.1f %% of one core (%.2f ms per probe%s)%n",
                cpu / 1e9, 100.0 * cpu / 1e9 / wall, cpu / 1e6 / Math.max(1, end.probes()),
                servers.isEmpty() ? ", prober only: the servers run in another process" : ", includes the " + serverCount + " in-process servers");
        System.out.printf(Locale.ROOT, "after warm-up, from %d s to the end: cpu %.1f s for %d probes (%.3f ms per probe)%n",
                half, steadyCpu / 1e9, end.probes() - halfProbes, steadyCpu / 1e6 / Math.max(1, end.probes() - halfProbes));
        System.out.printf(Locale.ROOT, "heap used max %d MB (sampled every 10 s), %d MB after GC with %d targets' stats held%n",
                heapMax >> 20, heapAfterGc >> 20, end.targets().size());
        System.out.printf(Locale.ROOT, "scheduling lag over the last %d probes: %s%n", end.lag().samples(), lag(end.lag()));
        System.out.printf(Locale.ROOT, "listener calls %d (events, not probes), prober starved alerts %d%n", events.get(), starved.get());
        servers.forEach(s -> s.stop(0));
        probeThreads.shutdownNow();
        serverThreads.shutdownNow();
    }

    private static HttpServer healthServer(ExecutorService threads, AtomicLong served) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.createContext("/health", exchange -> {
            served.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, HEALTHY.length);
            exchange.getResponseBody().write(HEALTHY);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
        return server;
    }

    private static long failures(ProbeStats st) {
        return st.targets().stream().mapToLong(t -> t.failures()).sum();
    }

    private static String lag(SchedulingLag l) {
        return String.format(Locale.ROOT, "p50 %.1f ms p99 %.1f ms max %.1f ms", l.p50().toNanos() / 1e6,
                l.p99().toNanos() / 1e6, l.max().toNanos() / 1e6);
    }
}
