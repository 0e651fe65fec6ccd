package dev.triage.bot.ha;

import com.sun.net.httpserver.HttpServer;
import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.adapters.slack.SignedRequests;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Several real bot processes ({@code dev.triage.bot.Main run}, each its own JVM) on one PostgreSQL database,
 * answering a local fake of Slack's Web API in HTTP mode (each replica its own signed endpoint, as behind a load
 * balancer), probing local backends, with a fake Render API for an action that changes something countable.
 */
public final class BotCluster implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String TOKEN = "xoxb-1-test-token-for-the-fake";
    static final List<String> TARGETS = List.of("api", "web");

    /** One bot process. */
    public static final class Bot {
        final String name;
        final int slackPort;
        final int healthPort;
        final Process process;
        final Path log;

        Bot(String name, int slackPort, int healthPort, Process process, Path log) {
            this.name = name;
            this.slackPort = slackPort;
            this.healthPort = healthPort;
            this.process = process;
            this.log = log;
        }

        SignedRequests slack() {
            return new SignedRequests(slackPort, "/slack/events", SignedRequests.SIGNING_SECRET);
        }

        String log() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    final FakeSlackApi slack = new FakeSlackApi();
    final Path dir;
    final String jdbcUrl;
    private final Map<String, HttpServer> backends = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> health = new LinkedHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> probes = new LinkedHashMap<>();
    private final Map<String, java.util.concurrent.ConcurrentLinkedQueue<Instant>> probeTimes = new LinkedHashMap<>();
    private final HttpServer render;
    final AtomicInteger suspends = new AtomicInteger();
    final AtomicInteger resumes = new AtomicInteger();
    private final AtomicBoolean suspended = new AtomicBoolean();
    private final Path config;
    final List<Bot> bots = new ArrayList<>();
    /** More environment for the bots started from now on (e.g. RENDER_SUSPEND_FOR: how long render-restart waits). */
    final Map<String, String> env = new java.util.concurrent.ConcurrentHashMap<>();

    BotCluster(Path dir, String jdbcUrl) throws IOException {
        this(dir, jdbcUrl, "{lease_ttl: 3s, renew_every: 1s}");
    }

    BotCluster(Path dir, String jdbcUrl, String ha) throws IOException {
        this(dir, jdbcUrl, ha, 0);
    }

    /** @param extraTargets more targets, {@code load-0…}, probed every second against the {@code web} backend */
    public BotCluster(Path dir, String jdbcUrl, String ha, int extraTargets) throws IOException {
        this.dir = dir;
        this.jdbcUrl = jdbcUrl;
        for (String t : TARGETS) {
            AtomicInteger code = new AtomicInteger(200);
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.ConcurrentLinkedQueue<Instant> times = new java.util.concurrent.ConcurrentLinkedQueue<>();
            s.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            s.createContext("/health", ex -> {
                count.incrementAndGet();
                if (t.equals("api")) {
                    times.add(Instant.now());
                }
                int c = code.get();
                byte[] body = ("{\"status\":\"" + (c == 200 ? "ok" : "error") + "\"}").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(c, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            s.start();
            backends.put(t, s);
            health.put(t, code);
            probes.put(t, count);
            probeTimes.put(t, times);
        }
        render = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        render.createContext("/v1/services/srv-test", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/suspend")) {
                suspends.incrementAndGet();
                suspended.set(true);
            } else if (path.endsWith("/resume")) {
                resumes.incrementAndGet();
                suspended.set(false);
            }
            byte[] body = ("{\"id\":\"srv-test\",\"name\":\"api\",\"suspended\":\"" + (suspended.get() ? "suspended" : "not_suspended")
                    + "\",\"type\":\"web_service\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        render.start();
        StringBuilder operators = new StringBuilder("{\"ok\":true,\"usergroups\":[{\"id\":\"S_OPS\",\"users\":[\"U_ONCALL\"");
        for (int i = 0; i < 100; i++) {
            operators.append(",\"U_OP").append(i).append('"');
        }
        slack.answerAlways("usergroups.list", operators.append("]}]}").toString());
        config = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: api
                    base_url: http://127.0.0.1:%d
                    checks: [http-health]
                    timeout: 1s
                    probe: {interval: 300ms, failures_before_down: 2, successes_before_up: 2, jitter: 100ms, reminder: 3s}
                    cloud:
                      render: {service_id: srv-test, api_key: "${RENDER_API_KEY}", base_url: "http://127.0.0.1:%d/v1", suspend_for: "${RENDER_SUSPEND_FOR:-30s}"}
                  - name: web
                    base_url: http://127.0.0.1:%d
                    checks: [http-health]
                    timeout: 1s
                    probe: {interval: 300ms, failures_before_down: 2, successes_before_up: 2, jitter: 100ms, reminder: 3s}
                channels: {default: C_OPS, incidents: C_INCIDENTS}
                adapters:
                  console: {enabled: false}
                  slack:
                    mode: http
                    bot_token: ${BOT_TOKEN}
                    signing_secret: ${SIGNING_SECRET}
                    http_port: ${SLACK_PORT}
                    api_url: %s
                roles:
                  operator: [slack-group:S_OPS]
                commands:
                  - {name: bounce, help: suspend and resume the Render service, runs: {action: render-restart}}
                store: {url: "%s", user: triage}
                ha: %s
                """.formatted(backends.get("api").getAddress().getPort(), render.getAddress().getPort(),
                backends.get("web").getAddress().getPort(), slack.baseUrl(), jdbcUrl, ha).replace("channels:", loadTargets(extraTargets,
                backends.get("web").getAddress().getPort()) + "channels:"));
    }

    private static String loadTargets(int n, int port) {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < n; i++) {
            t.append("  - {name: load-").append(i).append(", base_url: \"http://127.0.0.1:").append(port)
                    .append("\", checks: [http-health], timeout: 1s, probe: {interval: 1s}}\n");
        }
        return t.toString();
    }

    /** Health requests the target's backend answered so far (every replica's probes and checks together). */
    public long probes(String target) {
        return probes.get(target).get();
    }

    /** When {@code api}'s backend was asked for its health, first to last. */
    public List<Instant> apiProbeTimes() {
        return List.copyOf(probeTimes.get("api"));
    }

    public void health(String target, int code) {
        health.get(target).set(code);
    }

    /** Starts a bot process named {@code name}; it answers Slack on its own port. */
    public Bot start(String name) throws IOException {
        int slackPort = freePort();
        int healthPort = freePort();
        Path log = dir.resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.triage.bot.Main", "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("BOT_TOKEN", TOKEN);
        env.put("SIGNING_SECRET", SignedRequests.SIGNING_SECRET);
        env.put("RENDER_API_KEY", "rnd_test_key_for_the_fake_render");
        env.put("SLACK_PORT", Integer.toString(slackPort));
        env.put("TRIAGE_HEALTH_PORT", Integer.toString(healthPort));
        env.put("TRIAGE_REPLICA_NAME", name);
        env.put("TRIAGE_LOG_LEVEL", "info");
        env.putAll(this.env);
        Bot bot = new Bot(name, slackPort, healthPort, pb.start(), log);
        bots.add(bot);
        return bot;
    }

    /** Waits until each bot answers its Slack endpoint and one of them leads. */
    public Bot awaitReady(List<Bot> these) throws Exception {
        for (Bot b : these) {
            await(b + " listening", () -> {
                try (var s = new java.net.Socket(InetAddress.getLoopbackAddress(), b.slackPort)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        }
        return awaitLeader(null);
    }

    /** The bot whose lease is live now, by the database. */
    public Optional<Bot> leader() {
        try (var c = DriverManager.getConnection(jdbcUrl, "triage", null); var s = c.prepareStatement("SELECT r.name FROM leases l "
                + "JOIN replicas r ON r.id = l.holder WHERE l.expires_at > CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)");
             var r = s.executeQuery()) {
            if (!r.next()) {
                return Optional.empty();
            }
            String name = r.getString(1);
            return bots.stream().filter(b -> b.name.equals(name) && b.process.isAlive()).findFirst();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** Waits for a leader other than {@code not}. */
    public Bot awaitLeader(Bot not) throws Exception {
        Bot[] found = new Bot[1];
        await("a leader" + (not == null ? "" : " other than " + not), () -> {
            Optional<Bot> l = leader();
            l.ifPresent(b -> found[0] = b);
            return l.isPresent() && l.get() != not;
        });
        return found[0];
    }

    public List<Bot> followers(Bot leader) {
        return bots.stream().filter(b -> b != leader && b.process.isAlive()).toList();
    }

    long count(String sql) throws SQLException {
        try (var c = DriverManager.getConnection(jdbcUrl, "triage", null); var s = c.prepareStatement(sql); var r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    public static void kill(Bot b) throws InterruptedException {
        b.process.destroyForcibly();   // SIGKILL: no shutdown hook, no goodbye
        b.process.waitFor(10, TimeUnit.SECONDS);
    }

    static void signal(Bot b, String signal) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(b.process.pid())).inheritIO().start();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    public void await(String what, BooleanSupplier done) throws Exception {
        Instant end = Instant.now().plus(WAIT);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what + "\n" + story());
            }
            Thread.sleep(50);
        }
    }

    /** Everything Slack received, and each bot's log, for a failed assertion. */
    String story() {
        StringBuilder s = new StringBuilder("Slack saw:\n");
        for (var c : slack.calls("chat.postMessage")) {
            s.append("  post ").append(c.param("channel")).append(c.param("thread_ts") == null ? "" : " in " + c.param("thread_ts"))
                    .append(": ").append(c.param("text")).append('\n');
        }
        for (Bot b : bots) {
            s.append("---- ").append(b).append(" ----\n").append(b.log()).append('\n');
        }
        return s.toString();
    }

    /** How many roots of {@code target}'s incidents Slack has. */
    public int roots(String target) {
        return (int) slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null && c.param("text") != null
                && c.param("text").contains("OPEN  " + target + " is DOWN")).count();
    }

    /** How many resolutions of {@code target}'s incidents Slack has. */
    public int resolutions(String target) {
        return (int) slack.calls("chat.postMessage").stream().filter(c -> c.param("text") != null
                && c.param("text").contains("RESOLVED  " + target + " was down")).count();
    }

    /** When the first message (a post or an edit) after {@code after} reached Slack; null when none did. */
    public Instant firstMessageAfter(Instant after) {
        return java.util.stream.Stream.concat(slack.calls("chat.postMessage").stream(), slack.calls("chat.update").stream())
                .map(FakeSlackApi.Call::at).filter(t -> t.isAfter(after)).min(Instant::compareTo).orElse(null);
    }

    /** When the latest resolution of {@code target} reached Slack. */
    public Instant lastResolutionAt(String target) {
        return slack.calls("chat.postMessage").stream().filter(c -> c.param("text") != null
                && c.param("text").contains("RESOLVED  " + target + " was down")).map(FakeSlackApi.Call::at).max(Instant::compareTo)
                .orElse(null);
    }

    /** The first health request {@code api}'s backend saw after {@code after}. */
    public Instant firstApiProbeAfter(Instant after) {
        return apiProbeTimes().stream().filter(t -> t.isAfter(after)).findFirst().orElse(null);
    }

    /** Health requests per second all backends answer, over {@code window}. */
    public double probeRate(Duration window) throws InterruptedException {
        long before = probes.values().stream().mapToLong(java.util.concurrent.atomic.AtomicLong::get).sum();
        Thread.sleep(window.toMillis());
        long after = probes.values().stream().mapToLong(java.util.concurrent.atomic.AtomicLong::get).sum();
        return (after - before) / (window.toMillis() / 1000.0);
    }

    /**
     * Sends {@code /backend incidents} to {@code bot} from a channel of its own, and returns how long until Slack had
     * the answer in that channel (polled every 5 ms), in milliseconds.
     */
    public long answerLatency(Bot bot, String channel) throws Exception {
        Instant sent = Instant.now();
        int status = bot.slack().send(SignedRequests.slashCommand(channel, "U_ONCALL", "oncall", "/backend", "incidents")).statusCode();
        if (status != 200) {
            throw new AssertionError("the command was answered " + status);
        }
        Instant end = sent.plus(WAIT);
        while (Instant.now().isBefore(end)) {
            if (slack.calls("chat.postMessage").stream().anyMatch(c -> channel.equals(c.param("channel")))) {
                return Duration.between(sent, Instant.now()).toMillis();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no answer in " + channel);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Bot b : bots) {
            if (b.process.isAlive()) {
                signal(b, "CONT");
                b.process.destroyForcibly();
                b.process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        backends.values().forEach(s -> s.stop(0));
        render.stop(0);
        slack.close();
    }
}
