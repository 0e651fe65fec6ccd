package dev.triage.bot.diagnose;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runbooks' decision path — document 001's flowchart with document 000's ranking of causes —
 * over the results of one diagnosis: reach it from outside; is the unit active; is the port
 * listening and where; does local health pass; is nginx fine; then the network path. The first step
 * that explains the outage names the cause. A pure function of its input.
 */
public final class DecisionPath {
    private static final Map<String, String> TOPIC = Map.ofEntries(
            Map.entry("http-health", "health from outside"),
            Map.entry("tcp-connect", "connect from outside"),
            Map.entry("systemd-unit", "service down"),
            Map.entry("journal", "errors in the log"),
            Map.entry("port-binding", "port not listening"),
            Map.entry("unit-file", "unit file"),
            Map.entry("local-health", "app on the host"),
            Map.entry("nginx", "nginx"),
            Map.entry("firewall", "firewall"),
            Map.entry("env", "environment variables"),
            Map.entry("docker", "container"),
            Map.entry("resources", "memory, load and disk"));

    public Verdict decide(Target target, List<CheckResult> results) {
        Findings f = new Findings(results);
        if (!f.outsideFails()) {
            return f.outsideWarns() ? slow(f) : healthy(f);
        }
        boolean hostView = DiagnosisPlan.checkIds(target).stream()
                .filter(id -> !DiagnosisPlan.isOutside(id))
                .anyMatch(f::known);
        Verdict v = hostView ? fromHost(target, f) : fromOutside(target, f);
        return withRuledOut(v, f);
    }

    // ---- healthy or slow -------------------------------------------------------------------

    private static Verdict healthy(Findings f) {
        List<Verdict.Evidence> worth = new ArrayList<>();
        for (CheckResult r : f.all()) {
            if (!DiagnosisPlan.isOutside(r.checkId()) && (r.status() == Status.WARN || r.status() == Status.FAIL)) {
                worth.add(new Verdict.Evidence(r.checkId(), r.status() + " " + r.summary()));
            }
        }
        List<Verdict.Evidence> evidence = new ArrayList<>(f.evidence("http-health", 0));
        evidence.addAll(worth);
        return new Verdict(true, worth.isEmpty() ? "it answers normally: nothing to fix"
                : "it answers normally; " + worth.size() + " thing" + (worth.size() == 1 ? "" : "s") + " worth a look on the host",
                null, evidence, List.of(), null);
    }

    private static Verdict slow(Findings f) {
        List<Verdict.Evidence> evidence = new ArrayList<>();
        f.outside().stream().filter(r -> r.status() == Status.WARN)
                .forEach(r -> evidence.add(new Verdict.Evidence(r.checkId(), r.summary())));
        if (f.get("resources").map(r -> r.status().isProblem()).orElse(false)) {
            evidence.addAll(f.evidence("resources", 3));
        }
        return new Verdict(false, "it answers, but slowly", "document 003: response-time goal 500 ms", evidence, List.of(),
                new Verdict.Fix("look at load and memory on the host (resources) and at slow requests in the log", null));
    }

    // ---- with a view of the host ------------------------------------------------------------

