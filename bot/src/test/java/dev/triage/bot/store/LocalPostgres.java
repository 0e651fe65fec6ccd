package dev.triage.bot.store;

import dev.triage.config.StoreSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server on 127.0.0.1, from Debian's binaries (installed by .ci/run): initdb
 * into a temp folder, start on a free port, drop everything on close. Runs the server as the
 * {@code postgres} user when the tests run as root (PostgreSQL refuses root).
 */
public final class LocalPostgres implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final boolean root;
    private final Path bin;
    private Process server;

    private LocalPostgres(Path dir, int port, Process server, boolean root, Path bin) {
        this.dir = dir;
        this.port = port;
        this.server = server;
        this.root = root;
        this.bin = bin;
    }

    /** Stops the server as an outage would (fast shutdown: clients are cut off); {@link #restart} brings it back. */
    public synchronized void stop() throws IOException, InterruptedException {
        // SIGINT to the postmaster is PostgreSQL's fast shutdown: open connections are cut off, as in an outage.
        String pid = Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).strip();
        run(List.of("kill", "-INT", pid), Duration.ofSeconds(10));
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            throw new IOException("postgres did not stop within 20 s");
        }
    }

    /** Starts the stopped server again, on the same port with the same data. */
    public synchronized void restart() throws IOException, InterruptedException {
        server = launch(bin, root, dir, port);
        awaitReady(Duration.ofSeconds(30));
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of database {@code name} on this server. */
    public String jdbcUrl(String name) {
        return url(name);
    }

    public static LocalPostgres start() throws IOException, InterruptedException {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("triage-pg-");
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), Duration.ofSeconds(10));
        }
        Path data = dir.resolve("data");
        run(command(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "triage", "--auth=trust",
                "--no-sync", "-E", "UTF8"), Duration.ofSeconds(60));
        int port = freePort();
        LocalPostgres pg = new LocalPostgres(dir, port, launch(bin, root, dir, port), root, bin);
        pg.awaitReady(Duration.ofSeconds(30));
        return pg;
    }

    private static Process launch(Path bin, boolean root, Path dir, int port) throws IOException {
        return new ProcessBuilder(command(root, bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-k", dir.toString(), "-c", "fsync=off",
                "-c", "max_connections=200"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
    }

    /** A fresh, empty database on this server. */
    public StoreSettings newDatabase(String name) throws SQLException {
        try (var c = DriverManager.getConnection(url("postgres"), "triage", null); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new StoreSettings(url(name), "triage", null);
    }

    private String url(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    private void awaitReady(Duration within) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(within);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IOException("postgres exited: " + Files.readString(dir.resolve("server.log")));
            }
            try (var c = DriverManager.getConnection(url("postgres"), "triage", null)) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IOException("postgres did not accept connections within " + within.toSeconds() + " s: "
                + (last == null ? "" : last.getMessage()));
    }

    private static List<String> command(boolean asPostgres, String... args) {
        List<String> c = new ArrayList<>();
        if (asPostgres) {
            c.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        c.addAll(List.of(args));
        return c;
    }

    private static void run(List<String> command, Duration within) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(within.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static Path findBin() throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> versions = Files.exists(Path.of("/usr/lib/postgresql")) ? Files.list(Path.of("/usr/lib/postgresql")) : Stream.empty()) {
            versions.sorted(java.util.Comparator.reverseOrder()).forEach(v -> candidates.add(v.resolve("bin")));
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(p));
        }
        for (Path c : candidates) {
            if (Files.isExecutable(c.resolve("initdb")) && Files.isExecutable(c.resolve("postgres"))) {
                return c;
            }
        }
        throw new IOException("PostgreSQL's initdb and postgres were not found (looked in /usr/lib/postgresql/*/bin and PATH);"
                + " install them with: apt-get install postgresql (.ci/run does)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (server.isAlive()) {
            try {
                stop();
            } catch (IOException e) {
                server.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
