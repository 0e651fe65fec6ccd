package dev.triage.checks.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Scheduler;
import dev.triage.checks.ssh.testing.LocalSshd;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import dev.triage.config.Target;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Read-only commands sent to one host at once share one exec, over a real OpenSSH sshd on 127.0.0.1. */
class CoalescingShellTest {

    @RegisterExtension
    static final LocalSshdExtension SSHD = new LocalSshdExtension();

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private SshExecutor executor;
    private LocalSshd sshd;

    @BeforeEach
    void startExecutor() {
        sshd = SSHD.sshd();
        executor = SshExecutor.builder().killAfter(Duration.ofSeconds(1)).gatherWindow(Duration.ofMillis(200))
                .scheduler(Scheduler.disabledScheduler()).build();
    }

    @AfterEach
    void closeExecutor() {
        executor.close();
    }

    @Test
    void commandsSentAtOnceShareOneExecAndComeBackEachWithItsOwnResult() throws Exception {
        Target target = sshd.target("local");
        List<String> commands = new ArrayList<>(List.of("printf 'no newline'", "echo out; echo err >&2; exit 3",
                "echo '@@triage-batch-0000@@ 0'", "printf ''",
                "echo \"$$\" >/dev/null; printf 'a\\nb\\n'"));
        RemoteShell reads = executor.forReads();
        long execsBefore = executor.execs();
        List<CommandResult> together = all(commands.stream().map(c -> (Callable<CommandResult>) () ->
                reads.run(target, c, DEADLINE)).toList());
        long shared = executor.execs() - execsBefore;

        assertEquals(1, shared, "five commands sent at once: one exec");
        for (int i = 0; i < commands.size(); i++) {
            CommandResult alone = executor.run(target, commands.get(i), DEADLINE);
            CommandResult one = together.get(i);
            assertEquals(commands.get(i), one.command());
            assertEquals(alone.exitStatus(), one.exitStatus(), commands.get(i));
            assertEquals(alone.stdout(), one.stdout(), commands.get(i));
            assertEquals(alone.stderr(), one.stderr(), commands.get(i));
            assertFalse(one.timedOut(), commands.get(i));
        }
    }

    @Test
    void eachCommandKeepsItsOwnDeadlineInsideTheSharedExec() throws Exception {
        Target target = sshd.target("local");
        RemoteShell reads = executor.forReads();
        List<CommandResult> results = all(List.of(
                () -> reads.run(target, "sleep 30; echo late", Duration.ofSeconds(1)),
                () -> reads.run(target, "echo quick", Duration.ofSeconds(20))));
        assertTrue(results.get(0).timedOut(), "cut by its own deadline of 1 s");
        assertEquals("", results.get(0).stdout());
        assertEquals(0, results.get(1).exitStatus());
        assertEquals("quick\n", results.get(1).stdout());
    }

    @Test
    void aSequenceAndSingleCommandsShareAnExecAndStillComeApart() throws Exception {
        Target target = sshd.target("local");
        RemoteShell reads = executor.forReads();
        long execsBefore = executor.execs();
        List<List<CommandResult>> results = all(List.of(
                () -> reads.runEach(target, List.of("echo one", "exit 4", "echo three >&2"), DEADLINE),
                () -> List.of(reads.run(target, "echo single", DEADLINE))));
        assertEquals(1, executor.execs() - execsBefore);
        List<CommandResult> sequence = results.get(0);
        assertEquals("one\n", sequence.get(0).stdout());
        assertEquals(4, sequence.get(1).exitStatus());
        assertEquals("three\n", sequence.get(2).stderr());
        assertEquals("single\n", results.get(1).get(0).stdout());
    }

    @Test
    void aHostWhereNoTemporaryDirectoryCanBeMadeRunsThemOneAfterAnother() throws Exception {
        Path dir = Files.createTempDirectory("triage-sshd-nomktemp");
        try (LocalSshd full = LocalSshd.start(dir)) {
            full.installStandIn("mktemp", "echo 'mktemp: failed to create directory via template: No space left on device' >&2; exit 1");
            Target target = full.target("full");
            RemoteShell reads = executor.forReads();
            List<CommandResult> results = all(List.of(() -> reads.run(target, "echo a; exit 2", DEADLINE),
                    () -> reads.run(target, "echo b >&2", DEADLINE)));
            assertEquals("a\n", results.get(0).stdout());
            assertEquals(2, results.get(0).exitStatus());
            assertEquals("b\n", results.get(1).stderr());
            assertEquals(0, results.get(1).exitStatus());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aHostThatCantBeReachedFailsEachCallerNamingItsOwnCommand() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            closed = s.getLocalPort();
        }
        Target target = sshd.target("gone", new dev.triage.config.Ssh("127.0.0.1", closed, sshd.user(),
                sshd.userKeyFile(), null, sshd.knownHostsFile(), Duration.ofSeconds(2), null));
        RemoteShell reads = executor.forReads();
        List<String> messages = all(List.of(() -> failure(() -> reads.run(target, "echo first", DEADLINE)),
                () -> failure(() -> reads.run(target, "echo second", DEADLINE))));
        assertTrue(messages.get(0).startsWith("CONNECT_FAILED"), messages.get(0));
        assertFalse(messages.get(0).contains("mktemp") || messages.get(0).contains("echo second"), messages.get(0));
        assertFalse(messages.get(1).contains("mktemp") || messages.get(1).contains("echo first"), messages.get(1));
    }

    private interface Remote {
        CommandResult run() throws RemoteAccessException;
    }

    private static String failure(Remote remote) {
        try {
            return "ran: " + remote.run();
        } catch (RemoteAccessException e) {
            return e.kind() + " " + e.getMessage();
        }
    }

    /** Runs each at the same moment on its own thread; results in the order given. */
    private static <T> List<T> all(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
