package dev.triage.checks.action;

import dev.triage.config.Service;
import dev.triage.config.Target;
import java.util.Optional;

/** What the SSH actions need configured; each unmet requirement says which setting to add. */
final class Requirements {

    private Requirements() {
    }

    static Requirement ssh() {
        return target -> target.ssh() != null ? Optional.empty()
                : Optional.of("target " + target.name() + " has no ssh settings: add ssh (host, user, key_file,"
                        + " known_hosts)");
    }

    static Requirement systemdUnit() {
        return target -> {
            Service service = target.service();
            if (service == null) {
                return noService(target, "kind systemd, unit, port");
            }
            if (!"systemd".equals(service.kind())) {
                return Optional.of("target " + target.name() + " runs its service with " + service.kind()
                        + ", not systemd: use the compose actions");
            }
            if (blank(service.unit())) {
                return Optional.of("target " + target.name() + " has no service.unit: add the systemd unit name");
            }
            return Optional.empty();
        };
    }

    static Requirement port() {
        return target -> {
            if (target.service() == null) {
                return noService(target, "port");
            }
            return target.service().port() > 0 ? Optional.empty()
                    : Optional.of("target " + target.name() + " has no service.port: add the port the service"
                            + " listens on (needed to verify the action)");
        };
    }

    static Requirement nginx() {
        return target -> {
            if (target.service() == null) {
                return noService(target, "nginx: true, port");
            }
            return target.service().nginx() ? Optional.empty()
                    : Optional.of("target " + target.name() + " has service.nginx false: set it to true when nginx"
                            + " proxies to the service");
        };
    }

    static Requirement compose() {
        return target -> {
            Service service = target.service();
            if (service == null) {
                return noService(target, "kind compose, compose_dir, compose_service, port");
            }
            if (blank(service.composeDir()) || blank(service.composeService())) {
                return Optional.of("target " + target.name() + " has no compose project: set service.compose_dir"
                        + " and service.compose_service");
            }
            return Optional.empty();
        };
    }

    private static Optional<String> noService(Target target, String settings) {
        return Optional.of("target " + target.name() + " has no service settings: add service (" + settings + ")");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
