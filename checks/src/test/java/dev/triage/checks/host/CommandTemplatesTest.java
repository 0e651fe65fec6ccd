package dev.triage.checks.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.config.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTemplatesTest {

    private final CommandTemplates templates = new CommandTemplates();

    @Test
    void defaultsFollowTheRunbooksWithEveryValueSingleQuoted() {
        var target = HostScenario.ec2().target;
        assertEquals("systemctl status 'langchain-backend' --no-pager -l", templates.fill(CommandTemplates.SYSTEMD_STATUS, target));
        assertEquals("journalctl -u 'langchain-backend' -n '100' --no-pager", templates.fill(CommandTemplates.JOURNAL, target));
        assertEquals("sudo -n ufw allow '8000'/tcp", templates.fill(CommandTemplates.FIREWALL_ALLOW, target));
        assertEquals("sudo -n systemctl restart 'langchain-backend'", templates.fill(CommandTemplates.RESTART_SERVICE, target));
        assertEquals("ss -tlnp", templates.fill(CommandTemplates.PORTS, target));
        assertEquals("sudo -n reboot", templates.fill(CommandTemplates.REBOOT_HOST, target));
    }

    @Test
    void composeActionsUseTheConfiguredDirectoryAndService() {
        var target = HostScenario.compose().target;
        assertEquals("cd '/opt/app' && if docker compose version >/dev/null 2>&1; then docker compose restart 'backend'; else"
                + " docker-compose restart 'backend'; fi", templates.fill(CommandTemplates.COMPOSE_RESTART, target));
        assertEquals("cd '/opt/app' && if docker compose version >/dev/null 2>&1; then docker compose down && docker compose"
                + " up -d --build; else docker-compose down && docker-compose up -d --build; fi",
                templates.fill(CommandTemplates.COMPOSE_RECREATE, target));
    }

    @Test
    void perTargetOverrideReplacesTheDefault() {
        var service = new Service("systemd", "api", 8000, true, null, List.of(), null, null, null, false, 0,
                Map.of(CommandTemplates.JOURNAL, "sudo -n journalctl -u {unit} -n {lines} --no-pager -o short-iso"));
        var target = HostScenario.target(HostScenario.ssh(), service);
        assertEquals("sudo -n journalctl -u 'api' -n '100' --no-pager -o short-iso", templates.fill(CommandTemplates.JOURNAL, target));
    }

    @Test
    void aTeamsTemplateIsFilledLikeTheBuiltInOnesWithEveryConfiguredPlaceholderKnownToValidation() {
        var target = HostScenario.ec2().target;
        assertEquals("systemctl show 'langchain-backend' -p NRestarts; curl -s localhost:'8000'",
                templates.fillTemplate("check restarts", "systemctl show {unit} -p NRestarts; curl -s localhost:{port}", target));
        var error = assertThrows(IllegalArgumentException.class, () -> templates.fillTemplate("check probe", "echo {nope}", target));
        assertTrue(error.getMessage().endsWith("known: " + new java.util.TreeSet<>(dev.triage.config.CommandPlaceholders.CONFIGURED)),
                error.getMessage());
    }

    @Test
    void unknownPlaceholderIsRejectedNamingTemplateAndPlaceholder() {
        var service = new Service("systemd", "api", 8000, true, null, List.of(), null, null, null, false, 0,
                Map.of(CommandTemplates.JOURNAL, "journalctl -u {unit} --since {since}"));
        var target = HostScenario.target(HostScenario.ssh(), service);
        var error = assertThrows(IllegalArgumentException.class, () -> templates.fill(CommandTemplates.JOURNAL, target));
        assertTrue(error.getMessage().startsWith("command template journal uses unknown placeholder {since}"), error.getMessage());
    }

    @Test
    void valueWithShellCharactersIsRejected() {
        var service = new Service("systemd", "api; rm -rf /", 8000, true, null, List.of(), null, null, null, false, 0, Map.of());
        var target = HostScenario.target(HostScenario.ssh(), service);
        var error = assertThrows(IllegalArgumentException.class, () -> templates.fill(CommandTemplates.SYSTEMD_STATUS, target));
        assertTrue(error.getMessage().contains("systemd.status"), error.getMessage());
        assertTrue(error.getMessage().contains("{unit}"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> templates.fill(CommandTemplates.PATH_EXISTS, target, Map.of("path", "/opt/a'b")));
        assertThrows(IllegalArgumentException.class,
                () -> templates.fill(CommandTemplates.PATH_EXISTS, target, Map.of("path", "--help")));
    }

    @Test
    void placeholderWithoutAConfiguredValueIsRejected() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> templates.fill(CommandTemplates.COMPOSE_CONTAINERS, HostScenario.ec2().target));
        assertTrue(error.getMessage().contains("{compose_dir}"), error.getMessage());
    }

    @Test
    void unknownTemplateNameIsRejected() {
        var error = assertThrows(IllegalArgumentException.class, () -> new CommandTemplates(Map.of("restart", "x")));
        assertTrue(error.getMessage().startsWith("unknown command template restart"));
    }
}
