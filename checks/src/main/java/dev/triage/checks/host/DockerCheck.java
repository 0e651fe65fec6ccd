package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.ContainerInspection;
import dev.triage.checks.ssh.parse.DockerInspectParser;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker}: {@code docker inspect} of the compose service's containers, found with compose v2 or v1 (003).
 * FAIL when the service's container is missing, not running (exited, OOM-killed, restarting) or unhealthy (with its
 * last health output); WARN while its health check is still starting, when it has restarted at least {@code
 * restartWarnAt} times, or when its restart policy is {@code no}. Its health check, restart policy and limits are
 * always among the evidence and the facts.
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
        CommandResult run = session.run(CommandTemplates.COMPOSE_CONTAINERS);
        if (!run.succeeded()) {
            throw dockerProblem(session, run, service);
        }
        List<ContainerInspection> mine;
        try {
            mine = DockerInspectParser.containers(run.stdout());
        } catch (IllegalArgumentException e) {
            throw new HostProblem(HostProblem.Kind.UNEXPECTED_OUTPUT, "docker inspect on " + session.host() + " printed"
                    + " something else than its JSON: " + e.getMessage(), Evidence.head(run.stdout()));
        }
        var facts = new LinkedHashMap<String, String>();
        if (mine.isEmpty()) {
            facts.put("state", "missing");
            return session.result(ID, Status.FAIL, "compose service " + service.composeService()
                    + " has no container: it was never started or was removed (compose-recreate starts it)",
                    List.of("no container for service " + service.composeService() + " in " + service.composeDir()), facts);
        }
        ContainerInspection container = mine.stream().filter(ContainerInspection::running).findFirst().orElse(mine.get(0));
        facts.put("state", container.status());
        facts.put("health", container.health().isEmpty() ? "none" : container.health());
        facts.put("exitCode", Integer.toString(container.exitCode()));
        facts.put("container", container.name());
        facts.put("restartCount", Integer.toString(container.restartCount()));
        facts.put("restartPolicy", container.restartsNever() ? "no" : container.restartPolicy());
        facts.put("healthcheck", container.healthcheck().isEmpty() ? "none" : container.healthcheck());
        facts.put("memoryLimit", container.memoryLimit() == 0 ? "none" : Long.toString(container.memoryLimit()));
        if (container.oomKilled()) {
            facts.put("oomKilled", "true");
        }

        var evidence = new ArrayList<String>();
        mine.forEach(c -> evidence.add(c.name() + ": " + c.status() + (c.health().isEmpty() ? "" : " (" + c.health() + ")")
                + (c.running() ? "" : ", exit code " + c.exitCode()) + (c.oomKilled() ? ", OOMKilled" : "")
                + ", restarted " + c.restartCount() + " times"));
        if (!container.lastHealthOutput().isEmpty()) {
            evidence.add("last health check said: " + container.lastHealthOutput().lines().findFirst().orElse(""));
        }
        evidence.add(container.settings());

        String restarts = ", restarted " + container.restartCount() + " times";
        if (!container.running()) {
            String why = container.status().equals("restarting") ? "is restarting (crash loop)"
                    : container.oomKilled() ? "was killed for memory (OOMKilled, exit code " + container.exitCode() + ")"
                    : "is " + container.status() + " with exit code " + container.exitCode();
            String stays = container.restartsNever() && !container.status().equals("restarting")
                    ? "; its restart policy is no, so it stays down" : "";
            return session.result(ID, Status.FAIL, container.name() + " " + why + restarts + stays
                    + " — see its logs and the env check", evidence, facts);
        }
        if (container.health().equals("unhealthy")) {
            return session.result(ID, Status.FAIL, container.name() + " runs but its health check says unhealthy"
                    + restarts, evidence, facts);
        }
        if (container.health().equals("starting")) {
            return session.result(ID, Status.WARN, container.name() + " runs; its health check is still starting"
                    + restarts, evidence, facts);
        }
        if (container.restartCount() >= restartWarnAt) {
            return session.result(ID, Status.WARN, container.name() + " runs but has restarted " + container.restartCount()
                    + " times: it may be crash-looping", evidence, facts);
        }
        if (container.restartsNever()) {
            return session.result(ID, Status.WARN, container.name() + " runs, but with restart policy no: a crash would"
                    + " keep it down (003 runs it with restart: unless-stopped)", evidence, facts);
        }
        return session.result(ID, Status.OK, container.name() + " is running"
                + (container.health().isEmpty() ? "" : " and " + container.health()) + restarts, evidence, facts);
    }

    private static HostProblem dockerProblem(HostSession session, CommandResult ps, Service service) {
        String stderr = ps.stderr();
        if (stderr.contains("no configuration file provided") || stderr.contains("No such file or directory")
                || stderr.contains("Can't find a suitable configuration file")) {   // v2, cd, v1
            return new HostProblem(HostProblem.Kind.MISCONFIGURED, "no compose project in " + service.composeDir()
                    + " on " + session.host() + ": check service.compose_dir", Evidence.tail(stderr));
        }
        return session.unexpected(ps, "a container list");
    }
}
