package dev.triage.checks.action;

import dev.triage.time.Sleeper;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.triage.checks.Status;
import dev.triage.checks.action.ActionOutcome.Result;
import dev.triage.checks.action.ActionStep.Phase;
import dev.triage.checks.net.LocalListeners;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import dev.triage.config.Target;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code restart-service} against a real OpenSSH sshd on 127.0.0.1, with stand-ins for systemctl and sudo. */
class RestartServiceActionTest {

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
    void restartsAndVerifiesWithTheRealSsAndCurlAndTheOutsideHealthEndpoint() throws Exception {
        HttpServer service = healthServer();
        try {
            int port = service.getAddress().getPort();
            Target target = host.target(ActionHost.systemd(port, false), URI.create("http://127.0.0.1:" + port));
            host.sudoAllowed().systemctlWorks();

            ActionOutcome outcome = restartService(InstantSource.system(), Sleeper.system()).run(target, reported::add);

            assertEquals(Result.DONE, outcome.result(), outcome.summary());
            assertEquals(List.of("restart " + ActionHost.UNIT), host.calls());
            assertEquals(List.of("sudo -n systemctl restart '" + ActionHost.UNIT + "'", "port " + port + " listening",
                    "local /health", "outside /health"), names(reported));
            assertEquals(List.of(Phase.COMMAND, Phase.VERIFY, Phase.VERIFY, Phase.VERIFY),
                    reported.stream().map(ActionStep::phase).toList());
            assertTrue(reported.stream().allMatch(s -> s.status() == Status.OK), reported.toString());
            assertEquals(reported, outcome.steps(), "every step is reported as it finishes, in order");
            assertTrue(outcome.summary().matches("Done in \\d+\\.\\d s · verified: port " + port
                    + " at \\d+\\.\\d s, local health 200 at \\d+\\.\\d s, health 200 at \\d+\\.\\d s"), outcome.summary());
            assertTrue(reported.get(1).detail().contains("127.0.0.1]:" + port), reported.get(1).detail());
            assertTrue(reported.get(1).detail().contains("(at "), reported.get(1).detail());
        } finally {
            service.stop(0);
        }
    }

    @Test
    void behindARealNginxStillAnswering502TheRestartFailsAtThroughNginxAndOffersRestartNginx() throws Exception {
        HttpServer service = healthServer();
        int deadUpstream;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadUpstream = s.getLocalPort();
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("triage-nginx-502");
        // nginx still proxies to where the service used to be (001: a stale upstream), so it answers 502.
        try (dev.triage.checks.net.LocalNginx nginx = dev.triage.checks.net.LocalNginx.start(dir,
                "location / { proxy_pass http://127.0.0.1:" + deadUpstream + "; }")) {
            int port = service.getAddress().getPort();
            Target target = host.target(ActionHost.systemd(port, true), URI.create("http://127.0.0.1:" + nginx.port()));
            host.sudoAllowed().systemctlWorks();

            ActionOutcome outcome = restartService(InstantSource.system(), Sleeper.system()).run(target, reported::add);

            assertEquals(Result.VERIFY_FAILED, outcome.result(), outcome.summary());
            assertEquals(List.of("sudo -n systemctl restart '" + ActionHost.UNIT + "'", "port " + port + " listening",
                    "local /health", "through nginx /health"), names(reported));
            assertEquals(Status.OK, reported.get(2).status(), "the service itself answers again");
            assertTrue(outcome.summary().startsWith("Failed at verify: through nginx /health"), outcome.summary());
            assertTrue(outcome.summary().contains("502"), outcome.summary());
            assertEquals(SshActions.RESTART_NGINX, outcome.followUp(), "offered on the same card");
        } finally {
            service.stop(0);
        }
    }

