package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.CurlOutcome;
import dev.triage.checks.ssh.parse.CurlParser;
import dev.triage.config.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code local-health}: {@code curl -fsS -m 5 http://localhost:PORT/health} on the host itself (000/6,
 * 001). Passing here while the outside fails points at the network path; failing here points at the
 * service, and the failure says how (refused = down, timeout = hanging, HTTP error = application error).
 */
public final class LocalHealthCheck extends HostCheck {
    public static final String ID = "local-health";

    private static final Pattern STATUS_FIELD = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]*)\"");
    private static final Set<String> HEALTHY = Set.of("ok", "healthy", "up", "pass", "green");


    public LocalHealthCheck(RemoteShell shell, CommandTemplates templates) {
        super(ID, shell, templates);
    }

    @Override
    Optional<CheckResult> skip(Target target) {
        return Skips.unlessPort(ID, target);
    }

    @Override
    CheckResult judge(HostSession session, Target target) throws HostProblem {
        return inspect(session, target);
    }

    private CheckResult inspect(HostSession session, Target target) throws HostProblem {
        String where = "localhost:" + target.service().port() + target.healthPath();
        CommandResult run = session.run(CommandTemplates.LOCAL_HEALTH);
        CurlOutcome outcome = CurlParser.parse(run.exitStatus(), run.stderr());
        var facts = new LinkedHashMap<String, String>();
        facts.put("local", outcome.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (outcome.httpStatus() > 0) {
            facts.put("http.status", Integer.toString(outcome.httpStatus()));
        }
        List<String> evidence = outcome.message().isEmpty() ? Evidence.head(run.stdout()) : List.of(outcome.message());
        return switch (outcome.kind()) {
            case OK -> {
                Matcher status = STATUS_FIELD.matcher(run.stdout());
                if (status.find() && !HEALTHY.contains(status.group(1).toLowerCase(Locale.ROOT))) {
                    facts.put("health.status", status.group(1));
                    yield session.result(ID, Status.FAIL, where + " answered, but reports status \""
                            + status.group(1) + "\": the application says it is unhealthy", evidence, facts);
                }
                yield session.result(ID, Status.OK, where + " answers on the host: the service is up"
                        + " (if the outside still fails, suspect the network path)", evidence, facts);
            }
            case CONNECTION_REFUSED -> session.result(ID, Status.FAIL, "nothing answers on " + where
                    + " on the host itself: the service is down, not the network", evidence, facts);
            case TIMED_OUT -> session.result(ID, Status.FAIL, where + " gave no answer within curl's 5 s"
                    + ": the service is hanging or overloaded", evidence, facts);
            case HTTP_ERROR -> session.result(ID, Status.FAIL, where + " answered HTTP "
                    + (outcome.httpStatus() > 0 ? outcome.httpStatus() : "error")
                    + ": the service runs but the application fails (see journal, env, resources)", evidence, facts);
            case NO_RESPONSE -> session.result(ID, Status.FAIL, where + " closed the connection without an answer"
                    + ": the service crashes on requests", evidence, facts);
            case DNS_FAILED -> throw new HostProblem(HostProblem.Kind.UNEXPECTED_OUTPUT, "localhost does not resolve on "
                    + session.host() + ": the host's /etc/hosts is broken", evidence);
            case OTHER -> throw session.unexpected(run, "an HTTP answer");
        };
    }
}
