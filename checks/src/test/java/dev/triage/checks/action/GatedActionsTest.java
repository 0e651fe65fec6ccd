package dev.triage.checks.action;

import dev.triage.time.Sleeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.Status;
import dev.triage.checks.action.ActionOutcome.Result;
import dev.triage.checks.action.ActionStep.Phase;
import dev.triage.checks.ssh.parse.Fixtures;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Gates stop an action before its command: restart-nginx, reload-units and the compose actions over a real sshd. */
class GatedActionsTest {

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
    void restartNginxWithAFailingConfigTestStopsAtTheGateAndNeverRestarts() {
        Target target = host.target(ActionHost.systemd(ActionHost.FIXTURE_PORT, true));
        host.sudoAllowed().systemctlWorks()
                .printingToStderr("nginx", "nginx-t", "unknown-directive", 1)
                .ssListensAfterRestart(1);

        ActionOutcome outcome = action(SshActions.RESTART_NGINX).run(target, reported::add);

        assertEquals(Result.GATE_FAILED, outcome.result(), outcome.summary());
        assertEquals(1, reported.size(), reported.toString());
        ActionStep gate = reported.get(0);
        assertEquals(Phase.GATE, gate.phase());
        assertEquals("nginx -t", gate.name());
        assertEquals(Status.FAIL, gate.status());
        assertTrue(outcome.summary().startsWith("Gate failed: nginx -t — nginx config test failed: unknown directive"),
                outcome.summary());
        assertTrue(outcome.summary().endsWith("nothing was changed"), outcome.summary());
        assertEquals(List.of(), host.calls(), "systemctl restart nginx never ran");
        assertEquals(null, outcome.outputDigest());
    }

    @Test
    void restartNginxWithAPassingConfigAndAListeningUpstreamRestartsAndVerifiesPort80() {
        Target target = host.target(ActionHost.systemd(ActionHost.FIXTURE_PORT, true));
        host.sudoAllowed().systemctlWorks()
                .printingToStderr("nginx", "nginx-t", "success", 0)
                .curlHealthyWhenUp();
        // Nginx is down (port 80 gone) but the upstream on 8000 listens; after the restart, port 80 is back.
        String withNginx = Fixtures.read("ss", "service-on-all-interfaces");
        Path down = host.write("ss-nginx-down.txt", withNginx.lines().filter(l -> !l.contains(":80 "))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
        Path up = host.write("ss-nginx-up.txt", Fixtures.read("ss", "service-on-all-interfaces"));
        host.sshd.installStandIn("ss", "if [ -e '" + host.state + "/up' ]; then cat '" + up + "'; else cat '" + down
                + "'; fi\n");

        ActionOutcome outcome = action(SshActions.RESTART_NGINX).run(target, reported::add);

        assertEquals(Result.DONE, outcome.result(), outcome.summary() + "\n" + reported);
        assertEquals(List.of("nginx -t", "port 8000 listening", "sudo -n systemctl restart nginx",
                "port 80 listening", "through nginx /health", "outside /health"),
                reported.stream().map(ActionStep::name).toList());
        assertEquals(List.of("restart nginx"), host.calls());
    }

    @Test
    void reloadUnitsIsGatedByTheUnitFile() {
        Target target = host.target(ActionHost.systemd(ActionHost.FIXTURE_PORT, false));
        host.sudoAllowed();
        host.sshd.installStandIn("systemctl", "if [ \"$1\" = cat ]; then cat '"
                + host.write("unit.txt", Fixtures.read("systemctl-cat", "complete")) + "'; exit 0; fi\n"
                + "echo \"$*\" >> '" + host.state + "/calls'\n");

        ActionOutcome outcome = action(SshActions.RELOAD_UNITS).run(target, reported::add);

        assertEquals(Result.GATE_FAILED, outcome.result(), outcome.summary());
        assertEquals("unit-file", reported.get(0).name());
        assertTrue(outcome.summary().contains("points at what is not there"), outcome.summary());
        assertEquals(List.of(), host.calls(), "neither daemon-reload nor restart ran");
    }

    @Test
    void composeRecreateWithAPlaceholderInTheEnvFileStopsAtTheGateAndShowsNoValue() throws Exception {
        Path project = Files.createDirectories(host.state.resolve("app"));
        String planted = "PLANTED-SECRET-9f3a";
        Path env = Files.writeString(project.resolve(".env"), Fixtures.read("env-file", "placeholders-and-gaps")
                + "JWT_SIGNING_KEY=" + planted + "\n");
        Service service = ActionHost.compose(project, env, List.of("SUPABASE_ANON_KEY", "JWT_SIGNING_KEY"), 8000);
        Target target = host.target(service);
        host.sudoAllowed().recording("docker");

        ActionOutcome outcome = action(SshActions.COMPOSE_RECREATE).run(target, reported::add);

        assertEquals(Result.GATE_FAILED, outcome.result(), outcome.summary());
        assertEquals("env", reported.get(0).name());
        assertTrue(outcome.summary().contains("SUPABASE_ANON_KEY"), outcome.summary());
        assertEquals(List.of(), host.calls(), "docker never ran");
        List<String> shown = new ArrayList<>();
        shown.add(outcome.summary());
        reported.forEach(s -> shown.add(s.name() + " " + s.detail()));
        for (String text : shown) {
            for (String value : List.of(planted, "your-supabase-anon-key", "PLANTED-DB-PASSWORD-c41e", "changeme")) {
                assertFalse(text.contains(value), "a value from the env file leaked: " + text);
            }
        }
    }

    @Test
    void composeRestartWithAGoodEnvFileRestartsAndWaitsForTheContainer() throws Exception {
        Path project = Files.createDirectories(host.state.resolve("app"));
        Path env = Files.writeString(project.resolve(".env"), Fixtures.read("env-file", "complete"));
        Target target = host.target(ActionHost.compose(project, env, List.of(), 8000));
        Path starting = host.write("inspect-starting.txt", Fixtures.read("docker-inspect", "running-health-starting"));
        Path healthy = host.write("inspect-healthy.txt", Fixtures.read("docker-inspect", "running-healthy-limits"));
        host.sudoAllowed().curlHealthyWhenUp();
        host.sshd.installStandIn("docker", """
                case "$*" in
                  "compose version") echo 'Docker Compose version v2.24.6'; exit 0;;
                  "compose restart backend") echo "$*" >> '%1$s/calls'; touch '%1$s/up'; exit 0;;
                  "compose ps --all -q backend") echo 3f1c2e9a8b7d; exit 0;;
                  "inspect 3f1c2e9a8b7d")
                    n=$(cat '%1$s/ps-count' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '%1$s/ps-count'
                    if [ $n -ge 2 ]; then cat '%2$s'; else cat '%3$s'; fi; exit 0;;
                  *) exit 1;;
                esac
                """.formatted(host.state, healthy, starting));

        ActionOutcome outcome = action(SshActions.COMPOSE_RESTART).run(target, reported::add);

        assertEquals(Result.DONE, outcome.result(), outcome.summary() + "\n" + reported);
        assertEquals(List.of("env", "cd '" + project + "' && if docker compose version >/dev/null 2>&1; then docker compose"
                        + " restart 'backend'; else docker-compose restart 'backend'; fi",
                "container backend running", "local /health", "outside /health"),
                reported.stream().map(ActionStep::name).toList());
        assertTrue(reported.get(2).detail().contains("try 2"), reported.get(2).detail());
    }

    private Action action(String id) {
        return host.action(id, InstantSource.system(), Sleeper.system(), ActionHost.quick());
    }
}