    private static Verdict fromHost(Target target, Findings f) {
        boolean compose = target.service() != null && "compose".equals(target.service().kind());
        int port = target.service() == null ? 0 : target.service().port();
        String restart = compose ? "compose-restart" : "restart-service";

        if (f.failed("env")) {
            List<Verdict.Evidence> ev = new ArrayList<>(f.evidence("env", 3));
            ev.addAll(f.evidence(compose ? "docker" : "systemd-unit", 2));
            return new Verdict(false, "a required environment variable is missing or still a placeholder",
                    "document 003, cause 1", ev, List.of(),
                    new Verdict.Fix("set the real value in the env file on the host (values are never shown here), then "
                            + (compose ? "recreate the containers" : "restart the service"), compose ? "compose-recreate" : restart));
        }
        if (!compose && f.failed("systemd-unit")) {
            if (f.failed("unit-file")) {
                List<Verdict.Evidence> ev = new ArrayList<>(f.evidence("unit-file", 3));
                ev.addAll(f.evidence("systemd-unit", 2));
                return new Verdict(false, "the unit file points at paths that don't exist", "document 000, step 4", ev, List.of(),
                        new Verdict.Fix("correct ExecStart / WorkingDirectory / EnvironmentFile in the unit, then reload and restart",
                                "reload-units"));
            }
            List<Verdict.Evidence> ev = new ArrayList<>(f.evidence("systemd-unit", 3));
            ev.addAll(journal(f));
            return new Verdict(false, "the service is down" + patterns(f), "document 001, step 2; document 000, cause 2",
                    ev, List.of(), new Verdict.Fix("restart the service" + (hasPattern(f, "EADDRINUSE")
                    ? " after freeing port " + port + " (another process holds it)" : ""), restart));
        }
        if (compose && f.failed("docker")) {
            List<Verdict.Evidence> ev = new ArrayList<>(f.evidence("docker", 3));
            return new Verdict(false, "the container is down or unhealthy", "document 003, cause 2", ev, List.of(),
                    new Verdict.Fix("restart the compose service; recreate it if a restart doesn't hold", "compose-restart"));
        }
        String listening = f.fact("port-binding", "listening");
        if ("not-listening".equals(listening)) {
            List<Verdict.Evidence> ev = new ArrayList<>(f.evidence("port-binding", 2));
            ev.addAll(journal(f));
            return new Verdict(false, "the service runs but nothing listens on port " + port + ": crashed or still starting"
                    + patterns(f), "document 001, step 3", ev, List.of(),
                    new Verdict.Fix("read the log lines above; restart the service once the cause is fixed", restart));
        }
        boolean behindNginx = target.service() != null && target.service().nginx();
        if ("loopback-only".equals(listening) && target.service() != null && target.service().mustBeReachable() && !behindNginx) {
            List<Verdict.Evidence> ev = new ArrayList<>(f.evidence("port-binding", 2));
            ev.addAll(f.evidence("local-health", 0));
            ev.addAll(f.evidence("tcp-connect", 0));
            return new Verdict(false, "the service is bound to 127.0.0.1 only", "document 000, step 3; cause 3", ev, List.of(),
                    new Verdict.Fix("start the app on host 0.0.0.0 (e.g. uvicorn.run(app, host=\"0.0.0.0\", port=" + port
                            + ")) and restart it", restart));
        }
        if (f.failed("local-health")) {
            List<Verdict.Evidence> ev = new ArrayList<>(f.evidence("local-health", 2));
            ev.addAll(journal(f));
            if (f.get("resources").map(r -> r.status() == Status.FAIL).orElse(false)) {
                ev.addAll(f.evidence("resources", 2));
            }
            return new Verdict(false, "the application itself fails on the host" + patterns(f), "document 001, step 4", ev,
                    List.of(), new Verdict.Fix("read the log lines above; restart the service once the cause is fixed", restart));
        }
        if (behindNginx && f.failed("nginx")) {
            List<Verdict.Evidence> ev = new ArrayList<>(f.evidence("nginx", 3));
            boolean configBroken = "failed".equals(f.fact("nginx", "nginx.config"));
            return new Verdict(false, configBroken ? "nginx's configuration fails its test" : "nginx is down or can't reach the service",
                    "document 001, step 5", ev, List.of(), configBroken
                    ? new Verdict.Fix("fix the configuration nginx -t names, then restart nginx", null)
                    : new Verdict.Fix("restart nginx (its configuration is tested first)", "restart-nginx"));
        }
        if (f.failed("firewall")) {
            List<Verdict.Evidence> ev = new ArrayList<>(f.evidence("firewall", 3));
            ev.addAll(f.evidence("tcp-connect", 0));
            return new Verdict(false, "ufw is active and doesn't allow port " + port, "document 000, step 7", ev, List.of(),
                    new Verdict.Fix("allow the port in ufw", "firewall-allow"));
        }
        if (f.passed("local-health") || "all-interfaces".equals(listening) || "specific-address".equals(listening)) {
            List<Verdict.Evidence> ev = new ArrayList<>();
            f.outside().stream().filter(r -> r.status() == Status.FAIL)
                    .forEach(r -> ev.add(new Verdict.Evidence(r.checkId(), r.summary())));
            ev.addAll(f.evidence("local-health", 0));
            ev.addAll(f.evidence("port-binding", 0));
            return new Verdict(false, "healthy on the host but unreachable from outside: the network path,"
                    + " most often the security group", "document 000, step 1; cause 1, 90 % of cases", ev, List.of(),
                    new Verdict.Fix("open port " + (target.port() == null ? port : target.port())
                            + " to the expected source in the instance's security group inbound rules", null));
        }
        return new Verdict(false, "it fails from outside, and the host checks could not say why", null,
                failing(f), List.of(), new Verdict.Fix("look at the ERROR lines: a check that couldn't run hides the cause", null));
    }

