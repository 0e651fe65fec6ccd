package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.NginxErrorLogParser;
import dev.triage.checks.ssh.parse.NginxMessage;
import dev.triage.checks.ssh.parse.NginxTest;
import dev.triage.checks.ssh.parse.NginxTestParser;
import dev.triage.checks.ssh.parse.PortBinding;
import dev.triage.checks.ssh.parse.SystemctlStatusParser;
import dev.triage.checks.ssh.parse.UpstreamError;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * {@code nginx}: {@code nginx -t}, {@code systemctl is-active nginx}, port 80 listening, and the tail of
 * nginx's error.log (001). FAIL when the config test fails, nginx is not running, nothing listens on 80,
 * or the log shows nginx refused by the upstream while the service port is not listening. Upstream errors
 * while the service port listens again are WARN: the log remembers an outage that is over.
 */
public final class NginxCheck extends HostCheck {
    public static final String ID = "nginx";
    private static final int HTTP_PORT = 80;


    public NginxCheck(RemoteShell shell, CommandTemplates templates) {
        super(ID, shell, templates);
    }

    @Override
    Optional<CheckResult> skip(Target target) {
        return Skips.unlessSshAndService(ID, target).or(() -> target.service().nginx() ? Optional.empty()
                : Optional.of(Skips.because(ID, target, "service.nginx is false: set it to true when nginx proxies to the service")));
    }

    @Override
    CheckResult judge(HostSession session, Target target) throws HostProblem {
        return inspect(session, target.service().port());
    }

    private CheckResult inspect(HostSession session, int servicePort) throws HostProblem {
        var facts = new LinkedHashMap<String, String>();
        CommandResult testRun = session.run(CommandTemplates.NGINX_TEST);
        String testOutput = testRun.stderr() + "\n" + testRun.stdout();
        NginxTest test = NginxTestParser.parse(testOutput);
        if (!test.successful()) {
            facts.put("nginx.config", "failed");
            Optional<NginxMessage> fatal = test.firstFatal();
            String why = fatal.map(m -> m.text() + (m.location() == null ? "" : " at " + m.location()))
                    .orElse("nginx -t exited " + testRun.exitStatus());
            return session.result(ID, Status.FAIL, "nginx config test failed: " + why
                    + " — fix it before restarting nginx", Evidence.head(testOutput), facts);
        }
        facts.put("nginx.config", "ok");

        CommandResult activeRun = session.run(CommandTemplates.NGINX_IS_ACTIVE);
        String state = SystemctlStatusParser.parseIsActive(activeRun.stdout());
        facts.put("nginx.active", Boolean.toString(state.equals("active")));
        if (!state.equals("active")) {
            return session.result(ID, Status.FAIL, "nginx is " + state + ": the proxy is down (config test passes,"
                    + " so restart-nginx is safe)", List.of("systemctl is-active nginx: " + state), facts);
        }

        ListeningPorts.Reading ports = ListeningPorts.read(session);
        PortBinding http = ports.sockets().binding(HTTP_PORT);
        facts.put("nginx.port80", http.label());
        if (http == PortBinding.NOT_LISTENING) {
            return session.result(ID, Status.FAIL, "nginx is active but nothing listens on port 80: check its listen"
                    + " directives", List.of(ports.tool() + " lists no socket on port 80"), facts);
        }

        var evidence = new ArrayList<String>();
        test.messages().stream().map(NginxMessage::line).forEach(evidence::add);
        List<UpstreamError> upstream;
        try {
            CommandResult log = session.run(CommandTemplates.NGINX_ERROR_LOG);
            upstream = log.succeeded() ? NginxErrorLogParser.parse(log.stdout()) : List.of();
            if (!log.succeeded()) {
                evidence.add("error.log not read: " + firstLine(log.stderr()));
            }
        } catch (HostProblem problem) {
            if (problem.kind() == HostProblem.Kind.UNREACHABLE || problem.kind() == HostProblem.Kind.TIMED_OUT) {
                throw problem;
            }
            upstream = List.of();
            evidence.add("error.log not read: " + problem.getMessage());
        }
        if (!upstream.isEmpty()) {
            UpstreamError last = upstream.get(upstream.size() - 1);
            facts.put("upstream", last.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            upstream.subList(Math.max(0, upstream.size() - 4), upstream.size()).forEach(e -> evidence.add(e.line()));
            boolean serviceListening = servicePort > 0
                    && ports.sockets().binding(servicePort) != PortBinding.NOT_LISTENING;
            boolean downNow = (last.kind() == UpstreamError.Kind.REFUSED || last.kind() == UpstreamError.Kind.NO_LIVE_UPSTREAMS)
                    && !serviceListening;
            if (downNow) {
                return session.result(ID, Status.FAIL, "nginx runs, but its upstream is down: " + last.kind().meaning()
                        + (servicePort > 0 ? "; nothing listens on port " + servicePort : "")
                        + " (last at " + last.time() + ")", evidence, facts);
            }
            return session.result(ID, Status.WARN, "nginx runs; error.log shows " + last.kind().meaning()
                    + ", last at " + last.time() + (serviceListening ? "; port " + servicePort + " listens now" : ""),
                    evidence, facts);
        }
        evidence.add(0, "systemctl is-active nginx: active");
        boolean logUnread = evidence.stream().anyMatch(l -> l.startsWith("error.log not read"));
        return session.result(ID, logUnread ? Status.WARN : Status.OK,
                "nginx config test passes, nginx is active and listens on port 80"
                        + (logUnread ? "; its error.log could not be read" : "; no upstream errors in error.log"),
                evidence, facts);
    }

    private static String firstLine(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("no output");
    }
}
