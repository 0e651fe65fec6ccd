package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code targets:}: each backend — its URL, checks, TLS, WebSockets, SSH, service, thresholds — and its {@code cloud:}
 * block. Reads through the shared {@link ConfigNodes} of the file's walk: {@code ${VAR}}, one problem sink, the secrets.
 */
final class TargetsReader extends ConfigNodes {
    /** The built-in check ids plus the names of the file's own {@code checks:}. */
    private final Set<String> checkIds;
    /** Where relative paths (key files, known_hosts) are read from: the config file's directory. */
    private final Path baseDir;
    /** Each target's {@code cloud:} block, by target name: filled as the targets are read. */
    private final Map<String, CloudSettings> cloud;

    TargetsReader(ConfigNodes shared, Set<String> checkIds, Path baseDir, Map<String, CloudSettings> cloud) {
        super(shared);
        this.checkIds = checkIds;
        this.baseDir = baseDir;
        this.cloud = cloud;
    }

    List<Target> targets(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            problem("targets", "required: list at least one backend (name and base_url)");
            return List.of();
        }
        if (!node.isArray()) {
            problem("targets", "must be a list of backends (got " + kind(node) + ")");
            return List.of();
        }
        List<Target> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "targets[" + i + "]";
            int before = problemCount();
            Target t = target(node.get(i), path, seen);
            if (t != null && problemCount() == before) {
                out.add(t);
            }
        }
        return out;
    }

    /** @param seen lower-cased names already used, with their place, to report duplicates */
    Target target(JsonNode node, String path, Map<String, String> seen) {
        if (!node.isObject()) {
            problem(path, "must be a mapping with name and base_url (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, Set.of("name", "base_url", "host", "port", "health_path", "timeout", "latency_warn",
                "checks", "http", "websockets", "tls", "incident_channel", "ssh", "service", "probe", "runbook", "cloud", "remediate"));
        int before = problemCount();
        String name = string(node, path, "name", true);
        if (name != null && !ConfigLoader.TARGET_NAME.matcher(name).matches()) {
            problem(path + ".name", "use letters, digits, '.', '_' or '-' (got " + name + ")");
        }
        if (name != null) {
            String first = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), path);
            if (first != null) {
                problem(path + ".name", "duplicate target name (got " + name + ", also at " + first + ")");
            }
        }
        URI baseUrl = url(node, path, "base_url");
        String host = string(node, path, "host", false);
        Integer port = node.has("port") ? port(node.get("port"), path + ".port", false) : null;
        if (baseUrl == null && (host == null || port == null) && !node.has("base_url")) {
            problem(path, "needs base_url, or host and port, to be checked from outside");
        }
        String healthPath = string(node, path, "health_path", false);
        if (healthPath != null && !healthPath.startsWith("/")) {
            problem(path + ".health_path", "must start with / (got " + healthPath + ")");
        }
        Duration timeout = duration(node, path, "timeout");
        Duration latencyWarn = duration(node, path, "latency_warn");
        List<String> checks = node.has("checks") ? checkList(node.get("checks"), path + ".checks", checkIds) : null;
        List<HttpExpectation> http = httpExpectations(node.path("http"), path + ".http", baseUrl);
        List<String> websockets = websockets(node.path("websockets"), path + ".websockets", baseUrl);
        TlsSettings tls = node.has("tls") ? tls(node.get("tls"), path + ".tls", baseUrl) : null;
        String incidentChannel = string(node, path, "incident_channel", false);
        Ssh ssh = node.has("ssh") ? ssh(node.get("ssh"), path + ".ssh", host != null ? host : baseUrl == null ? null : baseUrl.getHost()) : null;
        Service service = node.has("service") ? service(node.get("service"), path + ".service") : null;
        CloudSettings cloudSettings = node.has("cloud") ? new CloudSettingsReader(this).read(node.get("cloud"), path + ".cloud") : null;
        if (problemCount() > before || name == null) {
            return null;
        }
        if (cloudSettings != null) {
            cloud.put(name, cloudSettings);
        }
        return new Target(name, baseUrl, host, port, healthPath, timeout, latencyWarn, checks, http,
                incidentChannel, ssh, service, websockets, tls);
    }

    /** {@code tls: {warn_days: 14, ca_file: private-ca.pem}} */
    TlsSettings tls(JsonNode node, String path, URI baseUrl) {
        if (!node.isObject()) {
            problem(path, "must be a mapping like {warn_days: 14, ca_file: ca.pem} (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, Set.of("warn_days", "ca_file"));
        if (baseUrl != null && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
            problem(path, "applies to an https:// base_url (got " + baseUrl + ")");
        }
        int warnDays = TlsSettings.DEFAULT_WARN_DAYS;
        String days = node.has("warn_days") ? scalar(node.get("warn_days"), path + ".warn_days") : null;
        if (days != null) {
            if (!days.matches("\\d{1,4}")) {
                problem(path + ".warn_days", "must be a whole number of days, like 14 (got " + days + ")");
            } else {
                warnDays = Integer.parseInt(days);
            }
        }
        java.nio.file.Path ca = null;
        String caFile = string(node, path, "ca_file", false);
        if (caFile != null) {
            ca = baseDir.resolve(caFile);
            if (!java.nio.file.Files.isReadable(ca)) {
                problem(path + ".ca_file", "no readable file there (got " + caFile + ")");
            }
        }
        return new TlsSettings(warnDays, ca);
    }

    /** {@code websockets: [/ws/voice, wss://rt.example.com/ws]}: paths under base_url, or ws:// and wss:// URLs. */
    List<String> websockets(JsonNode node, String path, URI baseUrl) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        List<String> given = stringList(node, path);
        for (int i = 0; i < given.size(); i++) {
            String v = given.get(i);
            String where = path + "[" + i + "]";
            if (v.startsWith("/")) {
                if (baseUrl == null) {
                    problem(where, "a path needs the target's base_url; or give a whole ws:// or wss:// URL (got " + v + ")");
                    continue;
                }
                out.add(v);
                continue;
            }
            try {
                URI u = new URI(v);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("ws") && !scheme.equals("wss") || u.getHost() == null) {
                    problem(where, "must be a path like /ws/voice or a ws:// or wss:// URL with a host (got " + v + ")");
                    continue;
                }
                out.add(v);
            } catch (URISyntaxException e) {
                problem(where, "not a URL: " + e.getReason() + " (got " + v + ")");
            }
        }
        return out;
    }

    /**
     * {@code http: [{url: /docs, expect: 200}, {url: /api/session/start, method: POST, headers: {…}, body: "…", expect: 201}]}:
     * each request the {@code http} check sends, from this file only.
     */
    List<HttpExpectation> httpExpectations(JsonNode node, String path, URI baseUrl) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problem(path, "must be a list of {url, expect} (and method, headers, body for more than a GET) (got " + kind(node) + ")");
            return List.of();
        }
        HttpRequestReader requests = new HttpRequestReader(this);
        List<HttpExpectation> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                problem(p, "must be a mapping like {url: /docs, expect: 200} (got " + kind(item) + ")");
                continue;
            }
            keys(item, p, Set.of("url", "expect", "method", "headers", "body"));
            String url = string(item, p, "url", true);
            int expect = 200;
            boolean badExpect = false;
            if (item.has("expect")) {
                JsonNode e = item.get("expect");
                if (e.canConvertToInt() && e.isIntegralNumber() && e.asInt() >= 100 && e.asInt() <= 599) {
                    expect = e.asInt();
                } else {
                    problem(p + ".expect", "must be an HTTP status 100..599 (got " + e.asText() + ")");
                    badExpect = true;
                }
            }
            HttpRequestSpec request = requests.read(item, p);
            if (url == null || badExpect || request == null) {
                continue;
            }
            if (url.startsWith("/")) {
                if (baseUrl == null) {
                    problem(p + ".url", "a path needs the target's base_url; give a full URL instead (got " + url + ")");
                    continue;
                }
            } else if (checkUrl(url, p + ".url") == null) {
                continue;
            }
            HttpExpectation e = new HttpExpectation(url, expect, request);
            String first = seen.putIfAbsent(e.label(), p);
            if (first != null) {
                problem(p, "the same request as " + first + " (" + e.label() + "): each entry needs its own url or method");
                continue;
            }
            out.add(e);
        }
        return out;
    }

    Ssh ssh(JsonNode node, String path, String defaultHost) {
        if (!node.isObject()) {
            problem(path, "must be a mapping with user and known_hosts (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, Set.of("host", "port", "user", "key_file", "key", "known_hosts", "connect_timeout", "command_timeout"));
        int before = problemCount();
        String host = string(node, path, "host", false);
        host = host != null ? host : defaultHost;
        if (host == null) {
            problem(path + ".host", "required when the target has no base_url or host");
        }
        Integer port = node.has("port") ? port(node.get("port"), path + ".port", false) : Integer.valueOf(22);
        String user = string(node, path, "user", true);
        if (user != null && !ConfigLoader.SHELL_SAFE.matcher(user).matches()) {
            problem(path + ".user", "not a user name (got " + user + ")");
        }
        String keyFile = string(node, path, "key_file", false);
        Secret key = node.has("key") ? secret(node, path, "key") : null;
        if (keyFile == null && key == null) {
            problem(path, "needs key_file (a private key's path) or key (PEM text, e.g. key: ${TRIAGE_SSH_KEY})");
        }
        Path keyPath = keyFile == null ? null : baseDir.resolve(keyFile);
        if (keyPath != null && !Files.isReadable(keyPath)) {
            problem(path + ".key_file", "no readable file there (got " + keyFile + ")");
        }
        String knownHosts = string(node, path, "known_hosts", true);
        Path knownHostsPath = knownHosts == null ? null : baseDir.resolve(knownHosts);
        if (knownHostsPath != null && !Files.isReadable(knownHostsPath)) {
            problem(path + ".known_hosts", "no readable file there (got " + knownHosts + "); host keys are always verified:"
                    + " create it with ssh-keyscan and check the fingerprints");
        }
        Duration connect = duration(node, path, "connect_timeout");
        Duration command = duration(node, path, "command_timeout");
        if (problemCount() > before) {
            return null;
        }
        return new Ssh(host, port, user, keyPath, key, knownHostsPath, connect, command);
    }

    Service service(JsonNode node, String path) {
        if (!node.isObject()) {
            problem(path, "must be a mapping with unit and port (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, Set.of("kind", "unit", "port", "reachable", "env_file", "required_env", "compose_dir",
                "compose_service", "ready_marker", "nginx", "journal_lines", "commands", "thresholds"));
        int before = problemCount();
        String kind = string(node, path, "kind", false);
        if (kind != null && !Set.of("systemd", "compose").contains(kind)) {
            problem(path + ".kind", "must be systemd or compose (got " + kind + ")" + Suggestions.didYouMean(kind, Set.of("systemd", "compose")));
        }
        boolean compose = "compose".equals(kind);
        String unit = shellSafe(node, path, "unit", !compose);
        Integer port = node.has("port") ? port(node.get("port"), path + ".port", false) : null;
        if (port == null && !node.has("port")) {
            problem(path + ".port", "required: the port the service listens on (e.g. 8000)");
        }
        boolean reachable = bool(node, path, "reachable", true);
        String envFile = shellSafe(node, path, "env_file", false);
        List<String> requiredEnv = node.has("required_env") ? stringList(node.get("required_env"), path + ".required_env") : List.of();
        for (int i = 0; i < requiredEnv.size(); i++) {
            if (!ConfigLoader.ENV_NAME.matcher(requiredEnv.get(i)).matches()) {
                problem(path + ".required_env[" + i + "]", "not a variable name (got " + requiredEnv.get(i) + ")");
            }
        }
        String composeDir = shellSafe(node, path, "compose_dir", compose);
        String composeService = shellSafe(node, path, "compose_service", compose);
        String readyMarker = string(node, path, "ready_marker", false);
        boolean nginx = bool(node, path, "nginx", false);
        int journalLines = 0;
        if (node.has("journal_lines")) {
            JsonNode j = node.get("journal_lines");
            if (j.canConvertToInt() && j.asInt() >= 1 && j.asInt() <= 10_000) {
                journalLines = j.asInt();
            } else {
                problem(path + ".journal_lines", "must be 1..10000 (got " + j.asText() + ")");
            }
        }
        Map<String, String> commands = new LinkedHashMap<>();
        if (node.has("commands")) {
            JsonNode c = node.get("commands");
            if (!c.isObject()) {
                problem(path + ".commands", "must map template names to commands (got " + kind(c) + ")");
            } else {
                c.fields().forEachRemaining(e -> {
                    String v = scalar(e.getValue(), path + ".commands." + e.getKey());
                    if (v != null && !v.isBlank()) {
                        commands.put(e.getKey(), v);
                    } else if (v != null) {
                        problem(path + ".commands." + e.getKey(), "must not be empty");
                    }
                });
            }
        }
        Thresholds thresholds = node.has("thresholds") ? thresholds(node.get("thresholds"), path + ".thresholds")
                : Thresholds.DEFAULTS;
        if (problemCount() > before) {
            return null;
        }
        return new Service(kind, unit, port, reachable, envFile, requiredEnv, composeDir, composeService,
                readyMarker, nginx, journalLines, commands, thresholds);
    }

    /** {@code thresholds: {memory_percent: 80, load_percent: 70, disk_percent: 90}}, each optional. */
    Thresholds thresholds(JsonNode node, String path) {
        if (!node.isObject()) {
            problem(path, "must be a mapping of memory_percent, load_percent, disk_percent (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, Set.of("memory_percent", "load_percent", "disk_percent"));
        Thresholds d = Thresholds.DEFAULTS;
        double memory = percent(node, path, "memory_percent", d.memoryPercent(), 100);
        double load = percent(node, path, "load_percent", d.loadPercent(), 10_000);
        double disk = percent(node, path, "disk_percent", d.diskPercent(), 100);
        if (memory < 0 || load < 0 || disk < 0) {
            return null;
        }
        return new Thresholds(memory, load, (int) Math.round(disk));
    }

    /** A share in percent, above 0 and at most {@code max}; -1 after naming the problem. */
    private double percent(JsonNode node, String path, String key, double fallback, double max) {
        if (!node.has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (v.isNumber() && v.asDouble() > 0 && v.asDouble() <= max) {
            return v.asDouble();
        }
        problem(path + "." + key, "must be a number above 0 and at most " + (int) max + " (a percentage; got "
                + v.asText() + ")");
        return -1;
    }

    String shellSafe(JsonNode parent, String path, String key, boolean required) {
        String v = string(parent, path, key, required);
        if (v != null && !ConfigLoader.SHELL_SAFE.matcher(v).matches()) {
            problem(join(path, key), "may hold only letters, digits and @%+=:,./_- because it goes into remote commands (got " + v + ")");
            return null;
        }
        return v;
    }
}
