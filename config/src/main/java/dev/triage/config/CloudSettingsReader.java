package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Reads a target's {@code cloud:} block ({@code aws}, {@code render}, {@code vercel}) into
 * {@link CloudSettings}, reporting each problem as {@code path: what is wrong (got X)} — secrets by
 * where they came from, never by value.
 */
final class CloudSettingsReader {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
    private static final Pattern GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");
    private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}|[0-9a-fA-F:]+/\\d{1,3}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern API_ID = Pattern.compile("[A-Za-z0-9_.:/-]+");

    private final EnvSubstitution substitution;
    private final BiConsumer<String, String> problem;
    private final SecretSink secrets;

    /**
     * @param problem receives (path, message) for each problem found
     * @param secrets told every key and token read
     */
    CloudSettingsReader(EnvSubstitution substitution, BiConsumer<String, String> problem, SecretSink secrets) {
        this.substitution = substitution;
        this.problem = problem;
        this.secrets = secrets;
    }

    /** The settings, or null when the block is unusable (its problems reported). */
    CloudSettings read(JsonNode node, String path) {
        if (!node.isObject()) {
            problem.accept(path, "must be a mapping with aws, render or vercel (got " + kind(node) + ")");
            return null;
        }
        keys(node, path, Set.of("aws", "render", "vercel"));
        CloudSettings.Aws aws = node.has("aws") ? aws(node.get("aws"), path + ".aws") : null;
        CloudSettings.Render render = node.has("render") ? render(node.get("render"), path + ".render") : null;
        CloudSettings.Vercel vercel = node.has("vercel") ? vercel(node.get("vercel"), path + ".vercel") : null;
        return new CloudSettings(aws, render, vercel);
    }

    private CloudSettings.Aws aws(JsonNode node, String path) {
        if (!mapping(node, path, "{region: eu-west-1, ecs_cluster: prod, ecs_service: api}")) {
            return null;
        }
        keys(node, path, Set.of("region", "profile", "role_arn", "instance_id", "security_group_ids", "allowed_source",
                "ecs_cluster", "ecs_service", "log_group", "log_stream_prefix", "endpoint", "ready_marker", "public_ports",
                "log_setup_markers", "log_stall_after"));
        String region = matching(node, path, "region", REGION, "an AWS region like eu-west-1");
        String profile = string(node, path, "profile");
        String roleArn = matching(node, path, "role_arn", ROLE_ARN, "a role ARN like arn:aws:iam::123456789012:role/triage");
        String instance = matching(node, path, "instance_id", INSTANCE_ID, "an instance id like i-0123456789abcdef0");
        List<String> groups = list(node, path, "security_group_ids");
        for (int i = 0; i < groups.size(); i++) {
            if (!GROUP_ID.matcher(groups.get(i)).matches()) {
                problem.accept(path + ".security_group_ids[" + i + "]", "not a security group id like sg-0123456789abcdef0 (got "
                        + groups.get(i) + ")");
            }
        }
        String source = matching(node, path, "allowed_source", CIDR, "a CIDR like 0.0.0.0/0 or 203.0.113.0/24");
        String cluster = string(node, path, "ecs_cluster");
        String service = string(node, path, "ecs_service");
        if (service != null && cluster == null) {
            problem.accept(path + ".ecs_cluster", "required with ecs_service: the cluster the service runs in");
        }
        String logGroup = string(node, path, "log_group");
        String prefix = string(node, path, "log_stream_prefix");
        URI endpoint = url(node, path, "endpoint");
        String readyMarker = string(node, path, "ready_marker");
        List<Integer> publicPorts = ports(node, path, "public_ports");
        List<String> markers = list(node, path, "log_setup_markers");
        JsonNode markerNode = node.path("log_setup_markers");
        if (markerNode.isArray() && markerNode.isEmpty()) {
            problem.accept(path + ".log_setup_markers", "must name at least one log line, e.g. [\"aws s3 cp\"]; leave it out for the defaults");
        }
        for (int i = 0; markerNode.isArray() && i < markerNode.size(); i++) {
            if (markerNode.get(i).isValueNode() && markerNode.get(i).asText().isBlank()) {
                problem.accept(path + ".log_setup_markers[" + i + "]", "is empty: a marker is part of a log line, e.g. \"aws s3 cp\"");
            }
        }
        java.time.Duration stallAfter = duration(node, path, "log_stall_after", java.time.Duration.ofSeconds(5), java.time.Duration.ofHours(1));
        return new CloudSettings.Aws(region, profile, roleArn, instance, groups, source, cluster, service, logGroup, prefix, endpoint,
                readyMarker, publicPorts, markers, stallAfter);
    }

    private CloudSettings.Render render(JsonNode node, String path) {
        if (!mapping(node, path, "{service_id: srv-…, api_key: ${RENDER_API_KEY}}")) {
            return null;
        }
        keys(node, path, Set.of("service_id", "api_key", "required_env", "base_url", "ready_marker", "suspend_for"));
        String service = required(node, path, "service_id", "the service's id (srv-…), from its dashboard URL");
        if (service != null && !API_ID.matcher(service).matches()) {
            problem.accept(path + ".service_id", "not a Render service id like srv-abc123 (got " + service + ")");
        }
        Secret key = secret(node, path, "api_key", "a Render API key (Account Settings → API Keys), e.g. ${RENDER_API_KEY}");
        List<String> env = envNames(node, path, "required_env");
        URI base = url(node, path, "base_url");
        String marker = string(node, path, "ready_marker");
        java.time.Duration suspendFor = suspendFor(node, path);
        return new CloudSettings.Render(service, key, env, base, marker, suspendFor);
    }

    private CloudSettings.Vercel vercel(JsonNode node, String path) {
        if (!mapping(node, path, "{project_id: prj_…, token: ${VERCEL_TOKEN}}")) {
            return null;
        }
        keys(node, path, Set.of("project_id", "token", "team_id", "env_var", "base_url"));
        String project = required(node, path, "project_id", "the project's id (prj_…) or name");
        if (project != null && !API_ID.matcher(project).matches()) {
            problem.accept(path + ".project_id", "not a Vercel project id or name (got " + project + ")");
        }
        Secret token = secret(node, path, "token", "a Vercel access token (Account Settings → Tokens), e.g. ${VERCEL_TOKEN}");
        String team = string(node, path, "team_id");
        String envVar = string(node, path, "env_var");
        if (envVar != null && !ENV_NAME.matcher(envVar).matches()) {
            problem.accept(path + ".env_var", "not a variable name (got " + envVar + ")");
        }
        URI base = url(node, path, "base_url");
        return new CloudSettings.Vercel(project, token, team, envVar, base);
    }

    /** {@code suspend_for}: how long render-restart leaves the service suspended; null for the default 30 s. */
    private java.time.Duration suspendFor(JsonNode node, String path) {
        String v = string(node, path, "suspend_for");
        if (v == null) {
            return null;
        }
        var d = Durations.parse(v);
        if (d.isEmpty() || d.get().compareTo(CloudSettings.Render.MAX_SUSPEND_FOR) > 0) {
            problem.accept(path + ".suspend_for", "must be a duration of 0s to 10m, like 30s: how long render-restart leaves the"
                    + " service suspended before resuming it (got " + v + ")");
            return null;
        }
        return d.get();
    }

    // ---- readers ----------------------------------------------------------------------

    private boolean mapping(JsonNode node, String path, String example) {
        if (node.isObject()) {
            return true;
        }
        problem.accept(path, "must be a mapping like " + example + " (got " + kind(node) + ")");
        return false;
    }

    private void keys(JsonNode node, String path, Set<String> allowed) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                problem.accept(path + "." + k, "unknown key" + Suggestions.didYouMean(k, allowed));
            }
        });
    }

    private String scalar(JsonNode node, String path) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            problem.accept(path, "must be a single value (got " + kind(node) + ")");
            return null;
        }
        String v = substitution.apply(node.asText(), var -> problem.accept(path,
                "environment variable " + var + " is not set (set it, or write ${" + var + ":-default})"));
        return v == null || v.isBlank() ? null : v.strip();
    }

    private String string(JsonNode parent, String path, String key) {
        return scalar(parent.path(key), path + "." + key);
    }

    private String required(JsonNode parent, String path, String key, String what) {
        String v = string(parent, path, key);
        if (v == null && !parent.hasNonNull(key)) {
            problem.accept(path + "." + key, "required: " + what);
        }
        return v;
    }

    private String matching(JsonNode parent, String path, String key, Pattern pattern, String what) {
        String v = string(parent, path, key);
        if (v != null && !pattern.matcher(v).matches()) {
            problem.accept(path + "." + key, "not " + what + " (got " + v + ")");
            return null;
        }
        return v;
    }

    private Secret secret(JsonNode parent, String path, String key, String what) {
        String p = path + "." + key;
        JsonNode raw = parent.path(key);
        if (raw.isMissingNode() || raw.isNull()) {
            problem.accept(p, "required: " + what);
            return null;
        }
        if (!raw.isValueNode()) {
            problem.accept(p, "must be a single value (got " + kind(raw) + ")");
            return null;
        }
        boolean[] unset = {false};
        String v = substitution.apply(raw.asText(), var -> {
            unset[0] = true;
            problem.accept(p, "environment variable " + var + " is not set (set it, or write ${" + var + ":-default})");
        });
        if (unset[0]) {
            return null;
        }
        var bad = Placeholders.problem(v);
        if (bad.isPresent()) {
            String source = EnvSubstitution.references(raw.asText()) ? " (it comes from " + raw.asText().strip() + ")" : "";
            problem.accept(p, "secret is " + bad.get() + source + "; set the real value");
            return null;
        }
        secrets.seen(v.strip());
        return Secret.of(v.strip(), p);
    }

    private List<String> list(JsonNode parent, String path, String key) {
        JsonNode node = parent.path(key);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problem.accept(path + "." + key, "must be a list (got " + kind(node) + ")");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String v = scalar(node.get(i), path + "." + key + "[" + i + "]");
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** A list of TCP ports, each 1..65535. */
    private List<Integer> ports(JsonNode parent, String path, String key) {
        List<String> raw = list(parent, path, key);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String v = raw.get(i);
            int port = v.matches("\\d{1,5}") ? Integer.parseInt(v) : -1;
            if (port < 1 || port > 65_535) {
                problem.accept(path + "." + key + "[" + i + "]", "not a port number 1-65535 (got " + v + ")");
            } else {
                out.add(port);
            }
        }
        return out;
    }

    /** A duration between {@code min} and {@code max}, written like 30s or 2m; null when not given or wrong. */
    private java.time.Duration duration(JsonNode parent, String path, String key, java.time.Duration min, java.time.Duration max) {
        String v = string(parent, path, key);
        if (v == null) {
            return null;
        }
        var d = Durations.parse(v);
        if (d.isEmpty()) {
            problem.accept(path + "." + key, "not a duration (got " + v + "); write it like 30s or 2m");
            return null;
        }
        if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            problem.accept(path + "." + key, "must be between " + Durations.format(min) + " and " + Durations.format(max)
                    + " (got " + v + ")");
            return null;
        }
        return d.get();
    }

    private List<String> envNames(JsonNode parent, String path, String key) {
        List<String> names = list(parent, path, key);
        for (int i = 0; i < names.size(); i++) {
            if (!ENV_NAME.matcher(names.get(i)).matches()) {
                problem.accept(path + "." + key + "[" + i + "]", "not a variable name (got " + names.get(i) + ")");
            }
        }
        return names;
    }

    private URI url(JsonNode parent, String path, String key) {
        String v = string(parent, path, key);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (u.getScheme() == null || !Set.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT))
                    || u.getHost() == null) {
                problem.accept(path + "." + key, "must be an http:// or https:// URL with a host (got " + v + ")");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            problem.accept(path + "." + key, "not a URL: " + e.getReason() + " (got " + v + ")");
            return null;
        }
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return "nothing";
        if (node.isArray()) return "a list";
        if (node.isObject()) return "a mapping";
        return node.asText();
    }
}
