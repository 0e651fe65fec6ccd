package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.ComposeContainer;
import dev.triage.checks.ssh.parse.ComposePsParser;
import dev.triage.checks.ssh.parse.DockerInspectParser;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker}: {@code docker compose ps --all --format json} in the compose directory, then the
 * service's restart count from {@code docker inspect} (003). FAIL when the service's container is missing,
 * not running (exited, restarting) or unhealthy; WARN while its health check is still starting or when it
 * has restarted at least {@code restartWarnAt} times.
 */
public final class DockerCheck extends HostCheck {
    public static final String ID = "docker";
    public static final int DEFAULT_RESTART_WARN_AT = 3;

    private final int restartWarnAt;

    public DockerCheck(RemoteShell shell, CommandTemplates templates) {
        this(shell, templates, DEFAULT_RESTART_WARN_AT);
    }

    public DockerCheck(RemoteShell shell, CommandTemplates templates, int restartWarnAt) {
        super(ID, shell, templates);
        if (restartWarnAt < 1) {
            throw new IllegalArgumentException("restartWarnAt must be at least 1: " + restartWarnAt);
        }
        this.restartWarnAt = restartWarnAt;
    }

    @Override
    Optional<CheckResult> skip(Target target) {
        return Skips.unlessSshAndService(ID, target).or(() -> target.service().composeDir() != null && target.service().composeService() != null
                ? Optional.empty()
                : Optional.of(Skips.because(ID, target, "no compose project: set service.compose_dir and service.compose_service")));
    }

    @Override
    CheckResult judge(HostSession session, Target target) throws HostProblem {
        return inspect(session, target.service());
    }

    private CheckResult inspect(HostSession session, Service service) throws HostProblem {
        CommandResult ps = session.run(CommandTemplates.COMPOSE_PS);
        if (!ps.succeeded()) {
            throw dockerProblem(session, ps, service);
        }
        List<ComposeContainer> all;
        try {
            all = ComposePsParser.parse(ps.stdout());
        } catch (IllegalArgumentException e) {
            throw new HostProblem(HostProblem.Kind.UNEXPECTED_OUTPUT, "docker compose ps on " + session.host()
                    + " printed no JSON: " + e.getMessage() + " (compose v1 does not support --format json)",
                    Evidence.head(ps.stdout()));
        }
        List<ComposeContainer> mine = all.stream().filter(c -> c.service().equals(service.composeService())).toList();
        var facts = new LinkedHashMap<String, String>();
        if (mine.isEmpty()) {
            facts.put("state", "missing");
            var evidence = new ArrayList<String>();
            evidence.add("no container for service " + service.composeService() + " in " + service.composeDir());
            all.forEach(c -> evidence.add(c.describe()));
            return session.result(ID, Status.FAIL, "compose service " + service.composeService()
                    + " has no container: it was never started or was removed (compose-recreate starts it)", evidence, facts);
        }
        var evidence = new ArrayList<String>();
        mine.forEach(c -> evidence.add(c.describe()));
        ComposeContainer container = mine.get(0);
        facts.put("state", container.state());
        facts.put("health", container.health().isEmpty() ? "none" : container.health());
        facts.put("exitCode", Integer.toString(container.exitCode()));
        facts.put("container", container.name());

        Integer restarts = restartCount(session, container.name(), evidence);
        if (restarts != null) {
            facts.put("restartCount", restarts.toString());
        }
        String restartText = restarts == null ? "" : ", restarted " + restarts + " times";
        if (!container.state().equals("running")) {
            String why = container.state().equals("restarting") ? "is restarting (crash loop)"
                    : "is " + container.state() + " with exit code " + container.exitCode();
            return session.result(ID, Status.FAIL, container.name() + " " + why + restartText
                    + " — see its logs and the env check", evidence, facts);
        }
        if (container.health().equals("unhealthy")) {
            return session.result(ID, Status.FAIL, container.name() + " runs but its health check says unhealthy"
                    + restartText, evidence, facts);
        }
        if (container.health().equals("starting")) {
            return session.result(ID, Status.WARN, container.name() + " runs; its health check is still starting"
                    + restartText, evidence, facts);
        }
        if (restarts != null && restarts >= restartWarnAt) {
            return session.result(ID, Status.WARN, container.name() + " runs but has restarted " + restarts
                    + " times: it may be crash-looping", evidence, facts);
        }
        return session.result(ID, Status.OK, container.name() + " is running"
                + (container.health().isEmpty() ? "" : " and " + container.health()) + restartText, evidence, facts);
    }

    /** The container's restart count, or null (with an evidence line) when docker inspect gives none. */
    private static Integer restartCount(HostSession session, String container, List<String> evidence) throws HostProblem {
        CommandResult inspect;
        try {
            inspect = session.run(CommandTemplates.DOCKER_RESTART_COUNT);
        } catch (HostProblem problem) {
            if (problem.kind() == HostProblem.Kind.UNREACHABLE || problem.kind() == HostProblem.Kind.TIMED_OUT) {
                throw problem;
            }
            evidence.add("restart count not read: " + problem.getMessage());
            return null;
        }
        Map<String, Integer> counts = inspect.succeeded() ? DockerInspectParser.restartCounts(inspect.stdout()) : Map.of();
        Integer count = counts.get(container);
        if (count == null && counts.size() == 1) {
            count = counts.values().iterator().next();
        }
        if (count == null) {
            evidence.add("restart count not read: docker inspect exited " + inspect.exitStatus());
        }
        return count;
    }

    private static HostProblem dockerProblem(HostSession session, CommandResult ps, Service service) {
        String stderr = ps.stderr();
        if (stderr.contains("no configuration file provided") || stderr.contains("No such file or directory")) {
            return new HostProblem(HostProblem.Kind.MISCONFIGURED, "no compose project in " + service.composeDir()
                    + " on " + session.host() + ": check service.compose_dir", Evidence.tail(stderr));
        }
        return session.unexpected(ps, "a container list");
    }
}
