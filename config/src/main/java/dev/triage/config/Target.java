package dev.triage.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One backend Triage watches: where it answers from outside, and optionally how to reach its host
 * over SSH and which service runs there.
 *
 * @param name          unique, used in commands ({@code /backend status prod})
 * @param baseUrl       where the service answers from outside, e.g. {@code https://api.example.com}; may be null
 * @param host          host name or address for {@code tcp-connect}; defaults to the base URL's host
 * @param port          service port for {@code tcp-connect}; defaults to the base URL's port
 * @param healthPath    path of the health endpoint, default {@code /health}
 * @param timeout       deadline for each check against this target
 * @param latencyWarn   above this an otherwise healthy answer is WARN
 * @param statusChecks  check ids that {@code /backend status} runs
 * @param http          extra URLs checked with an expected status
 * @param incidentChannel channel id for this target's alerts; null means the config's default
 * @param ssh           how to reach the host over SSH; null when the target has none
 * @param service       the service on that host; null when not configured
 * @param websockets    WebSocket paths ({@code /ws/voice}, under the base URL) or {@code ws://}/{@code wss://} URLs
 *                      whose opening handshake the {@code websocket} check tries
 * @param tls           how the {@code tls} check judges the certificate of an {@code https://} base URL
 */
public record Target(
        String name,
        URI baseUrl,
        String host,
        Integer port,
        String healthPath,
        Duration timeout,
        Duration latencyWarn,
        List<String> statusChecks,
        List<HttpExpectation> http,
        String incidentChannel,
        Ssh ssh,
        Service service,
        List<String> websockets,
        TlsSettings tls) {

    public static final String DEFAULT_HEALTH_PATH = "/health";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_LATENCY_WARN = Duration.ofSeconds(1);
    public static final List<String> DEFAULT_STATUS_CHECKS = List.of("http-health", "tcp-connect", "http", "websocket", "tls");

    public Target {
        Objects.requireNonNull(name, "name");
        healthPath = healthPath == null ? DEFAULT_HEALTH_PATH : healthPath;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        latencyWarn = latencyWarn == null ? DEFAULT_LATENCY_WARN : latencyWarn;
        statusChecks = statusChecks == null ? DEFAULT_STATUS_CHECKS : List.copyOf(statusChecks);
        http = http == null ? List.of() : List.copyOf(http);
        websockets = websockets == null ? List.of() : List.copyOf(websockets);
        tls = tls == null ? TlsSettings.DEFAULT : tls;
        if (host == null && baseUrl != null) {
            host = baseUrl.getHost();
        }
        if (port == null && baseUrl != null) {
            port = baseUrl.getPort() > 0 ? baseUrl.getPort()
                    : "https".equalsIgnoreCase(baseUrl.getScheme()) ? 443 : 80;
        }
    }

    /**
     * The port the world reaches the service's host on — the one its host firewall and security group must open: with
     * nginx in front (document 001), the base URL's port, while the app's own port stays closed behind nginx; else the
     * service's own port (a load balancer may forward to it from another). Null without either.
     */
    public Integer publicPort() {
        if (service != null && service.nginx() && port != null) {
            return port;
        }
        if (service != null && service.port() > 0) {
            return service.port();
        }
        return port;
    }

    /** A target with no WebSocket paths to check. */
    public Target(String name, URI baseUrl, String host, Integer port, String healthPath, Duration timeout, Duration latencyWarn,
                  List<String> statusChecks, List<HttpExpectation> http, String incidentChannel, Ssh ssh, Service service) {
        this(name, baseUrl, host, port, healthPath, timeout, latencyWarn, statusChecks, http, incidentChannel, ssh, service, null, null);
    }

    /** A target with WebSocket paths and the default TLS judgement. */
    public Target(String name, URI baseUrl, String host, Integer port, String healthPath, Duration timeout, Duration latencyWarn,
                  List<String> statusChecks, List<HttpExpectation> http, String incidentChannel, Ssh ssh, Service service,
                  List<String> websockets) {
        this(name, baseUrl, host, port, healthPath, timeout, latencyWarn, statusChecks, http, incidentChannel, ssh, service, websockets,
                null);
    }

    /** A target reached only over HTTP, with defaults for everything else. */
    public static Target http(String name, URI baseUrl) {
        return new Target(name, baseUrl, null, null, null, null, null, null, null, null, null, null);
    }

    public Optional<Ssh> sshAccess() {
        return Optional.ofNullable(ssh);
    }

    public Optional<Service> serviceInfo() {
        return Optional.ofNullable(service);
    }

    /** The target with a different base URL (host and port follow it). */
    public Target withBaseUrl(URI newBaseUrl) {
        return new Target(name, newBaseUrl, null, null, healthPath, timeout, latencyWarn, statusChecks, http,
                incidentChannel, ssh, service, websockets, tls);
    }
}
