package dev.triage.checks.action;

import dev.triage.time.Sleeper;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.host.DockerCheck;
import dev.triage.checks.host.EnvCheck;
import dev.triage.checks.host.LocalHealthCheck;
import dev.triage.checks.host.NginxCheck;
import dev.triage.checks.host.PortBindingCheck;
import dev.triage.checks.host.SystemdUnitCheck;
import dev.triage.checks.host.UnitFileCheck;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.net.TcpConnectCheck;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The eight SSH actions of RUNBOOKS.md, assembled in one place from the host checks: which gates each has,
 * which command template it runs, and how it is verified.
 *
 * <pre>{@code
 * ActionCatalog actions = new ActionCatalog(SshActions.all(executor, templates, prober, Sleeper.system(),
 *         InstantSource.system(), ActionSettings.defaults()));
 * ActionPlan plan = actions.find("restart-service").orElseThrow().plan(target);   // for the approval card
 * ActionOutcome outcome = actions.find("restart-service").orElseThrow().run(target, step -> post(step));
 * }</pre>
 */
public final class SshActions {
    public static final String RESTART_SERVICE = "restart-service";
    public static final String START_SERVICE = "start-service";
    public static final String RELOAD_UNITS = "reload-units";
    public static final String RESTART_NGINX = "restart-nginx";
    public static final String COMPOSE_RESTART = "compose-restart";
    public static final String COMPOSE_RECREATE = "compose-recreate";
    public static final String FIREWALL_ALLOW = "firewall-allow";
    public static final String REBOOT_HOST = "reboot-host";

    static final int HTTP_PORT = 80;

    private final RemoteShell shell;
    private final CommandTemplates templates;
    private final InstantSource clock;
    private final ActionSettings settings;
    private final Poller poller;
    private final PortBindingCheck ports;
    private final LocalHealthCheck localHealth;
    private final HttpHealthCheck outsideHealth;

    private SshActions(RemoteShell shell, CommandTemplates templates, HttpProber prober, Sleeper pacer,
                       InstantSource clock, ActionSettings settings) {
        this.shell = Objects.requireNonNull(shell, "shell");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.poller = new Poller(clock, Objects.requireNonNull(pacer, "pacer"));
        this.ports = new PortBindingCheck(shell, templates);
        this.localHealth = new LocalHealthCheck(shell, templates);
        this.outsideHealth = new HttpHealthCheck(Objects.requireNonNull(prober, "prober"));
    }

    /** The eight actions in RUNBOOKS.md order, with {@link ActionSettings#defaults()}. */
    public static List<Action> all(RemoteShell shell, CommandTemplates templates, HttpProber prober, Sleeper pacer,
                                   InstantSource clock) {
        return all(shell, templates, prober, pacer, clock, ActionSettings.defaults());
    }

    /** The eight actions in RUNBOOKS.md order. */
    public static List<Action> all(RemoteShell shell, CommandTemplates templates, HttpProber prober, Sleeper pacer,
                                   InstantSource clock, ActionSettings settings) {
        return new SshActions(shell, templates, prober, pacer, clock, settings).build();
    }

