package dev.triage.checks.ssh.testing;

import dev.triage.config.Secret;
import dev.triage.config.Ssh;
import dev.triage.config.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real OpenSSH server on 127.0.0.1 for tests: {@code /usr/sbin/sshd -D -e -f CONFIG} (Debian's
 * {@code openssh-server}) on a free port, with a throwaway ed25519 host key, a throwaway authorized
 * user key, and the matching known_hosts file, all in one folder. Logs in as the user running the
 * tests. Commands run with {@code DIR/bin} first on their PATH, so {@link #installStandIn} can put a
 * fake {@code systemctl}, {@code journalctl}, {@code ufw}, {@code docker}, {@code sudo}… there.
 *
 * <pre>{@code
 * try (LocalSshd sshd = LocalSshd.start(tempDir)) {
 *     sshd.installStandInPrinting("systemctl", "active\n", 0);
 *     CommandResult r = executor.run(sshd.target("prod"), "systemctl is-active api", Duration.ofSeconds(2));
 * }
 * }</pre>
 *
 * Or let {@link LocalSshdExtension} start one per test class.
 */
public final class LocalSshd implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);
    private static final Pattern COMMAND_NAME = Pattern.compile("[A-Za-z0-9._+-]+");

    private final Path dir;
    private final Path bin;
    /** Links to the machine's own tools: the rest of the PATH, so that a test can take one away for real. */
    private final Path system;
    private final Path log;
    private final String user;
    private final Path hostKey;
    private final Path userKey;
    private final Path knownHosts;
    private Process process;
    private int port;

    private LocalSshd(Path dir, String user) {
        this.dir = dir.toAbsolutePath();
        this.bin = this.dir.resolve("bin");
        this.system = this.dir.resolve("system");
        this.log = this.dir.resolve("sshd.log");
        this.user = user;
        this.hostKey = this.dir.resolve("ssh_host_ed25519_key");
        this.userKey = this.dir.resolve("id_ed25519");
        this.knownHosts = this.dir.resolve("known_hosts");
    }

    /**
     * Generates the keys and starts sshd in {@code dir} (which should be empty, e.g. a {@code @TempDir}),
     * waiting until it answers with its SSH banner.
     */
    public static LocalSshd start(Path dir) throws IOException, InterruptedException {
        return start(dir, System.getProperty("user.name"));
    }

    /**
     * As {@link #start(Path)}, logging in as {@code loginUser}, another account of this machine (sshd runs as the
     * test's user, so this needs root). The folder is made readable to that user, as sshd reads the authorized key
     * file as the user logging in (its parent folders must be open to it, as {@code /tmp} is).
     */
    public static LocalSshd start(Path dir, String loginUser) throws IOException, InterruptedException {
        LocalSshd sshd = new LocalSshd(dir, loginUser);
        sshd.prepare();
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                sshd.launch(freePort());
                return sshd;
            } catch (IOException e) {
                last = e;
                sshd.stopProcess();
            }
        }
        throw last;
    }

    private void prepare() throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: install Debian's openssh-server"
                    + " (apt-get install -y openssh-server) to run the SSH tests.");
        }
        Files.createDirectories(bin);
        linkSystemTools();
        if (!user.equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep)) {
            Files.createDirectories(privsep);
        }
        generateKey(hostKey, "triage-test-host");
        generateKey(userKey, "triage-test-user");
        Files.copy(userKey.resolveSibling(userKey.getFileName() + ".pub"), dir.resolve("authorized_keys"));
        Files.setPosixFilePermissions(dir.resolve("authorized_keys"), PosixFilePermissions.fromString("rw-r--r--"));
    }

    private void launch(int candidatePort) throws IOException, InterruptedException {
        this.port = candidatePort;
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress " + HOST,
                "Port " + port,
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "AllowUsers " + user,
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PrintMotd no",
                "MaxSessions 10",
                "MaxStartups 100",
                "LogLevel VERBOSE",
                "SetEnv PATH=" + bin + ":" + system,
                ""));
        Files.writeString(knownHosts, knownHostsLine(Files.readString(hostKey.resolveSibling(
                hostKey.getFileName() + ".pub"))) + "\n");
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitBanner();
    }

    private void awaitBanner() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited with " + process.exitValue() + " on port " + port + ": " + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 500);
                socket.setSoTimeout(2000);
                String banner = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                if (banner != null && banner.startsWith("SSH-2.0-")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IOException("sshd did not answer on " + HOST + ":" + port + " within " + READY_WITHIN + ": "
                + logTail());
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** The user the tests log in as: the one running them. */
    public String user() {
        return user;
    }

    public Path directory() {
        return dir;
    }

    /** known_hosts with this server's host key for {@code [127.0.0.1]:port}. */
    public Path knownHostsFile() {
        return knownHosts;
    }

    /** The authorized user key (unencrypted OpenSSH format). */
    public Path userKeyFile() {
        return userKey;
    }

    /** The authorized user key's PEM text, as it would come from an environment variable. */
    public String userKeyText() {
        return read(userKey);
    }

    public Path hostPublicKeyFile() {
        return hostKey.resolveSibling(hostKey.getFileName() + ".pub");
    }

    /** The host key's fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:…}. */
    public String hostKeyFingerprint() {
        String line = run(Duration.ofSeconds(10), "ssh-keygen", "-l", "-E", "sha256", "-f",
                hostPublicKeyFile().toString());
        return line.trim().split("\\s+")[1];
    }

    /** SSH settings reaching this server with the authorized key file and the right known_hosts. */
    public Ssh ssh() {
        return ssh(knownHosts, userKey, null);
    }

    /** SSH settings with the authorized key given as PEM text in a {@link Secret} from {@code origin}. */
    public Ssh sshWithKeyText(String origin) {
        return ssh(knownHosts, null, Secret.of(userKeyText(), origin));
    }

    /** SSH settings for this server with any known_hosts file and key (file or text; one may be null). */
    public Ssh ssh(Path knownHostsFile, Path privateKeyFile, Secret privateKey) {
        return new Ssh(HOST, port, user, privateKeyFile, privateKey, knownHostsFile, Duration.ofSeconds(5),
                Duration.ofSeconds(5));
    }

    /** A target named {@code name} reaching this server with {@link #ssh()}. */
    public Target target(String name) {
        return target(name, ssh());
    }

    public Target target(String name, Ssh ssh) {
        return new Target(name, null, HOST, port, null, null, null, null, null, null, ssh, null);
    }

    /** A known_hosts line naming this server ({@code [127.0.0.1]:port}) with the given public key line. */
    public String knownHostsLine(String publicKeyLine) {
        String[] parts = publicKeyLine.trim().split("\\s+");
        return "[" + HOST + "]:" + port + " " + parts[0] + " " + parts[1];
    }

    /** Writes {@code content} to a new file in this server's folder and returns its path. */
    public Path writeFile(String name, String content) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A fresh, unauthorized ed25519 key pair in this server's folder; returns the private key's path. */
    public Path newUnauthorizedKey(String name) {
        Path key = dir.resolve(name);
        try {
            generateKey(key, "triage-test-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return key;
    }

    /**
     * Puts an executable {@code command} first on the PATH of every command run through this server.
     * A script without a {@code #!} line gets {@code #!/bin/sh}.
     */
    public Path installStandIn(String command, String script) {
        if (!COMMAND_NAME.matcher(command).matches()) {
            throw new IllegalArgumentException("not a plain command name: " + command);
        }
        String text = script.startsWith("#!") ? script : "#!/bin/sh\n" + script;
        Path file = bin.resolve(command);
        try {
            Files.writeString(file, text.endsWith("\n") ? text : text + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A stand-in that ignores its arguments, prints {@code stdout} exactly, and exits with {@code exitStatus}. */
    public Path installStandInPrinting(String command, String stdout, int exitStatus) {
        Path fixture = bin.resolve("." + command + ".out");
        try {
            Files.writeString(fixture, stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return installStandIn(command, "cat '" + fixture + "'\nexit " + exitStatus + "\n");
    }

    public void removeStandIn(String command) {
        try {
            Files.deleteIfExists(bin.resolve(command));
            Files.deleteIfExists(bin.resolve("." + command + ".out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every stand-in and brings back every tool {@link #removeTool taken away}. */
    public void removeStandIns() {
        try (Stream<Path> files = Files.list(bin)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            linkSystemTools();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Takes the machine's own {@code command} off the PATH of commands run through this server, as on a host that
     * doesn't have it installed (until {@link #removeStandIns()}, which runs after each test under the extension).
     */
    public void removeTool(String command) {
        if (!COMMAND_NAME.matcher(command).matches()) {
            throw new IllegalArgumentException("not a plain command name: " + command);
        }
        removeStandIn(command);
        try {
            Files.deleteIfExists(system.resolve(command));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A link in {@code system} to each executable of the usual PATH, the first of a name winning as on a PATH. */
    private void linkSystemTools() throws IOException {
        Files.createDirectories(system);
        for (String d : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path from = Path.of(d);
            if (!Files.isDirectory(from)) {
                continue;
            }
            try (Stream<Path> tools = Files.list(from)) {
                for (Path tool : tools.toList()) {
                    Path link = system.resolve(tool.getFileName().toString());
                    if (Files.isExecutable(tool) && !Files.isDirectory(tool) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, tool);
                    }
                }
            }
        }
    }

    /**
     * Kills every process this sshd started for its connections (and what they run), as a network
     * drop or a crashed sshd would; the listener stays up so clients can reconnect. Returns once they
     * are gone (bounded).
     */
    public void dropConnections() throws InterruptedException {
        List<ProcessHandle> children = new ArrayList<>(process.toHandle().descendants().toList());
        children.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** How many connections sshd is serving now (its per-connection processes). */
    public long connectionProcesses() {
        return process.toHandle().children().filter(ProcessHandle::isAlive).count();
    }

    /** sshd's log so far (for assertion messages). */
    public String logTail() {
        String text = Files.exists(log) ? read(log) : "";
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    @Override
    public void close() {
        stopProcess();
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        List<ProcessHandle> descendants = stopping.toHandle().descendants().toList();
        stopping.destroy();
        try {
            if (!stopping.waitFor(5, TimeUnit.SECONDS)) {
                stopping.destroyForcibly();
                stopping.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            stopping.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** Deletes the server's folder (for callers that made it themselves). */
    public void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void generateKey(Path file, String comment) throws IOException, InterruptedException {
        Objects.requireNonNull(file);
        run(Duration.ofSeconds(20), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        }
    }

    private static String run(Duration within, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + within);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