    // ---- from outside only ------------------------------------------------------------------

    private static Verdict fromOutside(Target target, Findings f) {
        String where = target.host() + ":" + target.port();
        String failure = firstNonNull(f.fact("tcp-connect", "failure"), f.fact("http-health", "failure"));
        String status = f.fact("http-health", "http.status");
        List<Verdict.Evidence> ev = failing(f);
        if ("DNS".equals(failure)) {
            return new Verdict(false, target.host() + " does not resolve", "document 000, step 6", ev, List.of(),
                    new Verdict.Fix("check the DNS record, or the host in base_url", null));
        }
        if ("CONNECT_TIMEOUT".equals(failure)) {
            return new Verdict(false, "connections to " + where + " time out: packets are dropped by a security group or firewall",
                    "document 000, step 1; cause 1, 90 % of cases", ev, List.of(),
                    new Verdict.Fix("open port " + target.port() + " in the security group inbound rules (and ufw on the host)", null));
        }
        if ("UNREACHABLE".equals(failure)) {
            return new Verdict(false, "there is no route to " + target.host(), "document 000, step 6", ev, List.of(),
                    new Verdict.Fix("check that the host is running and its address is right", null));
        }
        if ("REFUSED".equals(failure)) {
            return new Verdict(false, "nothing accepts connections on " + where + ": the service is down or crashed",
                    "document 001, step 2; document 000, cause 2", ev, List.of(),
                    new Verdict.Fix("start the service again", "restart-service"));
        }
        if ("502".equals(status) || "504".equals(status)) {
            return new Verdict(false, "the proxy answers but the service behind it doesn't", "document 001: 502 Bad Gateway",
                    ev, List.of(), new Verdict.Fix("restart the service behind the proxy", "restart-service"));
        }
        if ("503".equals(status)) {
            return new Verdict(false, "the service answers but reports itself unavailable", "documents 002 and 004: 503",
                    ev, List.of(), new Verdict.Fix("restart the service; if it comes back unhealthy, its dependencies are the cause",
                    "restart-service"));
        }
        if ("NO_RESPONSE".equals(failure)) {
            return new Verdict(false, "it accepts connections but doesn't answer in time: hung or overloaded", "document 003",
                    ev, List.of(), new Verdict.Fix("restart the service", "restart-service"));
        }
        return new Verdict(false, "it answers from outside with an error", "document 001, step 4", ev, List.of(),
                new Verdict.Fix("look at the service's log", null));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static Verdict withRuledOut(Verdict v, Findings f) {
        Set<String> cited = new LinkedHashSet<>();
        v.evidence().forEach(e -> cited.add(e.checkId()));
        List<String> ruledOut = new ArrayList<>();
        for (CheckResult r : f.all()) {
            if (r.status() == Status.OK && !cited.contains(r.checkId())) {
                ruledOut.add(TOPIC.getOrDefault(r.checkId(), r.checkId()) + " (" + shorten(r.summary()) + ")");
            }
        }
        return new Verdict(v.healthy(), v.cause(), v.reference(), v.evidence(), ruledOut, v.fix());
    }

    /** Each failing check's summary; for a health endpoint that answered, also what its body said. */
    private static List<Verdict.Evidence> failing(Findings f) {
        List<Verdict.Evidence> ev = new ArrayList<>();
        for (CheckResult r : f.all()) {
            if (r.status() == Status.FAIL || r.status() == Status.ERROR) {
                ev.add(new Verdict.Evidence(r.checkId(), r.summary()));
                if (r.fact("http.status") != null) {
                    r.evidence().stream().filter(line -> line.startsWith("body"))
                            .forEach(line -> ev.add(new Verdict.Evidence(r.checkId(), line)));
                }
            }
        }
        return ev;
    }

    private static List<Verdict.Evidence> journal(Findings f) {
        return f.get("journal").filter(r -> r.status() == Status.FAIL || r.status() == Status.WARN)
                .map(r -> f.evidence("journal", 4)).orElse(List.of());
    }

    private static String patterns(Findings f) {
        String p = f.fact("journal", "patterns");
        return p == null || p.isBlank() ? "" : " (journal: " + p.replace(",", ", ") + ")";
    }

    private static boolean hasPattern(Findings f, String label) {
        String p = f.fact("journal", "patterns");
        return p != null && List.of(p.split(",")).contains(label);
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 59) + "…";
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
