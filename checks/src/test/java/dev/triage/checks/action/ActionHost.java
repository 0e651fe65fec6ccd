package dev.triage.checks.action;

import dev.triage.time.Sleeper;

import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.checks.ssh.parse.Fixtures;
import dev.triage.checks.ssh.testing.LocalSshd;
import dev.triage.config.Service;
import dev.triage.config.Ssh;
import dev.triage.config.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The host the action tests act on: the real local sshd, stand-ins for the tools that can't run here
 * (systemctl, sudo, nginx, docker, ufw) keeping their state in files, and targets describing its service.
 */
final class ActionHost implements AutoCloseable {

    static final String UNIT = "langchain-backend";
    static final int FIXTURE_PORT = 8000;

    final LocalSshd sshd;
    final Path state;
    final SshExecutor executor;

    ActionHost(LocalSshd sshd) {
        this.sshd = sshd;
        try {
            this.state = Files.createDirectories(sshd.directory().resolve("state-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.executor = SshExecutor.builder()
                .killAfter(Duration.ofSeconds(1))
                .clientGrace(Duration.ofSeconds(1))
                .closeWait(Duration.ofSeconds(2))
                .build();
    }

    @Override
    public void close() {
        executor.close();
    }

    // Targets

    static Service systemd(int port, boolean nginx) {
        return new Service("systemd", UNIT, port, false, null, List.of(), null, null, null, nginx, 0, Map.of());
    }

    static Service compose(Path dir, Path envFile, List<String> requiredEnv, int port) {
        return new Service("compose", null, port, false, envFile.toString(), requiredEnv, dir.toString(), "backend",
                null, false, 0, Map.of());
    }

    Target target(Service service) {
        return target(service, null, sshd.ssh());
    }

    Target target(Service service, URI baseUrl) {
        return target(service, baseUrl, sshd.ssh());
    }

    Target target(Service service, URI baseUrl, Ssh ssh) {
        return new Target("prod", baseUrl, LocalSshd.HOST, null, null, Duration.ofSeconds(2), null, null, null, null,
                ssh, service);
    }

    // The actions, with a clock and pacer of the test's choosing

    List<Action> actions(InstantSource clock, Sleeper pacer, ActionSettings settings) {
        return SshActions.all(executor, new CommandTemplates(), new HttpProber(), pacer, clock, settings);
    }

    Action action(String id, InstantSource clock, Sleeper pacer, ActionSettings settings) {
        return new ActionCatalog(actions(clock, pacer, settings)).find(id).orElseThrow();
    }

    static Action action(String id, RemoteShell shell, InstantSource clock, Sleeper pacer, ActionSettings settings) {
        return new ActionCatalog(SshActions.all(shell, new CommandTemplates(), new HttpProber(), pacer, clock, settings))
                .find(id).orElseThrow();
    }

    /** Quick polling for tests on the real clock: the same steps, 20 ms apart. */
    static ActionSettings quick() {
        return new ActionSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofMillis(20), 5, Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofMillis(20), 3);
    }

    // Stand-ins

    /** sudo as a NOPASSWD rule would have it: drops {@code -n} and runs the rest. */
    ActionHost sudoAllowed() {
        sshd.installStandIn("sudo", "[ \"$1\" = \"-n\" ] && shift\nexec \"$@\"\n");
        return this;
    }

    /** sudo without a rule for the user: refuses as {@code sudo -n} does. */
    ActionHost sudoWantsPassword() {
        sshd.installStandIn("sudo", "cat '" + write("sudo.err", Fixtures.read("shell", "sudo-password-required"))
                + "' >&2\nexit 1\n");
        return this;
    }

    /**
     * systemctl whose restart/start/daemon-reload succeed (printing {@code restarted}), are logged to
     * {@code calls}, and mark the service up; is-active answers from that mark.
     */
    ActionHost systemctlWorks() {
        sshd.installStandIn("systemctl", """
                case "$1" in
                  restart|start|daemon-reload)
                    echo "$*" >> '%1$s/calls'
                    [ "$1" = daemon-reload ] || touch '%1$s/up'
                    echo "$1 done"
                    exit 0;;
                  is-active)
                    if [ -e '%1$s/up' ]; then echo active; exit 0; else echo inactive; exit 3; fi;;
                  *)
                    echo "unexpected: $*" >&2; exit 2;;
                esac
                """.formatted(state));
        return this;
    }

    /** systemctl whose restart fails the way a unit with a broken ExecStart does. */
    ActionHost systemctlRestartFails() {
        sshd.installStandIn("systemctl", """
                echo "$*" >> '%s/calls'
                echo "Job for langchain-backend.service failed because the control process exited with error code." >&2
                echo "See \\"systemctl status langchain-backend.service\\" and \\"journalctl -xeu langchain-backend.service\\" for details." >&2
                exit 1
                """.formatted(state));
        return this;
    }

    /** ss listing the fixture with port 8000 listening once the service is up and ss has been asked {@code fromCall} times. */
    ActionHost ssListensAfterRestart(int fromCall) {
        Path up = write("ss-up.txt", Fixtures.read("ss", "service-on-all-interfaces"));
        Path down = write("ss-down.txt", Fixtures.read("ss", "service-not-listening"));
        sshd.installStandIn("ss", """
                n=$(cat '%1$s/ss-count' 2>/dev/null || echo 0)
                n=$((n + 1))
                echo $n > '%1$s/ss-count'
                if [ -e '%1$s/up' ] && [ $n -ge %2$d ]; then cat '%3$s'; else cat '%4$s'; fi
                """.formatted(state, fromCall, up, down));
        return this;
    }

    /** ss that never shows port 8000 (nor anything new). */
    ActionHost ssNeverListens() {
        sshd.installStandInPrinting("ss", Fixtures.read("ss", "service-not-listening"), 0);
        return this;
    }

    /** curl answering the health fixture once the service is up, refusing before. */
    ActionHost curlHealthyWhenUp() {
        Path ok = write("curl-ok.txt", Fixtures.read("curl", "health-ok"));
        Path refused = write("curl-refused.txt", Fixtures.read("curl", "connection-refused"));
        sshd.installStandIn("curl", """
                if [ -e '%1$s/up' ]; then cat '%2$s'; exit 0; fi
                cat '%3$s' >&2
                exit 7
                """.formatted(state, ok, refused));
        return this;
    }

    /** A stand-in that records that it ran (in {@code calls}) and succeeds. */
    ActionHost recording(String command) {
        sshd.installStandIn(command, "echo \"" + command + " $*\" >> '" + state + "/calls'\necho ok\n");
        return this;
    }

    /** A stand-in printing a fixture on stderr (as nginx -t does) and exiting {@code exit}. */
    ActionHost printingToStderr(String command, String tool, String variant, int exit) {
        Path out = write(command + ".err", Fixtures.read(tool, variant));
        sshd.installStandIn(command, "cat '" + out + "' >&2\nexit " + exit + "\n");
        return this;
    }

    /** What the recording stand-ins were asked to do, one line each; empty when nothing ran. */
    List<String> calls() {
        Path calls = state.resolve("calls");
        try {
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(String name, String content) {
        try {
            return Files.writeString(state.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
