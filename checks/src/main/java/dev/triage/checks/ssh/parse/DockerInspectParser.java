package dev.triage.checks.ssh.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON array {@code docker inspect CONTAINER…} prints (the same for compose v1 and v2 containers). */
public final class DockerInspectParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerInspectParser() {
    }

    /** @throws IllegalArgumentException when the output is not docker inspect's JSON array */
    public static List<ContainerInspection> containers(String output) {
        JsonNode root;
        try {
            root = JSON.readTree(output.strip());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not the JSON docker inspect prints: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("docker inspect printed no JSON array");
        }
        List<ContainerInspection> out = new ArrayList<>();
        for (JsonNode c : root) {
            JsonNode state = c.path("State");
            JsonNode health = state.path("Health");
            String lastOutput = "";
            JsonNode log = health.path("Log");
            if (log.isArray() && !log.isEmpty()) {
                lastOutput = log.get(log.size() - 1).path("Output").asText("").strip();
            }
            JsonNode policy = c.path("HostConfig").path("RestartPolicy");
            String policyName = policy.path("Name").asText("");
            int retries = policy.path("MaximumRetryCount").asInt(0);
            if ("on-failure".equals(policyName) && retries > 0) {
                policyName = policyName + ":" + retries;
            }
            JsonNode check = c.path("Config").path("Healthcheck");
            List<String> test = new ArrayList<>();
            check.path("Test").forEach(t -> test.add(t.asText()));
            long intervalNanos = check.path("Interval").asLong(0);
            String name = c.path("Name").asText("");
            out.add(new ContainerInspection(name.startsWith("/") ? name.substring(1) : name, state.path("Status").asText(""),
                    health.path("Status").asText(""), lastOutput, state.path("ExitCode").asInt(0),
                    state.path("OOMKilled").asBoolean(false), c.path("RestartCount").asInt(0), policyName,
                    ContainerInspection.test(test), intervalNanos > 0 ? Duration.ofNanos(intervalNanos) : null,
                    c.path("HostConfig").path("Memory").asLong(0), c.path("HostConfig").path("NanoCpus").asLong(0) / 1e9));
        }
        return out;
    }
}