    @Test
    void pollsThePortUntilItListensThenChecksHealthAndSkipsTheOutsideWithoutABaseUrl() {
        Target target = host.target(ActionHost.systemd(ActionHost.FIXTURE_PORT, false));
        host.sudoAllowed().systemctlWorks().ssListensAfterRestart(3).curlHealthyWhenUp();
        var clock = new SteppingClock();

        ActionOutcome outcome = restartService(clock, clock).run(target, reported::add);

        assertEquals(Result.DONE, outcome.result(), outcome.summary());
        ActionStep port = reported.get(1);
        assertAll(
                () -> assertEquals("port 8000 listening", port.name()),
                () -> assertEquals(Status.OK, port.status()),
                () -> assertTrue(port.detail().contains("at 2.0 s, try 3"), port.detail()),
                () -> assertEquals(Duration.ofSeconds(2), port.took()),
                () -> assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), clock.pauses()),
                () -> assertEquals(Status.OK, reported.get(2).status()),
                () -> assertEquals("outside /health", reported.get(3).name()),
                () -> assertEquals(Status.SKIPPED, reported.get(3).status()),
                () -> assertTrue(reported.get(3).detail().contains("no base_url"), reported.get(3).detail()),
                () -> assertEquals("Done in 2.0 s · verified: port 8000 at 2.0 s, local health 200 at 2.0 s"
                        + " · skipped: outside /health", outcome.summary()),
                () -> assertEquals(sha256("restart done\n"), outcome.outputDigest()));
    }

    @Test
    void aFailingRestartIsCommandFailedWithSystemdsLineAndNothingIsVerified() {
        Target target = host.target(ActionHost.systemd(ActionHost.FIXTURE_PORT, false));
        host.sudoAllowed().systemctlRestartFails().ssNeverListens();

        ActionOutcome outcome = restartService(InstantSource.system(), Sleeper.system()).run(target, reported::add);

        assertEquals(Result.COMMAND_FAILED, outcome.result());
        assertEquals(1, reported.size(), reported.toString());
        ActionStep command = reported.get(0);
        assertEquals(Status.FAIL, command.status());
        assertTrue(command.detail().startsWith("`sudo -n systemctl restart 'langchain-backend'` exited 1 on prod"),
                command.detail());
        assertTrue(command.detail().endsWith("for details."), command.detail());
        assertTrue(outcome.summary().startsWith("Failed at command: "), outcome.summary());
        assertEquals(64, outcome.outputDigest().length());
    }

    @Test
    void aSudoRefusalSaysWhichNopasswdRuleToAdd() {
        Target target = host.target(ActionHost.systemd(ActionHost.FIXTURE_PORT, false));
        host.sudoWantsPassword().systemctlWorks();

        ActionOutcome outcome = restartService(InstantSource.system(), Sleeper.system()).run(target, reported::add);

        assertEquals(Result.COMMAND_FAILED, outcome.result());
        assertTrue(outcome.summary().contains("add a NOPASSWD sudo rule for " + host.sshd.user()
                + " for `systemctl restart langchain-backend`"), outcome.summary());
        assertEquals(List.of(), host.calls(), "systemctl never ran");
    }

    @Test
    void aPortThatNeverListensFailsTheVerificationAfterThirtySecondsOfPolling() {
        Target target = host.target(ActionHost.systemd(ActionHost.FIXTURE_PORT, false));
        host.sudoAllowed().systemctlWorks().ssNeverListens().curlHealthyWhenUp();
        var clock = new SteppingClock();

        ActionOutcome outcome = restartService(clock, clock).run(target, reported::add);

        assertEquals(Result.VERIFY_FAILED, outcome.result(), outcome.summary());
        ActionStep last = reported.get(reported.size() - 1);
        assertEquals("port 8000 listening", last.name());
        assertEquals(Status.FAIL, last.status());
        assertTrue(outcome.summary().startsWith("Failed at verify: port 8000 listening — not within 30 s; last: "
                + "nothing listens on port 8000"), outcome.summary());
        assertEquals(Duration.ofSeconds(30), last.took());
        assertEquals(30, clock.pauses().size());
        assertFalse(names(reported).contains("local /health"), "no health check after the port failed");
    }

    @Test
    void anUnreachableHostIsAnErrorAndNothingRuns() throws Exception {
        int closed = LocalListeners.closedPort();
        var ssh = new dev.triage.config.Ssh("127.0.0.1", closed, host.sshd.user(), host.sshd.userKeyFile(), null,
                host.sshd.knownHostsFile(), Duration.ofSeconds(2), Duration.ofSeconds(2));
        Target target = host.target(ActionHost.systemd(ActionHost.FIXTURE_PORT, false), null, ssh);

        ActionOutcome outcome = restartService(InstantSource.system(), Sleeper.system()).run(target, reported::add);

        assertEquals(Result.ERROR, outcome.result(), outcome.summary());
        assertTrue(outcome.summary().startsWith("Could not run restart-service on prod: "), outcome.summary());
        assertTrue(outcome.summary().contains("127.0.0.1:" + closed), outcome.summary());
        assertEquals(Status.ERROR, reported.get(0).status());
        assertNull(outcome.outputDigest());
    }

    @Test
    void anUnknownHostKeyIsAnErrorShowingTheFingerprint() {
        Path empty = host.write("known_hosts_empty", "");
        Target target = host.target(ActionHost.systemd(ActionHost.FIXTURE_PORT, false), null,
                host.sshd.ssh(empty, host.sshd.userKeyFile(), null));
        host.sudoAllowed().systemctlWorks();

        ActionOutcome outcome = restartService(InstantSource.system(), Sleeper.system()).run(target, reported::add);

        assertEquals(Result.ERROR, outcome.result(), outcome.summary());
        assertTrue(outcome.summary().contains(host.sshd.hostKeyFingerprint()), outcome.summary());
        assertEquals(List.of(), host.calls());
    }

    private Action restartService(InstantSource clock, Sleeper pacer) {
        ActionSettings settings = clock instanceof SteppingClock ? ActionSettings.defaults() : ActionHost.quick();
        return host.action(SshActions.RESTART_SERVICE, clock, pacer, settings);
    }

    private static List<String> names(List<ActionStep> steps) {
        return steps.stream().map(ActionStep::name).toList();
    }

    private static HttpServer healthServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    static String sha256(String text) throws RuntimeException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
