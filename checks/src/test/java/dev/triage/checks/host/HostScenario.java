package dev.triage.checks.host;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteAccessException;
import dev.triage.checks.ssh.parse.Fixtures;
import dev.triage.config.Service;
import dev.triage.config.Ssh;
import dev.triage.config.Target;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** A target, the commands its host answers (from fixtures), and a check to run against it. */
final class HostScenario {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(7);

    final CommandTemplates templates = new CommandTemplates();
    final FakeRemoteShell shell = new FakeRemoteShell();
    final Target target;

    HostScenario(Target target) {
        this.target = target;
        if (target.service() != null && target.service().unit() != null) {
            // What systemd 252 answers for a unit without TimeoutStartSec; a test may answer otherwise.
            givenFixture(CommandTemplates.SYSTEMD_START_TIMEOUT, "systemctl-show", "default-timeout");
        }
    }

    static Ssh ssh() {
        return new Ssh("ec2-3-39-187-108.example.com", 22, "ubuntu", Path.of("/keys/id_ed25519"), null,
                Path.of("/keys/known_hosts"), null, COMMAND_TIMEOUT);
    }

    static Service systemdService(int port, boolean mustBeReachable) {
        return new Service("systemd", "langchain-backend", port, mustBeReachable, "/opt/langchain/.env",
                List.of("SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_KEY", "JWT_SECRET", "PORT"),
                null, null, "API server is ready!", true, 100, Map.of());
    }

    static Service composeService() {
        return new Service("compose", null, 8000, true, null, List.of("JWT_SECRET", "PORT"), "/opt/app", "backend",
                null, false, 0, Map.of());
    }

    static Target target(Ssh ssh, Service service) {
        return new Target("prod", URI.create("http://3.39.187.108:8000"), null, null, null, null, null, null, null,
                null, ssh, service);
    }

    /** The runbooks' EC2 host: FastAPI on 8000 under systemd, behind nginx, reachable from outside. */
    static HostScenario ec2() {
        return new HostScenario(target(ssh(), systemdService(8000, true)));
    }

    static HostScenario compose() {
        return new HostScenario(target(ssh(), composeService()));
    }

    HostScenario given(String template, int exit, String stdout) {
        return given(template, exit, stdout, "");
    }

    /** A template filled with values a check derives from the host ({@code path}, {@code conf}). */
    HostScenario givenWith(String template, java.util.Map<String, String> extra, int exit, String stdout) {
        return givenWith(template, extra, exit, stdout, "");
    }

    HostScenario givenWith(String template, java.util.Map<String, String> extra, int exit, String stdout, String stderr) {
        shell.reply(templates.fill(template, target, extra), exit, stdout, stderr, false);
        return this;
    }

    HostScenario given(String template, int exit, String stdout, String stderr) {
        shell.reply(templates.fill(template, target), exit, stdout, stderr, false);
        return this;
    }

    HostScenario givenFixture(String template, String tool, String variant) {
        return given(template, 0, Fixtures.read(tool, variant));
    }

    HostScenario givenPath(String path, boolean exists) {
        shell.reply(templates.fill(CommandTemplates.PATH_EXISTS, target, Map.of("path", path)), exists ? 0 : 1, "", "", false);
        return this;
    }

    HostScenario missingTool(String template, String tool) {
        return given(template, 127, "", "bash: line 1: " + tool + ": command not found\n");
    }

    HostScenario sudoRefuses(String template) {
        return given(template, 1, "", Fixtures.read("shell", "sudo-password-required"));
    }

    HostScenario timesOut(String template) {
        shell.reply(templates.fill(template, target), 124, "", "", true);
        return this;
    }

    HostScenario unreachable() {
        shell.unreachable(new RemoteAccessException(RemoteAccessException.Kind.CONNECT_FAILED,
                "connect to ec2-3-39-187-108.example.com:22 timed out after 5 s"));
        return this;
    }

    CheckResult run(BiFunction<FakeRemoteShell, CommandTemplates, Check> check) {
        return check.apply(shell, templates).run(target);
    }
}
