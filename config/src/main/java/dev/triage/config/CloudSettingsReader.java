package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

    private final ConfigNodes n;

    /** @param nodes the shared readers: {@code ${VAR}}, the problems' sink, and the secrets' (told every key and token read) */
    CloudSettingsReader(ConfigNodes nodes) {
        this.n = nodes;
    }

    /** The settings, or null when the block is unusable (its problems reported). */
    CloudSettings read(JsonNode node, String path) {
        if (!node.isObject()) {
            n.problem(path, "must be a mapping with aws, render or vercel (got " + ConfigNodes.kind(node) + ")");
            return null;
        }
        n.keys(node, path, Set.of("aws", "render", "vercel"));
        CloudSettings.Aws aws = node.has("aws") ? aws(node.get("aws"), path + ".aws") : null;
        CloudSettings.Render render = node.has("render") ? render(node.get("render"), path + ".render") : null;
        CloudSettings.Vercel vercel = node.has("vercel") ? vercel(node.get("vercel"), path + ".vercel") : null;
        return new CloudSettings(aws, render, vercel);
    }

    private CloudSettings.Aws aws(JsonNode node, String path) {
        if (!n.mapping(node, path, "{region: eu-west-1, ecs_cluster: prod, ecs_service: api}")) {
            return null;
        }
        n.keys(node, path, Set.of("region", "profile", "role_arn", "instance_id", "security_group_ids", "allowed_source",
                "ecs_cluster", "ecs_service", "log_group", "log_stream_prefix", "endpoint", "ready_marker", "public_ports",
                "log_setup_markers", "log_stall_after"));
        String region = matching(node, path, "region", REGION, "an AWS region like eu-west-1");
        String profile = n.string(node, path, "profile", false);
        String roleArn = matching(node, path, "role_arn", ROLE_ARN, "a role ARN like arn:aws:iam::123456789012:role/triage");
        String instance = matching(node, path, "instance_id", INSTANCE_ID, "an instance id like i-0123456789abcdef0");
        List<String> groups = list(node, path, "security_group_ids");
        for (int i = 0; i < groups.size(); i++) {
            if (!GROUP_ID.matcher(groups.get(i)).matches()) {
                n.problem(path + ".security_group_ids[" + i + "]", "not a security group id like sg-0123456789abcdef0 (got "
                        + groups.get(i) + ")");
            }
        }
        String source = matching(node, path, "allowed_source", CIDR, "a CIDR like 0.0.0.0/0 or 203.0.113.0/24");
        String cluster = n.string(node, path, "ecs_cluster", false);
        String service = n.string(node, path, "ecs_service", false);
        if (service != null && cluster == null) {
            n.problem(path + ".ecs_cluster", "required with ecs_service: the cluster the service runs in");
        }
        String logGroup = n.string(node, path, "log_group", false);
        String prefix = n.string(node, path, "log_stream_prefix", false);
        URI endpoint = n.url(node, path, "endpoint");
        String readyMarker = n.string(node, path, "ready_marker", false);
        List<Integer> publicPorts = ports(node, path, "public_ports");
        List<String> markers = list(node, path, "log_setup_markers");
        JsonNode markerNode = node.path("log_setup_markers");
        if (markerNode.isArray() && markerNode.isEmpty()) {
            n.problem(path + ".log_setup_markers", "must name at least one log line, e.g. [\"aws s3 cp\"]; leave it out for the defaults");
        }
        for (int i = 0; markerNode.isArray() && i < markerNode.size(); i++) {
            if (markerNode.get(i).isValueNode() && markerNode.get(i).asText().isBlank()) {
                n.problem(path + ".log_setup_markers[" + i + "]", "is empty: a marker is part of a log line, e.g. \"aws s3 cp\"");
            }
        }
        java.time.Duration stallAfter = n.duration(node, path, "log_stall_after", java.time.Duration.ofSeconds(5), java.time.Duration.ofHours(1));
        return new CloudSettings.Aws(region, profile, roleArn, instance, groups, source, cluster, service, logGroup, prefix, endpoint,
                readyMarker, publicPorts, markers, stallAfter);
    }

    private CloudSettings.Render render(JsonNode node, String path) {
        if (!n.mapping(node, path, "{service_id: srv-…, api_key: ${RENDER_API_KEY}}")) {
            return null;
        }
        n.keys(node, path, Set.of("service_id", "api_key", "required_env", "base_url", "ready_marker", "suspend_for"));
        String service = required(node, path, "service_id", "the service's id (srv-…), from its dashboard URL");
        if (service != null && !API_ID.matcher(service).matches()) {
            n.problem(path + ".service_id", "not a Render service id like srv-abc123 (got " + service + ")");
        }
        Secret key = n.secret(node, path, "api_key", "a Render API key (Account Settings → API Keys), e.g. ${RENDER_API_KEY}");
        List<String> env = envNames(node, path, "required_env");
        URI base = n.url(node, path, "base_url");
        String marker = n.string(node, path, "ready_marker", false);
        java.time.Duration suspendFor = suspendFor(node, path);
        return new CloudSettings.Render(service, key, env, base, marker, suspendFor);
    }

    private CloudSettings.Vercel vercel(JsonNode node, String path) {
        if (!n.mapping(node, path, "{project_id: prj_…, token: ${VERCEL_TOKEN}}")) {
            return null;
        }
        n.keys(node, path, Set.of("project_id", "token", "team_id", "env_var", "base_url"));
        String project = required(node, path, "project_id", "the project's id (prj_…) or name");
        if (project != null && !API_ID.matcher(project).matches()) {
            n.problem(path + ".project_id", "not a Vercel project id or name (got " + project + ")");
        }
        Secret token = n.secret(node, path, "token", "a Vercel access token (Account Settings → Tokens), e.g. ${VERCEL_TOKEN}");
        String team = n.string(node, path, "team_id", false);
        String envVar = n.string(node, path, "env_var", false);
        if (envVar != null && !ENV_NAME.matcher(envVar).matches()) {
            n.problem(path + ".env_var", "not a variable name (got " + envVar + ")");
        }
        URI base = n.url(node, path, "base_url");
        return new CloudSettings.Vercel(project, token, team, envVar, base);
    }

    /** {@code suspend_for}: how long render-restart leaves the service suspended; null for the default 30 s. */
    private java.time.Duration suspendFor(JsonNode node, String path) {
        String v = n.string(node, path, "suspend_for", false);
        if (v == null) {
            return null;
        }
        var d = Durations.parse(v);
        if (d.isEmpty() || d.get().compareTo(CloudSettings.Render.MAX_SUSPEND_FOR) > 0) {
            n.problem(path + ".suspend_for", "must be a duration of 0s to 10m, like 30s: how long render-restart leaves the"
                    + " service suspended before resuming it (got " + v + ")");
            return null;
        }
        return d.get();
    }

    // ---- readers beyond the shared ones (ConfigNodes) ---------------------------------------

    private String required(JsonNode parent, String path, String key, String what) {
        String v = n.string(parent, path, key, false);
        if (v == null && !parent.hasNonNull(key)) {
            n.problem(path + "." + key, "required: " + what);
        }
        return v;
    }

    private String matching(JsonNode parent, String path, String key, Pattern pattern, String what) {
        String v = n.string(parent, path, key, false);
        if (v != null && !pattern.matcher(v).matches()) {
            n.problem(path + "." + key, "not " + what + " (got " + v + ")");
            return null;
        }
        return v;
    }

    private List<String> list(JsonNode parent, String path, String key) {
        JsonNode node = parent.path(key);
        return node.isMissingNode() || node.isNull() ? List.of() : n.stringList(node, path + "." + key);
    }

    /** A list of TCP ports, each 1..65535. */
    private List<Integer> ports(JsonNode parent, String path, String key) {
        List<String> raw = list(parent, path, key);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String v = raw.get(i);
            int port = v.matches("\\d{1,5}") ? Integer.parseInt(v) : -1;
            if (port < 1 || port > 65_535) {
                n.problem(path + "." + key + "[" + i + "]", "not a port number 1-65535 (got " + v + ")");
            } else {
                out.add(port);
            }
        }
        return out;
    }

    private List<String> envNames(JsonNode parent, String path, String key) {
        List<String> names = list(parent, path, key);
        for (int i = 0; i < names.size(); i++) {
            if (!ENV_NAME.matcher(names.get(i)).matches()) {
                n.problem(path + "." + key + "[" + i + "]", "not a variable name (got " + names.get(i) + ")");
            }
        }
        return names;
    }
}
