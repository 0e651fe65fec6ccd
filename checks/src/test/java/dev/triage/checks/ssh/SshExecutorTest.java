package dev.triage.checks.ssh;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Scheduler;
import dev.triage.checks.ssh.RemoteAccessException.Kind;
import dev.triage.checks.ssh.testing.FakeTicker;
import dev.triage.checks.ssh.testing.LocalSshd;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import dev.triage.checks.ssh.testing.RemoteProcesses;
import dev.triage.config.Secret;
import dev.triage.config.Ssh;
import dev.triage.config.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SshExecutor} against a real OpenSSH sshd on 127.0.0.1. */
class SshExecutorTest {

    @RegisterExtension
    static final LocalSshdExtension SSHD = new LocalSshdExtension();

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final Duration GONE_WITHIN = Duration.ofSeconds(15);

    private final FakeTicker ticker = new FakeTicker();
    private SshExecutor executor;
    private LocalSshd sshd;

    @BeforeEach
    void startExecutor() {
        sshd = SSHD.sshd();
        executor = SshExecutor.builder()
                .killAfter(Duration.ofSeconds(1))
                .clientGrace(Duration.ofSeconds(1))
                .closeWait(Duration.ofSeconds(2))
                .ticker(ticker)
                .scheduler(Scheduler.disabledScheduler())
                .build();
    }

    @AfterEach
    void closeExecutor() {
        executor.close();
    }

    @Test
    void severalCommandsInOneExecComeApartWithTheirOwnOutputAndExitStatus() throws Exception {
        Target target = sshd.target("local");
        List<String> commands = List.of("printf 'no newline'", "echo out; echo err >&2; exit 3", "cat /proc/loadavg",
                "echo '@@triage-batch-0000@@ 0'; printf ''", "nproc");
        long before = executor.connectAttempts();
        List<CommandResult> batched = executor.runEach(target, commands, DEADLINE);
        assertEquals(commands.size(), batched.size());
        for (int i = 0; i < commands.size(); i++) {
            CommandResult alone = executor.run(target, commands.get(i), DEADLINE);
            CommandResult one = batched.get(i);
            assertEquals(commands.get(i), one.command());
            assertEquals(alone.exitStatus(), one.exitStatus(), commands.get(i));
            assertEquals(alone.stderr(), one.stderr(), commands.get(i));
            if (!commands.get(i).contains("loadavg")) {   // the load moves between the two runs
                assertEquals(alone.stdout(), one.stdout(), commands.get(i));
            }
        }
        assertEquals("no newline", batched.get(0).stdout());
        assertEquals(3, batched.get(1).exitStatus());
        assertEquals("out\n", batched.get(1).stdout());
        assertEquals("err\n", batched.get(1).stderr());
        assertEquals("@@triage-batch-0000@@ 0\n", batched.get(3).stdout(), "output that looks like a marker is only output");
        assertTrue(executor.connectAttempts() - before <= 1);
    }

    @Test
    void aBatchCutByItsDeadlineSaysWhichCommandsNeverFinished() throws Exception {
        List<CommandResult> batched = executor.runEach(sshd.target("local"), List.of("echo first", "sleep 30", "echo never"),
                Duration.ofSeconds(1));
        assertEquals(0, batched.get(0).exitStatus());
        assertEquals("first\n", batched.get(0).stdout());
        assertTrue(batched.get(1).timedOut(), "the one the deadline cut");
        assertTrue(batched.get(2).timedOut() && batched.get(2).stdout().isEmpty(), "the one that never started");
    }

    @Test
    void runsACommandAndReturnsItsOutputAndExitStatus() throws Exception {
        CommandResult result = executor.run(sshd.target("local"), "echo hello; echo warn >&2", DEADLINE);

        assertAll(
                () -> assertEquals(0, result.exitStatus()),
                () -> assertEquals("hello\n", result.stdout()),
                () -> assertEquals("warn\n", result.stderr()),
                () -> assertTrue(result.succeeded()),
                () -> assertFalse(result.timedOut()),
                () -> assertFalse(result.truncated()),
                () -> assertEquals("echo hello; echo warn >&2", result.command()));
    }

    @Test
    void reportsANonZeroExitStatusAsAResultNotAnException() throws Exception {
        CommandResult result = executor.run(sshd.target("local"), "echo oops >&2; exit 3", DEADLINE);

        assertEquals(3, result.exitStatus());
        assertEquals("oops\n", result.stderr());
        assertFalse(result.succeeded());
        assertFalse(result.timedOut());
    }

