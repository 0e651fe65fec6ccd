package dev.triage.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image as a user gets it, for real: the base made from Debian packages by {@code deploy/podman/base.sh} (cached
 * under /var/cache/triage-image by a hash of its inputs, so only the first run pays the debootstrap), the image built
 * by podman from the repository's Dockerfile with the jar this build packaged ({@code deploy/podman/build.sh}), then
 * run as its non-root user with a config: the console on, one target served by this test on 127.0.0.1 (the container
 * shares the host's network). It must become ready on {@code /readyz}, show its probes on {@code /metrics}, pass its
 * own HEALTHCHECK, answer {@code /backend status} typed on its standard input with → and · as themselves (UTF-8 in
 * whatever locale), and stop on SIGTERM with exit 0, saying it stopped cleanly.
 *
 * <p>Needs root, podman and (for the first build of the base) debootstrap with the network to deb.debian.org. Where
 * they are missing the test is skipped and says why; with {@code TRIAGE_IMAGE_TEST=required} (set by {@code .ci/run})
 * it fails instead. It runs in {@code mvn verify}, after the bot's jar is packaged.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ImageTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final String IMAGE = "localhost/triage:image-test";
    private static final boolean REQUIRED = "required".equals(System.getenv("TRIAGE_IMAGE_TEST"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    /** One finished command: its exit code and what it printed. */
    private record Ran(int exit, String out, String err) {
        String both() {
            return out + err;
        }
    }

    private Ran run(Duration within, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(podmanEnvironment());
        Process p = pb.start();
        if (!p.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " took over " + within.toSeconds() + " s\n" + Files.readString(out) + Files.readString(err));
        }
        return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** podman's settings: CONTAINERS_CONF as given, else the repository's (runc, no default ulimits) for machines like CI's. */
    private static Map<String, String> podmanEnvironment() {
        String conf = System.getenv("CONTAINERS_CONF");
        return Map.of("CONTAINERS_CONF", conf != null && !conf.isBlank() ? conf : ROOT.resolve("deploy/podman/containers.conf").toString());
    }

    /** Skips with the reason printed, or fails where the image test is required. */
    private static void cannotRun(String why) {
        String line = "ImageTest " + (REQUIRED ? "FAILED" : "skipped") + ": " + why;
        System.err.println(line);
        if (REQUIRED) {
            fail(line + " (TRIAGE_IMAGE_TEST=required)");
        }
        Assumptions.abort(why);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    @Test
    void theImageBuiltFromTheDockerfileRunsNonRootProbesAnswersItsConsoleInUtf8AndStopsCleanlyOnSigterm() throws Exception {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            cannotRun("podman and debootstrap run on Linux only");
        }
        if (!onPath("podman")) {
            cannotRun("podman is missing: apt-get install podman runc uidmap debootstrap (.ci/run installs them)");
        }
        Ran id = run(Duration.ofSeconds(10), "id", "-u");
        if (!id.out().strip().equals("0")) {
            cannotRun("it needs root (debootstrap and rootful podman), and runs as uid " + id.out().strip());
        }

        long t = System.nanoTime();
        Ran base = run(Duration.ofMinutes(8), "deploy/podman/base.sh");
        if (base.exit() != 0) {
            cannotRun("the Debian base could not be made: " + base.err().strip());
        }
        String baseImage = base.out().strip();
        boolean built = base.err().contains("debootstrap");
        System.err.printf("ImageTest: base %s %s in %d s%n", baseImage, built ? "built by debootstrap" : "reused from the cache", seconds(t));
        Ran probe = run(Duration.ofMinutes(1), "podman", "run", "--rm", baseImage, "true");
        if (probe.exit() != 0) {
            cannotRun("podman can't run a container here: " + probe.err().strip()
                    + " (on machines like CI's: CONTAINERS_CONF=deploy/podman/containers.conf)");
        }

        t = System.nanoTime();
        Ran image = run(Duration.ofMinutes(3), "deploy/podman/build.sh", IMAGE);
        if (image.exit() == 2 && image.err().contains("triage.jar")) {
            cannotRun(image.err().strip() + " The image test runs in mvn verify, after the bot is packaged.");
        }
        assertEquals(0, image.exit(), "podman build failed:\n" + image.both());
        System.err.printf("ImageTest: image %s built in %d s%n", IMAGE, seconds(t));

        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        byte[] ok = "{\"status\":\"ok\",\"version\":\"image-test\"}".getBytes(StandardCharsets.UTF_8);
        backend.createContext("/health", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ok.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(ok);
            }
        });
        backend.start();
        String name = "triage-image-test-" + ProcessHandle.current().pid();
        try {
            runBot(name, backend.getAddress().getPort());
        } finally {
            backend.stop(0);
            run(Duration.ofSeconds(30), "podman", "rm", "-f", "-t", "0", name);
            run(Duration.ofSeconds(30), "podman", "rmi", "-f", IMAGE);
        }
    }

    private void runBot(String name, int targetPort) throws Exception {
        int healthPort = freePort();
        Path config = dir.resolve("triage.yaml");
        Files.writeString(config, """
                targets:
                  - name: local
                    base_url: http://127.0.0.1:%d
                    checks: [http-health, tcp-connect]
                    timeout: 2s
                    probe: {interval: 1s, jitter: 200ms}
                adapters:
                  console: {enabled: true}
                channels: {default: console, incidents: console}
                store: {url: "jdbc:sqlite:/var/lib/triage/triage.db"}
                """.formatted(targetPort));
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        // The locale of the host doesn't matter either: with the C library's POSIX locale, the answer is still UTF-8.
        Ran posix = run(Duration.ofMinutes(1), "podman", "run", "--rm", "--no-healthcheck", "-e", "LC_ALL=POSIX",
                "-v", config + ":/etc/triage/triage.yaml:ro", IMAGE, "validate", "/etc/triage/triage.yaml");
        assertEquals(0, posix.exit(), posix.both());
        assertTrue(posix.out().contains("/etc/triage/triage.yaml: OK — 1 target (local), adapters: console"), posix.both());

        Path out = dir.resolve("bot.out");
        Path err = dir.resolve("bot.err");
        long t = System.nanoTime();
        // The image's own user, entrypoint, JVM defaults and CMD (run --config /etc/triage/triage.yaml); standard input is
        // the console. --health-interval disable: the HEALTHCHECK stays defined (run below), without a systemd timer.
        ProcessBuilder pb = new ProcessBuilder("podman", "run", "-i", "--name", name, "--network", "host", "--health-interval",
                "disable", "-v", config + ":/etc/triage/triage.yaml:ro", "-e", "TRIAGE_HEALTH_PORT=" + healthPort, IMAGE)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(podmanEnvironment());
        Process bot = pb.start();
        BooleanSupplier alive = bot::isAlive;
        String story;
        try (OutputStream stdin = bot.getOutputStream()) {
            await("/readyz answers 200", Duration.ofSeconds(90), () -> alive.getAsBoolean() && status(healthPort, "/readyz") == 200,
                    () -> logs(out, err));
            System.err.printf("ImageTest: container ready in %d s%n", seconds(t));

            Ran user = run(Duration.ofSeconds(30), "podman", "exec", name, "grep", "-E", "^(Uid|Gid):", "/proc/1/status");
            assertTrue(Pattern.compile("Uid:\\s+10001\\s+10001\\s+10001").matcher(user.out()).find(), "the bot runs as uid 10001: " + user.both());
            assertTrue(Pattern.compile("Gid:\\s+10001\\s+10001\\s+10001").matcher(user.out()).find(), "and gid 10001: " + user.both());

            Pattern probed = Pattern.compile("(?m)^probe_success\\{[^}]*target=\"local\"[^}]*\\} 1(\\.0)?$");
            await("/metrics shows the target probed successfully", Duration.ofSeconds(30),
                    () -> probed.matcher(body(healthPort, "/metrics")).find(), () -> body(healthPort, "/metrics") + logs(out, err));
            assertTrue(body(healthPort, "/metrics").contains("# TYPE triage_probe_duration_seconds histogram"));

            Ran health = run(Duration.ofSeconds(30), "podman", "healthcheck", "run", name);
            assertEquals(0, health.exit(), "the image's HEALTHCHECK: " + health.both());

            stdin.write("/backend status local\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            await("the console's answer", Duration.ofSeconds(30), () -> read(out).contains("local — UP"), () -> logs(out, err));
            await("the whole answer", Duration.ofSeconds(10), () -> read(out).contains(" UTC · "), () -> logs(out, err));
            String shown = read(out);
            assertTrue(shown.contains("GET http://127.0.0.1:" + targetPort + "/health → 200 OK"), "→ as itself:\n" + shown);
            assertTrue(shown.contains("· version image-test"), "· as itself:\n" + shown);
            assertTrue(!shown.contains("/health ? 200") && !shown.contains("? version"), "no character lost to the locale:\n" + shown);

            t = System.nanoTime();
            Ran stop = run(Duration.ofSeconds(60), "podman", "stop", "-t", "40", name);   // SIGTERM, SIGKILL only after 40 s
            assertEquals(0, stop.exit(), stop.both());
            assertTrue(bot.waitFor(30, TimeUnit.SECONDS), "podman run returned after the stop");
            story = logs(out, err);
            assertEquals(0, bot.exitValue(), "the container's exit code after SIGTERM\n" + story);
            assertTrue(read(err).contains("Triage stopped cleanly"), story);
            String said = read(err).lines().filter(l -> l.contains("Triage stopped cleanly")).findFirst().orElse("");
            System.err.printf("ImageTest: stopped with SIGTERM in %d s, exit 0; its log: %s%n", seconds(t),
                    said.substring(said.indexOf("Triage stopped")));
        } finally {
            if (bot.isAlive()) {
                bot.destroyForcibly();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String logs(Path out, Path err) {
        return "---- the container's standard output ----\n" + read(out) + "---- its standard error ----\n" + read(err);
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String body(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "(no answer: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static void await(String what, Duration within, BooleanSupplier done, java.util.function.Supplier<String> story)
            throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("not within " + within.toSeconds() + " s: " + what + "\n" + story.get());
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
