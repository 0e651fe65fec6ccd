package dev.triage.bot.diagnose.bench;

import dev.triage.bot.diagnose.DiagnoseService;
import dev.triage.bot.diagnose.Diagnosis;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckResult;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.checks.ssh.testing.LocalSshd;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints, for a full diagnosis over a real sshd on 127.0.0.1, the wall time against the slowest single
 * check and the number of SSH handshakes — cold (new connection) and warm (reused). Run with:
 * {@code mvn -B -pl bot -am verify -DskipTests=false -Dtest=DiagnosisBenchmark -Dtriage.excludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}. A benchmark prints figures; it asserts nothing about time.
 */
@Tag("benchmark")
class DiagnosisBenchmark {
    private static final int WARM_RUNS = 20;

    @Test
    void printWallTimeAgainstTheSlowestCheckAndHandshakes() throws Exception {
        Path dir = Files.createTempDirectory("triage-bench-sshd");
        try (LocalSshd sshd = LocalSshd.start(dir)) {
            Path state = Files.createDirectories(dir.resolve("state"));
            // A healthy host: each stand-in costs a real process start over SSH, like the real tools do.
            Files.writeString(state.resolve("unit"), "[Service]\nWorkingDirectory=/tmp\nExecStart=/bin/sh\nRestart=always\n");
            sshd.installStandIn("systemctl", "case \"$1\" in is-active) echo active;; status) printf '● app.service\\n     Active: "
                    + "active (running) since Sun 2026-11-22 03:00:00 UTC; 1h ago\\n   Main PID: 42 (python)\\n';; cat) cat '"
                    + state.resolve("unit") + "';; esac");
            sshd.installStandIn("journalctl", "echo 'Nov 22 03:00:01 host app[42]: API server is ready!'");
            sshd.installStandIn("sudo", "[ \"$1\" = -n ] && shift\nexec \"$@\"");
            sshd.installStandIn("ufw", "echo 'Status: inactive'");
            Path env = sshd.writeFile("app.env", "DATABASE_URL=postgres://db/app\n");
            Target target = new Target("bench", URI.create("http://127.0.0.1:9"), null, null, null, Duration.ofSeconds(5), null,
                    List.of("http-health"), null, null, sshd.ssh(), new Service("systemd", "app", 8000, false, env.toString(),
                    List.of("DATABASE_URL"), null, null, "API server is ready!", false, 50, Map.of()));
            ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
            try (SshExecutor ssh = SshExecutor.withDefaults()) {
                DiagnoseService service = new DiagnoseService(new CheckCatalog(new HttpProber(), ssh, new CommandTemplates()),
                        new CheckRunner(workers, InstantSource.system()), dev.triage.bot.runbook.RunbookLibrary.shipped(), InstantSource.system());
                Diagnosis cold = service.diagnose(target, r -> { });
                long coldHandshakes = ssh.handshakes();
                print("cold", cold, coldHandshakes);
                long totalMs = 0;
                long sumSlowest = 0;
                long sumChecks = 0;
                for (int i = 0; i < WARM_RUNS; i++) {
                    Diagnosis warm = service.diagnose(target, r -> { });
                    totalMs += warm.took().toMillis();
                    sumSlowest += slowest(warm).duration().toMillis();
                    sumChecks += warm.results().stream().mapToLong(r -> r.duration().toMillis()).sum();
                }
                long execsBefore = ssh.execs();
                print("last warm", service.diagnose(target, r -> { }), ssh.handshakes() - coldHandshakes);
                System.out.printf(Locale.ROOT, "  execs on the host for that diagnosis: %d%n", ssh.execs() - execsBefore);
                System.out.printf(Locale.ROOT, "warm (mean of %d): wall %d ms, slowest check %d ms, sum of all checks %d ms, "
                                + "SSH handshakes for all %d runs: %d%n", WARM_RUNS, totalMs / WARM_RUNS, sumSlowest / WARM_RUNS,
                        sumChecks / WARM_RUNS, WARM_RUNS, ssh.handshakes() - coldHandshakes);
            } finally {
                workers.shutdownNow();
            }
        }
    }

    private static void print(String label, Diagnosis d, long handshakes) {
        CheckResult slowest = slowest(d);
        long sum = d.results().stream().mapToLong(r -> r.duration().toMillis()).sum();
        System.out.printf(Locale.ROOT, "%s: %d checks, wall %d ms, slowest check %s %d ms, sum of all checks %d ms, SSH handshakes %d%n",
                label, d.results().size(), d.took().toMillis(), slowest.checkId(), slowest.duration().toMillis(), sum, handshakes);
        d.results().stream().sorted(Comparator.comparing(CheckResult::duration).reversed())
                .forEach(r -> System.out.printf(Locale.ROOT, "  %-16s %5d ms %s%n", r.checkId(), r.duration().toMillis(), r.status()));
    }

    private static CheckResult slowest(Diagnosis d) {
        return d.results().stream().max(Comparator.comparing(CheckResult::duration)).orElseThrow();
    }
}
