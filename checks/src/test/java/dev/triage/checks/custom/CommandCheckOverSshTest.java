package dev.triage.checks.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import dev.triage.config.CommandCheckSettings;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A team's {@code command} check through a real sshd, with a stand-in for the queue tool it asks. */
class CommandCheckOverSshTest {
    @RegisterExtension
    static final LocalSshdExtension SSHD = new LocalSshdExtension();

    private final SshExecutor ssh = SshExecutor.withDefaults();

    @AfterEach
    void close() {
        ssh.close();
    }

    private static Target target() {
        Target t = SSHD.sshd().target("prod");
        Service service = new Service(null, "orders-api", 8000, true, null, List.of(), null, null, null, false, 0, Map.of());
        return new Target(t.name(), null, t.host(), t.port(), null, null, null, null, null, null, t.ssh(), service);
    }

    /** queuectl prints its arguments (so the filled template shows) and the depth it was given. */
    private static void queueDepth(int depth, int exit) {
        SSHD.sshd().installStandIn("queuectl", "echo \"args: $*\"\necho \"depth: " + depth + "\"\n"
                + (depth > 900 ? "echo 'error: backlog' >&2\n" : "") + "exit " + exit + "\n");
    }

    private CheckResult run() {
        var settings = new CommandCheckSettings("queue-depth", "queuectl depth {unit} --port {port}", 0,
                Pattern.compile("^depth: \\d+$"), Pattern.compile("^depth: [1-9]\\d{2}$"), Pattern.compile("error:"), null, "checks[0]");
        return new CommandCheck(settings, ssh, new CommandTemplates()).run(target());
    }

    @Test
    void aLineMatchingOkIfAndNothingElseIsOkWithThatLineAsEvidence() {
        queueDepth(12, 0);
        CheckResult r = run();
        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals(List.of("depth: 12"), r.evidence());
        assertEquals("queue-depth", r.checkId());
    }

    @Test
    void aLineMatchingWarnIfIsWarn() {
        queueDepth(450, 0);
        CheckResult r = run();
        assertEquals(Status.WARN, r.status(), r.summary());
        assertEquals("depth: 450 — matched warn_if /^depth: [1-9]\\d{2}$/", r.summary());
    }

    @Test
    void aLineMatchingFailIfIsFailWithTheMatchingLines() {
        queueDepth(950, 0);
        CheckResult r = run();
        assertEquals(Status.FAIL, r.status(), r.summary());
        assertEquals(List.of("error: backlog"), r.evidence());
    }

    @Test
    void anUnexpectedExitStatusIsFailNamingTheFilledCommand() {
        queueDepth(3, 2);
        CheckResult r = run();
        assertEquals(Status.FAIL, r.status());
        assertEquals("`queuectl depth 'orders-api' --port '8000'` exited 2, expected 0", r.summary());
        assertTrue(r.evidence().contains("args: depth orders-api --port 8000"), r.evidence().toString());
    }

    @Test
    void aTargetWithoutTheConfiguredValueIsSkippedSayingWhichOne() {
        Target bare = SSHD.sshd().target("bare");
        CheckResult r = new CommandCheck(new CommandCheckSettings("queue-depth", "queuectl depth {unit}", 0, null, null, null, null,
                "checks[0]"), ssh, new CommandTemplates()).run(bare);
        assertEquals(Status.SKIPPED, r.status());
        assertTrue(r.summary().contains("needs {unit}"), r.summary());
    }
}
