package dev.triage.checks.action;

import dev.triage.time.Sleeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.action.ActionOutcome.Result;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.config.Service;
import dev.triage.config.Ssh;
import dev.triage.config.Target;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the approval card shows: the exact command, the gates and the verification, without touching the host. */
class ActionPlanTest {

    /** plan() has no side effects: any command is a failure. */
    private static final RemoteShell NO_SHELL = (target, command, deadline) -> {
        throw new AssertionError("plan ran a command: " + command);
    };

    private final ActionCatalog actions = new ActionCatalog(SshActions.all(NO_SHELL,
            new dev.triage.checks.ssh.CommandTemplates(), new dev.triage.checks.http.HttpProber(), Sleeper.system(),
            InstantSource.system()));

    private static final Ssh SSH = new Ssh("127.0.3.7", 22, "deploy", Path.of("/keys/id"), null,
            Path.of("/keys/known_hosts"), null, null);

    private static Target prod(Service service) {
        return new Target("prod", URI.create("https://api.example.com"), null, null, null, null, null, null, null, null,
                SSH, service);
    }

    private static Service systemd(Map<String, String> commands) {
        return new Service("systemd", "langchain-backend", 8000, true, null, List.of(), null, null, null, true, 0,
                commands);
    }

    @Test
    void restartServiceShowsTheExactCommandNoGateAndTheVerificationInOrder() {
        ActionPlan plan = actions.find("restart-service").orElseThrow().plan(prod(systemd(Map.of())));

        assertTrue(plan.available());
        assertEquals("127.0.3.7", plan.host());
        assertEquals("sudo -n systemctl restart 'langchain-backend'", plan.command());
        assertEquals(List.of(), plan.gate());
        assertEquals(List.of("port 8000 listening within 30 s", "local /health answers 200 (5 tries)",
                "through nginx /health answers 200 (5 tries) on port 80", "outside /health 200"), plan.verify(),
                "behind nginx, the service answering is not enough: nginx must pass it on");
    }

    @Test
    void reloadUnitsRunsDaemonReloadThenTheRestartBehindTheUnitFileGate() {
        ActionPlan plan = actions.find("reload-units").orElseThrow().plan(prod(systemd(Map.of())));

        assertEquals("sudo -n systemctl daemon-reload && sudo -n systemctl restart 'langchain-backend'", plan.command());
        assertEquals(List.of("unit-file passes"), plan.gate());
    }

    @Test
    void restartNginxIsGatedByTheConfigTestAndTheUpstreamAndVerifiesPort80() {
        ActionPlan plan = actions.find("restart-nginx").orElseThrow().plan(prod(systemd(Map.of())));

        assertEquals("sudo -n systemctl restart nginx", plan.command());
        assertEquals(List.of("nginx -t passes", "port 8000 listening (nginx's upstream)"), plan.gate());
        assertEquals(List.of("port 80 listening within 30 s", "through nginx /health answers 200 (5 tries) on port 80",
                "outside /health 200"), plan.verify());
    }

    @Test
    void aConfiguredCommandOverridesTheDefault() {
        ActionPlan plan = actions.find("restart-service").orElseThrow().plan(prod(systemd(Map.of(
                "action.restart-service", "sudo -n /usr/local/bin/restart-backend {unit}"))));

        assertEquals("sudo -n /usr/local/bin/restart-backend 'langchain-backend'", plan.command());
    }

    @Test
    void withNginxInFrontFirewallAllowOpensThePublicPortNotTheAppsOwn() {
        Service behindNginx = new Service("systemd", "langchain-backend", 8000, false, null, List.of(), null, null, null,
                true, 0, Map.of());
        assertEquals("sudo -n ufw allow '443'/tcp", actions.find("firewall-allow").orElseThrow().plan(prod(behindNginx)).command(),
                "https://api.example.com is reached on 443; 8000 stays closed behind nginx (001)");
    }

    @Test
    void composeAndFirewallAndRebootPlans() {
        Service compose = new Service("compose", null, 8000, true, null, List.of("JWT_SECRET"), "/opt/app", "backend",
                null, false, 0, Map.of());
        assertEquals("cd '/opt/app' && if docker compose version >/dev/null 2>&1; then docker compose down && docker compose"
                + " up -d --build; else docker-compose down && docker-compose up -d --build; fi",
                actions.find("compose-recreate").orElseThrow().plan(prod(compose)).command());
        assertEquals(List.of("env passes"), actions.find("compose-restart").orElseThrow().plan(prod(compose)).gate());
        assertEquals("sudo -n ufw allow '8000'/tcp",
                actions.find("firewall-allow").orElseThrow().plan(prod(compose)).command());
        ActionPlan reboot = actions.find("reboot-host").orElseThrow().plan(prod(compose));
        assertEquals("sudo -n reboot", reboot.command());
        assertEquals(List.of("host back on SSH within 5 min (new boot id)",
                "container backend running and healthy within 60 s", "local /health answers 200 (5 tries)",
                "outside /health 200"), reboot.verify());
    }

    @Test
    void aTargetWithoutSshCannotRunAnyActionAndSaysWhatToConfigure() {
        Target demo = Target.http("demo", URI.create("http://127.0.0.1:8080"));

        assertEquals(List.of(), actions.availableFor(demo));
        ActionPlan plan = actions.find("restart-service").orElseThrow().plan(demo);
        assertFalse(plan.available());
        assertNull(plan.command());
        assertTrue(plan.unavailableReason().startsWith("target demo has no ssh settings: add ssh (host, user, key_file,"
                + " known_hosts)"), plan.unavailableReason());
    }

    @Test
    void aComposeTargetCannotRestartASystemdUnitAndRunningItAnywayIsUnavailable() {
        Service compose = new Service("compose", null, 8000, true, null, List.of(), "/opt/app", "backend", null, false,
                0, Map.of());

        assertEquals(List.of("compose-restart", "compose-recreate", "firewall-allow", "reboot-host"),
                actions.availableFor(prod(compose)));
        ActionOutcome outcome = actions.find("restart-service").orElseThrow().run(prod(compose), step -> {
            throw new AssertionError("no step expected: " + step);
        });
        assertEquals(Result.UNAVAILABLE, outcome.result());
        assertTrue(outcome.summary().contains("runs its service with compose, not systemd"), outcome.summary());
    }

    @Test
    void aValueThatIsNotSafeForTheShellMakesTheActionUnavailable() {
        Service evil = new Service("systemd", "api; rm -rf /", 8000, true, null, List.of(), null, null, null, false, 0,
                Map.of());

        ActionPlan plan = actions.find("restart-service").orElseThrow().plan(prod(evil));

        assertFalse(plan.available());
        assertTrue(plan.unavailableReason().contains("{unit}"), plan.unavailableReason());
    }
}
