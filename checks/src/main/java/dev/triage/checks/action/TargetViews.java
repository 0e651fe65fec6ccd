package dev.triage.checks.action;

import dev.triage.config.Service;
import dev.triage.config.Target;

/** The same target seen through another port, so an existing check can ask about nginx's port 80 or the service port from outside. */
final class TargetViews {

    private TargetViews() {
    }

    /** The target with its service listening on {@code port} (loopback allowed): {@code port-binding} and {@code local-health} then ask about that port. */
    static Target withServicePort(Target target, int port) {
        Service s = target.service();
        Service moved = new Service(s.kind(), s.unit(), port, false, s.envFile(), s.requiredEnv(), s.composeDir(),
                s.composeService(), s.readyMarker(), s.nginx(), s.journalLines(), s.commands(), s.thresholds());
        return new Target(target.name(), target.baseUrl(), target.host(), target.port(), target.healthPath(),
                target.timeout(), target.latencyWarn(), target.statusChecks(), target.http(), target.incidentChannel(),
                target.ssh(), moved);
    }

    /** The target as {@code tcp-connect} should reach its service port from the bot: the target's host, else the SSH host. */
    static Target reachingServicePort(Target target) {
        String host = target.host() != null ? target.host() : target.ssh().host();
        return new Target(target.name(), target.baseUrl(), host, target.service().port(), target.healthPath(),
                target.timeout(), target.latencyWarn(), target.statusChecks(), target.http(), target.incidentChannel(),
                target.ssh(), target.service());
    }

    /** The target with the port firewall-allow opens ({@link Target#publicPort()}) as the one to connect to. */
    static Target reachingPublicPort(Target target) {
        String host = target.host() != null ? target.host() : target.ssh().host();
        return new Target(target.name(), target.baseUrl(), host, target.publicPort(), target.healthPath(),
                target.timeout(), target.latencyWarn(), target.statusChecks(), target.http(), target.incidentChannel(),
                target.ssh(), target.service());
    }
}
