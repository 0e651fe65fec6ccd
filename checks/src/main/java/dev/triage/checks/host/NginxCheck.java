package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.NginxErrorLogParser;
import dev.triage.checks.ssh.parse.NginxMessage;
import dev.triage.checks.ssh.parse.NginxConfigParser;
import dev.triage.checks.ssh.parse.NginxConfigParser.NginxConfig;
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
import java.util.Set;
import java.util.stream.Collectors;

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
        // The configuration nginx actually runs: the running master's -c, else nginx's default.
        Optional<String> master = masterLine(session);
        Optional<String> runningConfig = master.flatMap(NginxCheck::configOf);
        CommandResult testRun = runningConfig.isPresent()
                ? session.run(CommandTemplates.NGINX_TEST_WITH_CONFIG, java.util.Map.of("conf", runningConfig.get()))
                : session.run(CommandTemplates.NGINX_TEST);
        // nginx -T writes its verdict on stderr and the configuration on stdout; an override running -t may write either.
        boolean dumped = testRun.stdout().lines().anyMatch(l -> l.startsWith("# configuration file "));
        String testOutput = testRun.stderr() + (dumped ? "" : "\n" + testRun.stdout());
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
        runningConfig.ifPresent(c -> facts.put("nginx.configFile", c));
        NginxConfig config = NginxConfigParser.parse(testRun.stdout());
        Set<Integer> listenPorts = config.dumped() && !config.ports().isEmpty() ? config.ports() : Set.of(HTTP_PORT);
        facts.put("nginx.ports", listenPorts.stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (!config.upstreams().isEmpty()) {
            facts.put("nginx.upstreams", String.join(",", config.upstreams()));
        }
        facts.put("nginx.errorLogs", String.join(",", config.errorLogs()));

        String state;
        try {
            state = SystemctlStatusParser.parseIsActive(session.run(CommandTemplates.NGINX_IS_ACTIVE).stdout());
        } catch (HostProblem noSystemd) {
            if (noSystemd.kind() != HostProblem.Kind.CANNOT_ANSWER && noSystemd.kind() != HostProblem.Kind.TOOL_MISSING) {
                throw noSystemd;
            }
            // No systemd to ask: the master process running is what "active" means.
            state = master.isPresent() ? "active" : "not running";
        }
        facts.put("nginx.active", Boolean.toString(state.equals("active")));
        if (!state.equals("active")) {
            return session.result(ID, Status.FAIL, "nginx is " + state + ": the proxy is down (config test passes,"
                    + " so restart-nginx is safe)", List.of("nginx: " + state), facts);
        }

        ListeningPorts.Reading ports = ListeningPorts.read(session);
        List<Integer> listening = listenPorts.stream().filter(p -> ports.sockets().binding(p) != PortBinding.NOT_LISTENING).toList();
        if (listenPorts.contains(HTTP_PORT)) {
            facts.put("nginx.port80", ports.sockets().binding(HTTP_PORT).label());
        }
        String portsText = listenPorts.stream().map(String::valueOf).collect(Collectors.joining(", "));
        if (listening.isEmpty()) {
            return session.result(ID, Status.FAIL, "nginx is active but nothing listens on " + (listenPorts.size() == 1
                    ? "its port " : "any of its ports ") + portsText + ": check its listen directives",
                    List.of(ports.tool() + " lists no socket on " + portsText), facts);
        }

        var evidence = new ArrayList<String>();
        test.messages().stream().map(NginxMessage::line).forEach(evidence::add);
        List<UpstreamError> upstream = new ArrayList<>();
        List<String> unknown = new ArrayList<>(config.unreadable());
        List<String> read = new ArrayList<>();
        List<CommandResult> logs;
        try {
            logs = session.runEach(CommandTemplates.NGINX_ERROR_LOG, config.errorLogs().stream()
                    .map(path -> java.util.Map.of("path", path)).toList());
        } catch (HostProblem problem) {
            if (problem.kind() == HostProblem.Kind.UNREACHABLE || problem.kind() == HostProblem.Kind.TIMED_OUT
                    || problem.kind() == HostProblem.Kind.HOST_KEY_REFUSED) {
                throw problem;
            }
            logs = List.of();
            unknown.addAll(config.errorLogs());
            evidence.add("error log not read: " + problem.getMessage());
        }
        for (int n = 0; n < logs.size(); n++) {
            String path = config.errorLogs().get(n);
            CommandResult log = logs.get(n);
            if (!log.succeeded()) {
                unknown.add(path);
                evidence.add(path + " not read: " + firstLine(log.stderr()));
            } else if (log.stdout().isBlank()) {
                unknown.add(path + " (empty)");
            } else {
                read.add(path);
                upstream.addAll(NginxErrorLogParser.parse(log.stdout()));
            }
        }
        if (!upstream.isEmpty()) {
            upstream.sort(java.util.Comparator.comparing(UpstreamError::time));
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
            return session.result(ID, Status.WARN, "nginx runs; its error log shows " + last.kind().meaning()
                    + ", last at " + last.time() + (serviceListening ? "; port " + servicePort + " listens now" : ""),
                    evidence, facts);
        }
        evidence.add(0, "nginx: active; listening on " + listening.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        String base = "nginx config test passes, nginx is active and listens on port" + (listening.size() == 1 ? " " : "s ")
                + listening.stream().map(String::valueOf).collect(Collectors.joining(", "));
        if (read.isEmpty()) {
            // Nothing read is not "no errors": say so, and never let it count as ruled out.
            facts.put("upstream", "unknown");
            return session.result(ID, Status.WARN, base + "; upstream errors unknown: " + (unknown.isEmpty() ? "no error log"
                    : String.join(", ", unknown)) + " gave nothing to read", evidence, facts);
        }
        return session.result(ID, Status.OK, base + "; no upstream errors in " + String.join(", ", read)
                + (unknown.isEmpty() ? "" : " (" + String.join(", ", unknown) + ": nothing to read)"), evidence, facts);
    }

    /** The running master's command line, when {@code ps} shows one. */
    private static Optional<String> masterLine(HostSession session) {
        try {
            CommandResult ps = session.run(CommandTemplates.NGINX_MASTER);
            return ps.stdout().lines().map(String::strip).filter(l -> l.startsWith("nginx: master process")).findFirst();
        } catch (HostProblem noPs) {
            return Optional.empty();
        }
    }

    /** The {@code -c FILE} of a master's command line, when it is a path Triage passes to a shell. */
    static Optional<String> configOf(String masterLine) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s-c\\s+(\\S+)").matcher(masterLine);
        if (!m.find()) {
            return Optional.empty();
        }
        String path = m.group(1);
        return path.startsWith("/") && CommandTemplates.SAFE_VALUE.matcher(path).matches() ? Optional.of(path) : Optional.empty();
    }

    private static String firstLine(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("no output");
    }
}
