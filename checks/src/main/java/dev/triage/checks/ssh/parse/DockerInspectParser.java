package dev.triage.checks.ssh.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads restart counts from {@code docker inspect}: either the template output
 * {@code docker inspect --format '{{.Name}} {{.RestartCount}}'} ({@code /app-backend-1 7}, one container
 * a line) or the full JSON array.
 */
public final class DockerInspectParser {

    private DockerInspectParser() {
    }

    /** Container name (leading {@code /} removed) to restart count, in output order. */
    public static Map<String, Integer> restartCounts(String output) {
        var counts = new LinkedHashMap<String, Integer>();
        String text = output.strip();
        if (text.startsWith("[")) {
            try {
                for (JsonNode node : new ObjectMapper().readTree(text)) {
                    counts.put(name(node.path("Name").asText("")), node.path("RestartCount").asInt(0));
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("docker inspect printed invalid JSON: " + e.getOriginalMessage(), e);
            }
            return counts;
        }
        for (String line : text.split("\\R")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[1].chars().allMatch(Character::isDigit)) {
                counts.put(name(parts[0]), Integer.parseInt(parts[1]));
            }
        }
        return counts;
    }

    private static String name(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
