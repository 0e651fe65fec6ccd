package dev.triage.checks.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.Status;
import dev.triage.checks.action.ActionOutcome.Result;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.RemoteAccessException;
import dev.triage.checks.ssh.RemoteAccessException.Kind;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import dev.triage.config.Ssh;
import dev.triage.config.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code reboot-host}: the host must come back on SSH on a new boot before anything else is verified. */
class RebootHostActionTest {

    @RegisterExtension
    static final LocalSshdExtension SSHD = new LocalSshdExtension();

    private final List<ActionStep> reported = new ArrayList<>();

    @Test
    void aRebootThatDidNotHappenIsNotVerified() {
        try (var host = new ActionHost(SSHD.sshd())) {
            Target target = host.target(null);
            host.sudoAllowed().recording("reboot");
            var clock = new SteppingClock();

            ActionSettings d = ActionSettings.defaults();
            var settings = new ActionSettings(d.commandDeadline(), d.buildDeadline(), d.portWithin(), d.pollInterval(),
                    d.healthTries(), d.healthInterval(), d.serviceWithin(), Duration.ofSeconds(30),
                    d.hostBackInterval(), d.connectTries());

            ActionOutcome outcome = host.action(SshActions.REBOOT_HOST, clock, clock, settings).run(target, reported::add);

            assertEquals(Result.VERIFY_FAILED, outcome.result(), outcome.summary());
            assertEquals(List.of("reboot "), host.calls());
            assertEquals(List.of("sudo -n reboot", HostBack.STEP), reported.stream().map(ActionStep::name).toList());
            assertTrue(outcome.summary().startsWith("Failed at verify: host back on SSH — not within 30 s; last: "
                    + "127.0.0.1 answers, but has not rebooted yet (same boot id)"), outcome.summary());
            assertEquals(6, clock.pauses().size(), "asked 7 times, 5 s apart, for 30 s");
        }
    }

    @Test
    void aHostThatDropsTheConnectionAndComesBackOnANewBootIsDone() {
        var shell = new RebootingHost();
        Target target = new Target("prod", null, "127.0.3.7", null, null, null, null, null, null, null,
                new Ssh("127.0.3.7", 22, "deploy", Path.of("/keys/id"), null, Path.of("/keys/known_hosts"), null, null),
                null);
        var clock = new SteppingClock();

        ActionOutcome outcome = ActionHost.action(SshActions.REBOOT_HOST, shell, clock, clock, ActionSettings.defaults())
                .run(target, reported::add);

        assertEquals(Result.DONE, outcome.result(), outcome.summary());
        assertEquals(List.of("sudo -n reboot", HostBack.STEP, "outside /health"),
                reported.stream().map(ActionStep::name).toList());
        assertEquals(Status.OK, reported.get(0).status());
        assertTrue(reported.get(0).detail().contains("closed the connection, as a reboot does"), reported.get(0).detail());
        assertEquals("127.0.3.7 answers over SSH again on a new boot (at 10.0 s)", reported.get(1).detail());
        assertEquals("Done in 10.0 s · verified: host back at 10.0 s · skipped: outside /health", outcome.summary());
    }

    /** Answers the boot id, drops the connection on reboot, refuses twice, then answers a new boot id. */
    private static final class RebootingHost implements RemoteShell {
        private int probesAfterReboot = -1;

        @Override
        public CommandResult run(Target target, String command, Duration deadline) throws RemoteAccessException {
            if (command.equals("sudo -n reboot")) {
                probesAfterReboot = 0;
                throw new RemoteAccessException(Kind.DISCONNECTED, "SSH connection to deploy@127.0.3.7:22 dropped");
            }
            assertEquals(HostBack.BOOT_ID, command);
            if (probesAfterReboot < 0) {
                return answer(command, "0f6f3a52-1d3c-4b8e-9a57-0d1c2b3a4f50");
            }
            if (++probesAfterReboot <= 2) {
                throw new RemoteAccessException(Kind.CONNECT_FAILED, "cannot connect to 127.0.3.7:22: connection refused");
            }
            return answer(command, "7c9e1d2a-5b4f-4e3a-8d2c-1b0a9f8e7d6c");
        }

        private static CommandResult answer(String command, String bootId) {
            return new CommandResult(command, 0, bootId + "\n", "", Duration.ofMillis(5), false, false);
        }
    }
}
