package dev.triage.bot.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.triage.bot.runbook.RunbookLibrary;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckResult;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.Status;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.net.LocalListeners;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.checks.ssh.testing.LocalSshd;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A login whose sudo rule wants a password — the real sudo, the real sshd, a real account with {@code ALL=(ALL:ALL)
 * ALL} and no NOPASSWD — is told apart from a broken host: the checks that need sudo say sudo refused, name the rule
 * to add, and the runbook draws no cause from them. Needs root (to add the account and its rule) and Debian's sudo,
 * which {@code .ci/run} installs; elsewhere it is skipped with the reason.
 */
class SudoWithAPasswordOverSshTest {
    static final String USER = "triage-sudo-pw";
    private static final Path RULE = Path.of("/etc/sudoers.d/triage-test-password-only");

    @Test
    void checksThatNeedSudoSaySudoWantsAPasswordAndNoCauseIsDrawnFromThem() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to add the test account and its sudo rule");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/sudo")), "needs Debian's sudo (apt-get install sudo)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")), "needs useradd (Debian's passwd package)");
        ensureAccountWithAPasswordOnlyRule();

        Path dir = Files.createTempDirectory("triage-sshd-sudo-pw");
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        try (LocalSshd sshd = LocalSshd.start(dir, USER); SshExecutor ssh = SshExecutor.withDefaults()) {
            Path state = Files.createDirectories(dir.resolve("state"));
            Files.writeString(state.resolve("unit"), "[Service]\nWorkingDirectory=/tmp\nExecStart=/bin/sh\nRestart=always\n");
            sshd.installStandIn("systemctl", "case \"$1\" in is-active) echo active;; status) printf '● app.service\\n"
                    + "     Active: active (running) since Sun 2026-11-22 03:00:00 UTC; 1h ago\\n   Main PID: 42 (python)\\n';;"
                    + " cat) cat '" + state.resolve("unit") + "';; esac");
            sshd.installStandIn("journalctl", "echo 'Nov 22 03:00:01 host app[42]: API server is ready!'");
            sshd.installStandIn("ufw", "echo 'Status: inactive'");
            Path env = sshd.writeFile("app.env", "DATABASE_URL=postgres://db/app\n");
            Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));   // root's: only sudo reads it
            int port = LocalListeners.closedPort();
            Target target = new Target("prod", URI.create("http://127.0.0.1:" + port), null, null, null,
                    Duration.ofSeconds(3), null, null, null, null, sshd.ssh(), new Service("systemd", "app", port, false,
                    env.toString(), List.of("DATABASE_URL"), null, null, null, true, 50, Map.of()));
            DiagnoseService service = new DiagnoseService(new CheckCatalog(new HttpProber(), ssh, new CommandTemplates()),
                    new CheckRunner(workers, InstantSource.system()), RunbookLibrary.shipped(), InstantSource.system());

            Diagnosis d = service.diagnose(target, r -> { });

            for (String check : List.of("firewall", "nginx", "env")) {
                CheckResult r = result(d, check);
                assertEquals(Status.ERROR, r.status(), check + ": " + r.summary());
                assertTrue(r.summary().startsWith("sudo refused `"), check + ": " + r.summary());
                assertTrue(r.summary().contains("add a NOPASSWD sudo rule for " + USER), check + ": " + r.summary());
                assertTrue(String.join("\n", r.evidence()).contains("a password is required"), check + ": " + r.evidence());
            }
            String cause = d.verdict().cause();
            assertFalse(cause.contains("firewall") || cause.contains("nginx") || cause.contains("environment"),
                    "no cause drawn from a check that could not look: " + cause);
        } finally {
            workers.shutdownNow();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static CheckResult result(Diagnosis d, String id) {
        return d.results().stream().filter(r -> r.checkId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + d.results()));
    }

    /**
     * The account and its rule, checked by visudo; kept for reuse. Its password is {@code *}: no password matches it,
     * so sudo can never be satisfied, yet the account is not locked ({@code !}), which sshd would refuse.
     */
    private static void ensureAccountWithAPasswordOnlyRule() throws IOException, InterruptedException {
        if (run("id", "-u", USER) != 0) {
            assertEquals(0, run("/usr/sbin/useradd", "--no-create-home", "--shell", "/bin/sh", "--password", "*", USER),
                    "useradd " + USER);
        }
        assertEquals(0, run("/usr/sbin/usermod", "--password", "*", USER), "usermod " + USER);
        Path draft = Files.createTempFile("triage-sudoers", ".draft");
        Files.writeString(draft, USER + " ALL=(ALL:ALL) ALL\n", StandardCharsets.UTF_8);
        assertEquals(0, run("/usr/sbin/visudo", "-cf", draft.toString()), "visudo accepts the rule");
        Files.setPosixFilePermissions(draft, PosixFilePermissions.fromString("r--r-----"));
        Files.move(draft, RULE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