    @Test
    void passesSingleQuotesAndShellSyntaxThroughIntact() throws Exception {
        CommandResult result = executor.run(sshd.target("local"),
                "printf '%s|%s\\n' \"it's\" 'a \"b\" $HOME'", DEADLINE);

        assertEquals("it's|a \"b\" $HOME\n", result.stdout());
    }

    @Test
    void refusesAnUnknownHostKeyNamingItsFingerprintAndWhatToDo() {
        Path empty = sshd.writeFile("known_hosts_empty", "");
        Target target = sshd.target("local", sshd.ssh(empty, sshd.userKeyFile(), null));

        RemoteAccessException e = assertThrows(RemoteAccessException.class,
                () -> executor.run(target, "echo never", DEADLINE));

        assertEquals(Kind.HOST_KEY_UNKNOWN, e.kind());
        assertTrue(e.getMessage().contains(sshd.hostKeyFingerprint()), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + sshd.port()), e.getMessage());
        assertTrue(e.getMessage().contains("add this line to " + empty), e.getMessage());
        assertEquals(0, executor.openConnections());
    }

    @Test
    void refusesAnUnknownHostKeyWhenTheKnownHostsFileDoesNotExist() {
        Path missing = sshd.directory().resolve("no_such_known_hosts");
        Target target = sshd.target("local", sshd.ssh(missing, sshd.userKeyFile(), null));

        RemoteAccessException e = assertThrows(RemoteAccessException.class,
                () -> executor.run(target, "echo never", DEADLINE));

        assertEquals(Kind.HOST_KEY_UNKNOWN, e.kind());
        assertTrue(e.getMessage().contains(missing + " does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains(sshd.hostKeyFingerprint()), e.getMessage());
    }

    @Test
    void refusesAChangedHostKeyNamingThePresentedFingerprint() throws Exception {
        Path otherHostKey = sshd.newUnauthorizedKey("other_host_key");
        String otherPublic = Files.readString(otherHostKey.resolveSibling("other_host_key.pub"));
        Path changed = sshd.writeFile("known_hosts_changed", sshd.knownHostsLine(otherPublic) + "\n");
        Target target = sshd.target("local", sshd.ssh(changed, sshd.userKeyFile(), null));

        RemoteAccessException e = assertThrows(RemoteAccessException.class,
                () -> executor.run(target, "echo never", DEADLINE));

        assertEquals(Kind.HOST_KEY_CHANGED, e.kind());
        assertTrue(e.getMessage().contains(sshd.hostKeyFingerprint()), e.getMessage());
        assertTrue(e.getMessage().contains("[127.0.0.1]:" + sshd.port()), e.getMessage());
        assertTrue(e.getMessage().contains(changed.toString()), e.getMessage());
    }

    @Test
    void reportsAnUnauthorizedUserKeyAsAuthFailedNamingTheKeyFile() {
        Path stranger = sshd.newUnauthorizedKey("stranger_key");
        Target target = sshd.target("local", sshd.ssh(sshd.knownHostsFile(), stranger, null));

        RemoteAccessException e = assertThrows(RemoteAccessException.class,
                () -> executor.run(target, "echo never", DEADLINE));

        assertEquals(Kind.AUTH_FAILED, e.kind());
        assertTrue(e.getMessage().contains(sshd.user() + "@127.0.0.1:" + sshd.port()), e.getMessage());
        assertTrue(e.getMessage().contains(stranger.toString()), e.getMessage());
    }

    @Test
    void reportsARefusedConnectionAsConnectFailed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = socket.getLocalPort();
        }
        Ssh ssh = new Ssh("127.0.0.1", closedPort, sshd.user(), sshd.userKeyFile(), null, sshd.knownHostsFile(),
                Duration.ofSeconds(2), null);

        RemoteAccessException e = assertThrows(RemoteAccessException.class,
                () -> executor.run(sshd.target("local", ssh), "echo never", DEADLINE));

        assertEquals(Kind.CONNECT_FAILED, e.kind());
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
    }

    @Test
    void aPortThatAcceptsButNeverSpeaksSshTimesOutWithinTheConnectTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0), 10);   // the kernel accepts; nobody ever answers
            Ssh ssh = new Ssh("127.0.0.1", silent.getLocalPort(), sshd.user(), sshd.userKeyFile(), null, sshd.knownHostsFile(),
                    Duration.ofMillis(500), null);
            long started = System.nanoTime();

            RemoteAccessException e = assertThrows(RemoteAccessException.class,
                    () -> executor.run(sshd.target("local", ssh), "echo never", Duration.ofSeconds(10)));

            assertEquals(Kind.TIMEOUT, e.kind());
            assertEquals("SSH connection to 127.0.0.1:" + silent.getLocalPort() + " was accepted, but no SSH server answered"
                    + " within 500 ms: another service listens on that port, or sshd is stuck. Check ssh.port, and that sshd"
                    + " answers there (ssh -v).", e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0,
                    "bounded by the connect timeout, not the command's deadline");
        }
    }

    @Test
    void cutsAHangingCommandAtItsDeadlineAndLeavesNoProcessBehind() throws Exception {
        String marker = uniqueSleep();

        CommandResult result = executor.run(sshd.target("local"), "echo started; sleep " + marker,
                Duration.ofSeconds(1));

        assertTrue(result.timedOut());
        assertEquals(124, result.exitStatus());
        assertEquals("started\n", result.stdout());
        assertEquals(List.of(), RemoteProcesses.awaitGone(marker, GONE_WITHIN));
        assertEquals("still usable\n",
                executor.run(sshd.target("local"), "echo still usable", DEADLINE).stdout());
    }

    @Test
    void givesUpOnACommandWhoseRemoteTimeoutNeverFiresThenDropsAndReopensTheConnection() throws Exception {
        executor.run(sshd.target("local"), "true", DEADLINE);
        long handshakes = executor.handshakes();
        // A host whose `timeout` ignores its deadline: only the client-side deadline can end the command.
        // The stand-in ends itself: OpenSSH ignores the client's KILL signal on root logins (no
        // privilege-separated session), and these tests log in as root.
        String marker = "6." + uniqueFraction();
        sshd.installStandIn("timeout", "exec sleep " + marker + "\n");

        CommandResult result = executor.run(sshd.target("local"), "echo unreachable", Duration.ofSeconds(1));

        assertTrue(result.timedOut());
        assertEquals(CommandResult.NO_EXIT_STATUS, result.exitStatus());
        assertEquals(1, executor.clientTimeouts());
        sshd.removeStandIn("timeout");
        assertEquals("again\n", executor.run(sshd.target("local"), "echo again", DEADLINE).stdout());
        assertEquals(handshakes + 1, executor.handshakes());
        RemoteProcesses.awaitGone(marker, GONE_WITHIN);
    }

    @Test
    void truncatesOutputBeyondTheCapAndStillSeesTheCommandFinish() throws Exception {
        try (SshExecutor small = SshExecutor.builder().outputCap(1024).scheduler(Scheduler.disabledScheduler()).build()) {
            CommandResult result = small.run(sshd.target("local"),
                    "head -c 300000 /dev/zero | tr '\\0' x; echo; echo done >&2", DEADLINE);

            assertTrue(result.truncated());
            assertEquals(1024, result.stdout().length());
            assertTrue(result.stdout().chars().allMatch(c -> c == 'x'));
            assertEquals("done\n", result.stderr());
            assertEquals(0, result.exitStatus());
            assertFalse(result.timedOut());
        }
    }

    @Test
    void readsAChattyStderrAlongsideStdoutWithoutStalling() throws Exception {
        CommandResult result = executor.run(sshd.target("local"),
                "head -c 2000000 /dev/zero | tr '\\0' e >&2; echo out", Duration.ofSeconds(5));

        assertFalse(result.timedOut());
        assertEquals(0, result.exitStatus());
        assertEquals("out\n", result.stdout());
        assertTrue(result.truncated());
        assertEquals(256 * 1024, result.stderr().length());
    }

    @Test
    void manyConcurrentCommandsToOneHostShareOneHandshake() throws Exception {
        int commands = 16;
        ExecutorService pool = Executors.newFixedThreadPool(commands);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<CommandResult>> results = new ArrayList<>();
            for (int i = 0; i < commands; i++) {
                String command = "sleep 0.2; echo " + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return executor.run(sshd.target("local"), command, Duration.ofSeconds(10));
                }));
            }
            start.countDown();
            for (int i = 0; i < commands; i++) {
                CommandResult result = results.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(i + "\n", result.stdout());
                assertTrue(result.succeeded());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, executor.handshakes());
        assertEquals(1, executor.openConnections());
    }

    @Test
    void reopensAConnectionKilledUnderItOnce() throws Exception {
        executor.run(sshd.target("local"), "true", DEADLINE);
        assertEquals(1, executor.handshakes());

        sshd.dropConnections();
        CommandResult result = executor.run(sshd.target("local"), "echo back", DEADLINE);

        assertEquals("back\n", result.stdout());
        assertEquals(2, executor.handshakes());
        assertEquals(1, executor.openConnections());
    }

    @Test
    void closesAConnectionIdlePastTheExpiryAndOpensAFreshOneWhenNeeded() throws Exception {
        executor.run(sshd.target("local"), "true", DEADLINE);
        ticker.advance(Duration.ofMinutes(4));
        executor.cleanUp();
        assertEquals(1, executor.openConnections());

        ticker.advance(Duration.ofMinutes(2));
        executor.cleanUp();

        assertEquals(0, executor.openConnections());
        executor.run(sshd.target("local"), "true", DEADLINE);
        assertEquals(2, executor.handshakes());
    }

    @Test
    void logsInWithKeyTextFromASecret() throws Exception {
        Target target = sshd.target("local", sshd.sshWithKeyText("TRIAGE_SSH_KEY"));

        CommandResult result = executor.run(target, "echo from secret", DEADLINE);

        assertEquals("from secret\n", result.stdout());
    }

    @Test
    void neverShowsTheKeyTextOfARefusedSecretKey() throws Exception {
        Path stranger = sshd.newUnauthorizedKey("stranger_secret_key");
        String pem = Files.readString(stranger);
        Secret secret = Secret.of(pem, "TRIAGE_SSH_KEY");
        Target target = sshd.target("local", sshd.ssh(sshd.knownHostsFile(), null, secret));

        RemoteAccessException e = assertThrows(RemoteAccessException.class,
                () -> executor.run(target, "echo never", DEADLINE));

        assertEquals(Kind.AUTH_FAILED, e.kind());
        assertTrue(e.getMessage().contains("private key from TRIAGE_SSH_KEY"), e.getMessage());
        assertKeyTextAbsent(pem, e);
    }

    @Test
    void neverShowsTheKeyTextOfAMalformedSecretKey() {
        String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWJ1dC1ub3QtYS1rZXktYXQtYWxs\n"
                + "-----END OPENSSH PRIVATE KEY-----\n";
        Target target = sshd.target("local", sshd.ssh(sshd.knownHostsFile(), null, Secret.of(pem, "TRIAGE_SSH_KEY")));

        RemoteAccessException e = assertThrows(RemoteAccessException.class,
                () -> executor.run(target, "echo never", DEADLINE));

        assertEquals(Kind.CONFIG, e.kind());
        assertTrue(e.getMessage().contains("TRIAGE_SSH_KEY"), e.getMessage());
        assertKeyTextAbsent(pem, e);
    }

    @Test
    void runsStandInsPutOnThePathByTheHarness() throws Exception {
        sshd.installStandInPrinting("systemctl", "active\n", 0);
        sshd.installStandInPrinting("ufw", "Status: inactive\n", 0);

        CommandResult unit = executor.run(sshd.target("local"), "systemctl is-active api.service", DEADLINE);
        CommandResult firewall = executor.run(sshd.target("local"), "ufw status", DEADLINE);

        assertEquals("active\n", unit.stdout());
        assertEquals("Status: inactive\n", firewall.stdout());
    }

    @Test
    void recognisesSudoRefusingWithoutAPassword() throws Exception {
        sshd.installStandIn("sudo", "echo 'sudo: a password is required' >&2\nexit 1\n");

        CommandResult result = executor.run(sshd.target("local"), "sudo -n systemctl restart api.service", DEADLINE);

        assertEquals(SudoDiagnostics.Refusal.PASSWORD_REQUIRED, SudoDiagnostics.refusal(result).orElseThrow());
        String message = SudoDiagnostics.explain(result, sshd.user(), "local").orElseThrow();
        assertTrue(message.contains("NOPASSWD"), message);
    }

    private static void assertKeyTextAbsent(String pem, Throwable e) {
        List<String> secretLines = pem.lines().filter(l -> !l.startsWith("-----") && l.length() > 8).toList();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t.toString();
            for (String line : secretLines) {
                assertFalse(text.contains(line), "key text leaked into: " + text);
            }
        }
    }

    /** A {@code sleep} argument no other process on this machine has: seconds with a random fraction. */
    private static String uniqueSleep() {
        return "300." + uniqueFraction();
    }

    private static String uniqueFraction() {
        return String.format("%09d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
    }
}
