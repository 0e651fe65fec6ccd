package dev.triage.checks.cloud.aws;

import dev.triage.config.CloudSettings;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.util.List;
import java.util.Optional;

/**
 * The ports as the world sees them, for {@code security-group} and {@code security-group-allow}. Without a
 * proxy the service's own port must be open (document 000: 8000). With nginx (or any proxy) in front, the
 * world reaches the public ports — {@code cloud.aws.public_ports}, else the base URL's port (80/443) — and
 * the app's own port is expected closed from outside.
 *
 * @param open   the ports that must be open to the allowed source
 * @param closed the ports that must not be (the app's own port behind a proxy); may be empty
 * @param proxy  true when a proxy is in front
 */
record ExposedPorts(List<Integer> open, List<Integer> closed, boolean proxy) {
    ExposedPorts {
        open = List.copyOf(open);
        closed = List.copyOf(closed);
    }

    /** Empty when the target names no port at all. */
    static Optional<ExposedPorts> of(Target target, CloudSettings.Aws aws) {
        Service s = target.service();
        int app = s != null && s.port() > 0 ? s.port() : 0;
        boolean proxy = (s != null && s.nginx()) || !aws.publicPorts().isEmpty();
        if (proxy) {
            List<Integer> pub = !aws.publicPorts().isEmpty() ? aws.publicPorts() : baseUrlPort(target).map(List::of).orElse(List.of());
            if (pub.isEmpty()) {
                return Optional.empty();
            }
            List<Integer> closed = app > 0 && !pub.contains(app) ? List.of(app) : List.of();
            return Optional.of(new ExposedPorts(pub, closed, true));
        }
        Integer port = app > 0 ? Integer.valueOf(app) : target.port();
        return port == null ? Optional.empty() : Optional.of(new ExposedPorts(List.of(port), List.of(), false));
    }

    /** The base URL's port (80 for http, 443 for https when none is written), else the target's port. */
    private static Optional<Integer> baseUrlPort(Target target) {
        if (target.baseUrl() != null) {
            int p = target.baseUrl().getPort();
            return Optional.of(p > 0 ? p : "https".equalsIgnoreCase(target.baseUrl().getScheme()) ? 443 : 80);
        }
        return Optional.ofNullable(target.port());
    }

    /** {@code 80} or {@code 80 and 443}. */
    static String list(List<Integer> ports) {
        if (ports.size() == 1) {
            return ports.get(0).toString();
        }
        return String.join(", ", ports.subList(0, ports.size() - 1).stream().map(String::valueOf).toList()) + " and "
                + ports.get(ports.size() - 1);
    }
}