    private List<Action> build() {
        // Behind nginx (001), the service answering again is not enough: nginx must pass it on, or restart-nginx is next.
        Verification throughNginx = new FollowUp(localHealth(t -> TargetViews.withServicePort(t, nginxPort(t)), "through nginx")
                .onlyWhen(t -> t.service() != null && t.service().nginx()), RESTART_NGINX);
        List<Verification> serviceVerified = List.of(portListening(), localHealth(UnaryOperator.identity(), "local"),
                throughNginx, outsideHealth());
        var systemd = List.of(Requirements.systemdUnit(), Requirements.port());
        var compose = List.of(Requirements.compose(), Requirements.port());
        List<Verification> composeVerified = List.of(containerRunning(t -> true),
                localHealth(UnaryOperator.identity(), "local"), outsideHealth());
        return List.of(
                action(RESTART_SERVICE, systemd, List.of(), List.of(CommandTemplates.RESTART_SERVICE),
                        serviceVerified),
                action(START_SERVICE, systemd, List.of(), List.of(CommandTemplates.START_SERVICE), serviceVerified),
                action(RELOAD_UNITS, systemd, List.of(CheckGate.passing(new UnitFileCheck(shell, templates), clock)),
                        List.of(CommandTemplates.RELOAD_UNITS, CommandTemplates.RESTART_SERVICE), serviceVerified),
                action(RESTART_NGINX, List.of(Requirements.nginx(), Requirements.port()),
                        List.of(nginxConfigPasses(), upstreamListening()), List.of(CommandTemplates.RESTART_NGINX),
                        List.of(nginxPortListening(), localHealth(t -> TargetViews.withServicePort(t, nginxPort(t)),
                                "through nginx"), outsideHealth())),
                action(COMPOSE_RESTART, compose, List.of(CheckGate.passing(new EnvCheck(shell, templates), clock)),
                        List.of(CommandTemplates.COMPOSE_RESTART), composeVerified),
                new GatedAction(new ActionDefinition(COMPOSE_RECREATE, compose,
                        List.of(CheckGate.passing(new EnvCheck(shell, templates), clock)),
                        List.of(CommandTemplates.COMPOSE_RECREATE), settings.buildDeadline(), composeVerified, false),
                        shell, templates, clock),
                action(FIREWALL_ALLOW, List.of(Requirements.port()), List.of(),
                        List.of(CommandTemplates.FIREWALL_ALLOW), List.of(reachableFromBot())),
                new GatedAction(new ActionDefinition(REBOOT_HOST, List.of(), List.of(),
                        List.of(CommandTemplates.REBOOT_HOST), settings.commandDeadline(),
                        List.of(new HostBack(shell, settings.hostBackPatience(), poller),
                                unitActive(), containerRunning(SshActions::composed),
                                localHealth(UnaryOperator.identity(), "local").onlyWhen(SshActions::hasPort),
                                outsideHealth()), true),
                        shell, templates, clock));
    }

    private Action action(String id, List<Requirement> requirements, List<Gate> gates, List<String> commands,
                          List<Verification> verifications) {
        return new GatedAction(new ActionDefinition(id, requirements, gates, commands, settings.commandDeadline(),
                verifications, false), shell, templates, clock);
    }

    // Gates

    /** {@code nginx -t} passes, whether or not nginx runs now (a stopped nginx is what restart-nginx is for). */
    private Gate nginxConfigPasses() {
        return new CheckGate(t -> "nginx -t", t -> "nginx -t passes", new NginxCheck(shell, templates),
                r -> "ok".equals(r.fact("nginx.config")), r -> "nginx configuration test is successful", clock);
    }

    /** The upstream listens (on any address: nginx reaches it over loopback). */
    private Gate upstreamListening() {
        return new CheckGate(t -> "port " + t.service().port() + " listening",
                t -> "port " + t.service().port() + " listening (nginx's upstream)", ports,
                SshActions::listening, CheckResult::summary, clock);
    }

    // Verifications

    private PolledCheck portListening() {
        return new PolledCheck(t -> "port " + t.service().port() + " listening",
                t -> "port " + t.service().port() + " listening within " + Timing.limit(settings.portWithin()),
                t -> "port " + t.service().port(), UnaryOperator.identity(), t -> true, ports,
                settings.portPatience(), SshActions::listening, poller);
    }

    private PolledCheck nginxPortListening() {
        return new PolledCheck(t -> "port " + nginxPort(t) + " listening",
                t -> "port " + nginxPort(t) + " listening within " + Timing.limit(settings.portWithin()),
                t -> "port " + nginxPort(t), t -> TargetViews.withServicePort(t, nginxPort(t)), t -> true, ports,
                settings.portPatience(), SshActions::listening, poller);
    }

