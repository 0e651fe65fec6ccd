package dev.triage.checks.action;

import dev.triage.time.Sleeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.Status;
import dev.triage.checks.action.ActionOutcome.Result;
import dev.triage.checks.net.LocalListeners;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import dev.triage.config.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code firewall-allow}: ufw over a real sshd (a stand-in), verified by a real TCP connection from the bot. */
class FirewallAllowActionTest {

    @RegisterExtension
    static final LocalSshdExtension SSHD = new LocalSshdExtension();

    private ActionHost host;
    private final List<ActionStep> reported = new ArrayList<>();

    @BeforeEach
    void setUp() {
        host = new ActionHost(SSHD.sshd());
    }

    @AfterEach
    void tearDown() {
        host.close();
    }

    @Test
    void opensThePortAndVerifiesItWithATcpConnectionFromTheBot() throws Exception {
        try (var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            Target target = host.target(ActionHost.systemd(port, false));
            host.sudoAllowed().recording("ufw");

            ActionOutcome outcome = host.action(SshActions.FIREWALL_ALLOW, InstantSource.system(), Sleeper.system(),
                    ActionHost.quick()).run(target, reported::add);

            assertEquals(Result.DONE, outcome.result(), outcome.summary());
            assertEquals(List.of("ufw allow " + port + "/tcp"), host.calls());
            assertEquals(List.of("sudo -n ufw allow '" + port + "'/tcp", "tcp-connect 127.0.0.1:" + port),
                    reported.stream().map(ActionStep::name).toList());
            assertEquals(Status.OK, reported.get(1).status());
            assertTrue(reported.get(1).detail().startsWith("127.0.0.1:" + port + " → connected"), reported.get(1).detail());
        }
    }

    @Test
    void aPortStillClosedAfterTheRuleIsVerifyFailedAfterItsTries() throws Exception {
        int closed = LocalListeners.closedPort();
        Target target = host.target(ActionHost.systemd(closed, false));
        host.sudoAllowed().recording("ufw");
        var clock = new SteppingClock();

        ActionOutcome outcome = host.action(SshActions.FIREWALL_ALLOW, clock, clock, ActionSettings.defaults())
                .run(target, reported::add);

        assertEquals(Result.VERIFY_FAILED, outcome.result(), outcome.summary());
        assertTrue(outcome.summary().startsWith("Failed at verify: tcp-connect 127.0.0.1:" + closed
                + " — not after 3 tries; last: 127.0.0.1:" + closed + " → "), outcome.summary());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), clock.pauses());
    }
}
