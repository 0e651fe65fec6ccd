package dev.triage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CloudSettingsReaderTest {
    static final String KEY = "rnd_PLANTEDcloudKey42";

    static TriageConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env, Set.of("http-health", "security-group", "render-service")).parse(yaml, Path.of("."));
    }

    static List<String> problems(String yaml, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml, env));
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void aCloudBlockIsReadIntoTheTargetsSettings() throws Exception {
        TriageConfig c = parse("""
                targets:
                  - name: api
                    base_url: http://127.0.0.1:8000
                    cloud:
                      aws: {region: ap-northeast-2, instance_id: i-0123456789abcdef0, ecs_cluster: prod, ecs_service: api,
                            log_group: /ecs/api, endpoint: "http://127.0.0.1:4566"}
                      render: {service_id: srv-abc123, api_key: "${RENDER_API_KEY}", required_env: [DATABASE_URL]}
                      vercel: {project_id: prj_front, token: "${VERCEL_TOKEN}"}
                  - name: plain
                    base_url: http://127.0.0.1:8001
                """, Map.of("RENDER_API_KEY", KEY, "VERCEL_TOKEN", "vercelPlanted123"));
        CloudSettings s = c.cloud("api").orElseThrow();
        assertEquals("ap-northeast-2", s.aws().region());
        assertEquals("0.0.0.0/0", s.aws().allowedSource());
        assertEquals(URI.create("http://127.0.0.1:4566"), s.aws().endpoint());
        assertEquals(KEY, s.render().apiKey().reveal());
        assertEquals(CloudSettings.Render.DEFAULT_BASE_URL, s.render().baseUrl());
        assertEquals("BACKEND_BASE_URL", s.vercel().envVar());
        assertFalse(s.toString().contains(KEY), "the record's toString shows where the key came from, not the key");
        assertTrue(c.cloud("plain").isEmpty());
    }

    @Test
    void eachBadValueIsNamedByItsPlace() {
        List<String> p = problems("""
                targets:
                  - name: api
                    base_url: http://127.0.0.1:8000
                    cloud:
                      aws: {region: Seoul, instance_id: web-1, security_group_ids: [default], ecs_service: api, regoin: x}
                      render: {api_key: "${RENDER_API_KEY}"}
                      vercel: {project_id: prj_front, token: your-vercel-token}
                """, Map.of());
        assertTrue(p.contains("targets[0].cloud.aws.region: not an AWS region like eu-west-1 (got Seoul)"), p::toString);
        assertTrue(p.contains("targets[0].cloud.aws.instance_id: not an instance id like i-0123456789abcdef0 (got web-1)"), p::toString);
        assertTrue(p.contains("targets[0].cloud.aws.security_group_ids[0]: not a security group id like sg-0123456789abcdef0 (got default)"), p::toString);
        assertTrue(p.contains("targets[0].cloud.aws.ecs_cluster: required with ecs_service: the cluster the service runs in"), p::toString);
        assertTrue(p.stream().anyMatch(x -> x.startsWith("targets[0].cloud.aws.regoin: unknown key")), p::toString);
        assertTrue(p.stream().anyMatch(x -> x.startsWith("targets[0].cloud.render.service_id: required")), p::toString);
        assertTrue(p.contains("targets[0].cloud.render.api_key: environment variable RENDER_API_KEY is not set (set it, or write ${RENDER_API_KEY:-default})"), p::toString);
        assertTrue(p.contains("targets[0].cloud.vercel.token: secret is a placeholder (your-…); set the real value"), p::toString);
    }

    @Test
    void theStartupPortAndStallSettingsAreReadWithTheirDefaults() throws Exception {
        TriageConfig c = parse("""
                targets:
                  - name: api
                    base_url: http://127.0.0.1:8000
                    cloud:
                      aws: {ecs_cluster: prod, ecs_service: api, log_group: /ecs/api, ready_marker: "You can now view your Streamlit app",
                            public_ports: [80, 443], log_setup_markers: ["aws s3 cp", "Fetching model"], log_stall_after: 2m}
                  - name: plain
                    base_url: http://127.0.0.1:8001
                    cloud: {aws: {ecs_cluster: prod, ecs_service: api}}
                """, Map.of());
        CloudSettings.Aws aws = c.cloud("api").orElseThrow().aws();
        assertEquals("You can now view your Streamlit app", aws.readyMarker());
        assertEquals(List.of(80, 443), aws.publicPorts());
        assertEquals(List.of("aws s3 cp", "Fetching model"), aws.setupMarkers());
        assertEquals(java.time.Duration.ofMinutes(2), aws.stallAfter());
        CloudSettings.Aws plain = c.cloud("plain").orElseThrow().aws();
        assertEquals(List.of(), plain.publicPorts());
        assertEquals(List.of(), plain.setupMarkers(), "empty: the checks use document 004's markers");
        assertEquals(CloudSettings.Aws.DEFAULT_STALL_AFTER, plain.stallAfter());
    }

    @Test
    void badStartupPortAndStallValuesAreNamedByTheirPlace() {
        List<String> p = problems("""
                targets:
                  - name: api
                    base_url: http://127.0.0.1:8000
                    cloud:
                      aws: {ecs_cluster: prod, ecs_service: api, public_ports: [80, 70000, https], log_setup_markers: ["aws s3 cp", ""],
                            log_stall_after: soon}
                  - name: web
                    base_url: http://127.0.0.1:8001
                    cloud:
                      aws: {public_ports: 443, log_setup_markers: [], log_stall_after: 2s}
                """, Map.of());
        assertTrue(p.contains("targets[0].cloud.aws.public_ports[1]: not a port number 1-65535 (got 70000)"), p::toString);
        assertTrue(p.contains("targets[0].cloud.aws.public_ports[2]: not a port number 1-65535 (got https)"), p::toString);
        assertTrue(p.contains("targets[0].cloud.aws.log_setup_markers[1]: is empty: a marker is part of a log line, e.g. \"aws s3 cp\""), p::toString);
        assertTrue(p.contains("targets[0].cloud.aws.log_stall_after: not a duration (got soon); write it like 500ms, 30s or 5m"), p::toString);
        assertTrue(p.contains("targets[1].cloud.aws.public_ports: must be a list (got 443)"), p::toString);
        assertTrue(p.contains("targets[1].cloud.aws.log_setup_markers: must name at least one log line, e.g. [\"aws s3 cp\"];"
                + " leave it out for the defaults"), p::toString);
        assertTrue(p.contains("targets[1].cloud.aws.log_stall_after: must be between 5s and 1h (got 2s)"), p::toString);
    }

    @Test
    void theNewActionsHaveOperatorPolicies() {
        for (String id : List.of("ecs-redeploy", "ecs-grace-period", "security-group-allow", "render-deploy", "render-restart")) {
            assertEquals("operator", Access.defaults().policy(id).orElseThrow().approverRole(), id);
        }
    }

    @Test
    void renderTakesItsReadyMarkerAndHowLongARestartLeavesItSuspended() throws Exception {
        TriageConfig c = parse("""
                targets:
                  - name: api
                    base_url: https://chat-api.onrender.com
                    cloud:
                      render: {service_id: srv-abc123, api_key: "${RENDER_API_KEY}", ready_marker: "Server listening on port", suspend_for: 45s}
                  - name: plain
                    base_url: https://other.onrender.com
                    cloud:
                      render: {service_id: srv-def456, api_key: "${RENDER_API_KEY}"}
                """, Map.of("RENDER_API_KEY", KEY));
        CloudSettings.Render r = c.cloud("api").orElseThrow().render();
        assertEquals("Server listening on port", r.readyMarker());
        assertEquals(java.time.Duration.ofSeconds(45), r.suspendFor());
        assertEquals(java.time.Duration.ofSeconds(30), c.cloud("plain").orElseThrow().render().suspendFor(), "document 002 waits 30 s");
    }

    @Test
    void aSuspensionThatIsNotADurationOrTooLongIsNamedByItsPlace() {
        for (String bad : List.of("soon", "2h")) {
            List<String> p = problems("""
                    targets:
                      - name: api
                        base_url: https://chat-api.onrender.com
                        cloud:
                          render: {service_id: srv-abc123, api_key: "%s", suspend_for: %s}
                    """.formatted(KEY, bad), Map.of());
            assertEquals(List.of("targets[0].cloud.render.suspend_for: must be a duration of 0s to 10m, like 30s: how long render-restart"
                    + " leaves the service suspended before resuming it (got " + bad + ")"), p);
        }
    }
}