    /**
     * The port to reach nginx on over plain HTTP from the host itself: the base URL's for an {@code http://} target (it
     * may not be 80), else 80 (an {@code https://} site's nginx speaks TLS on 443, which local curl over http can't use).
     */
    static int nginxPort(Target t) {
        boolean http = t.baseUrl() != null && "http".equalsIgnoreCase(t.baseUrl().getScheme());
        return http && t.port() != null ? t.port() : HTTP_PORT;
    }

    private PolledCheck localHealth(UnaryOperator<Target> view, String where) {
        return new PolledCheck(t -> where + " " + t.healthPath(),
                t -> where + " " + t.healthPath() + " answers 200 (" + settings.healthTries() + " tries)"
                        + (view.apply(t).service().port() == t.service().port() ? ""
                        : " on port " + view.apply(t).service().port()),
                t -> where + " health 200", view, t -> true, localHealth, settings.healthPatience(),
                SshActions::healthy, poller);
    }

    private PolledCheck outsideHealth() {
        return new PolledCheck(t -> "outside " + t.healthPath(),
                t -> t.baseUrl() == null ? "outside " + t.healthPath() + " 200 — skipped: no base_url configured"
                        : "outside " + t.healthPath() + " 200",
                t -> "health 200", UnaryOperator.identity(), t -> true, outsideHealth, settings.healthPatience(),
                SshActions::healthy, poller);
    }

    private PolledCheck containerRunning(Predicate<Target> applies) {
        return new PolledCheck(t -> "container " + t.service().composeService() + " running",
                t -> "container " + t.service().composeService() + " running and healthy within "
                        + Timing.limit(settings.serviceWithin()),
                t -> "container running", UnaryOperator.identity(), applies,
                new DockerCheck(shell, templates), settings.servicePatience(), SshActions::containerUp, poller);
    }

    private PolledCheck unitActive() {
        return new PolledCheck(t -> "unit " + t.service().unit() + " active",
                t -> "unit " + t.service().unit() + " active within " + Timing.limit(settings.serviceWithin()),
                t -> "service active", UnaryOperator.identity(), SshActions::systemdUnit,
                new SystemdUnitCheck(shell, templates), settings.servicePatience(),
                r -> "true".equals(r.fact("active")), poller);
    }

    /** Reaches the port firewall-allow opened: the service's, or behind nginx the base URL's ({@link Target#publicPort()}). */
    private PolledCheck reachableFromBot() {
        return new PolledCheck(t -> "tcp-connect " + TargetViews.reachingServicePort(t).host() + ":" + t.publicPort(),
                t -> "tcp-connect from the bot to " + TargetViews.reachingServicePort(t).host() + ":"
                        + t.publicPort() + " (" + settings.connectTries() + " tries)",
                t -> "tcp-connect " + t.publicPort(), TargetViews::reachingPublicPort, t -> true,
                new TcpConnectCheck(), settings.connectPatience(), r -> r.status() == Status.OK, poller);
    }

    // Predicates on results and targets

    private static boolean listening(CheckResult r) {
        String listening = r.fact("listening");
        return listening != null && !listening.equals("not-listening");
    }

    private static boolean healthy(CheckResult r) {
        return r.status() == Status.OK || r.status() == Status.WARN;
    }

    /** Running, and healthy or without a health check; a WARN for past restarts is reported, not waited out. */
    private static boolean containerUp(CheckResult r) {
        String health = r.fact("health");
        return "running".equals(r.fact("state")) && ("healthy".equals(health) || "none".equals(health));
    }

    private static boolean systemdUnit(Target t) {
        Service s = t.service();
        return s != null && "systemd".equals(s.kind()) && s.unit() != null && !s.unit().isBlank();
    }

    private static boolean composed(Target t) {
        Service s = t.service();
        return s != null && s.composeDir() != null && !s.composeDir().isBlank() && s.composeService() != null
                && !s.composeService().isBlank();
    }

    private static boolean hasPort(Target t) {
        return t.service() != null && t.service().port() > 0;
    }
}
