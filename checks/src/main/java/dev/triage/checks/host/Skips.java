package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.config.Target;
import java.util.Optional;

/** The SKIPPED results of host checks: each says which setting to add. */
final class Skips {

    private Skips() {
    }

    /** SKIPPED unless the target has ssh and a service; empty when the check can run. */
    static Optional<CheckResult> unlessSshAndService(String checkId, Target target) {
        Optional<CheckResult> ssh = unlessSsh(checkId, target);
        if (ssh.isPresent()) {
            return ssh;
        }
        if (target.service() == null) {
            return Optional.of(CheckResult.skipped(checkId, "target " + target.name()
                    + " has no service settings: add service (kind, unit or compose_dir, port) to run " + checkId));
        }
        return Optional.empty();
    }

    static Optional<CheckResult> unlessSsh(String checkId, Target target) {
        if (target.ssh() == null) {
            return Optional.of(CheckResult.skipped(checkId, "target " + target.name()
                    + " has no ssh settings: add ssh (host, user, key_file, known_hosts) to run " + checkId));
        }
        return Optional.empty();
    }

    static CheckResult because(String checkId, Target target, String why) {
        return CheckResult.skipped(checkId, "target " + target.name() + ": " + why);
    }

    /** SKIPPED unless the service is a systemd unit with a name. */
    static Optional<CheckResult> unlessSystemdUnit(String checkId, Target target) {
        Optional<CheckResult> base = unlessSshAndService(checkId, target);
        if (base.isPresent()) {
            return base;
        }
        if (!"systemd".equals(target.service().kind())) {
            return Optional.of(because(checkId, target, "service kind is " + target.service().kind()
                    + ", not systemd; " + checkId + " reads a systemd unit (the docker check covers compose)"));
        }
        if (target.service().unit() == null || target.service().unit().isBlank()) {
            return Optional.of(because(checkId, target, "no service.unit configured: add the systemd unit name"));
        }
        return Optional.empty();
    }

    /** SKIPPED unless the service has a port. */
    static Optional<CheckResult> unlessPort(String checkId, Target target) {
        Optional<CheckResult> base = unlessSshAndService(checkId, target);
        if (base.isPresent()) {
            return base;
        }
        if (target.service().port() <= 0) {
            return Optional.of(because(checkId, target, "no service.port configured: add the port the service listens on"));
        }
        return Optional.empty();
    }
}
