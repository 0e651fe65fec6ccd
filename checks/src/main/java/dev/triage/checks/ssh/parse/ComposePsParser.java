package dev.triage.checks.ssh.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code docker compose ps --format json} in both of its shapes: one JSON array (compose v2 before
 * 2.21) and one JSON object per line (2.21 and later).
 */
public final class ComposePsParser {

    private ComposePsParser() {
    }

    /** @throws IllegalArgumentException when the output is not compose's JSON, naming the line */
    public static List<ComposeContainer> parse(String output) {
        var mapper = new ObjectMapper();
        var containers = new ArrayList<ComposeContainer>();
        String text = output.strip();
        if (text.isEmpty()) {
            return List.of();
        }
        try {
            if (text.startsWith("[")) {
                for (JsonNode node : mapper.readTree(text)) {
                    containers.add(container(node));
                }
            } else {
                int lineNo = 0;
                for (String line : text.split("\\R")) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    if (!line.strip().startsWith("{")) {
                        throw new IllegalArgumentException("line " + lineNo + " of docker compose ps is not JSON: "
                                + line.strip());
                    }
                    containers.add(container(mapper.readTree(line)));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("docker compose ps printed invalid JSON: " + e.getOriginalMessage(), e);
        }
        return List.copyOf(containers);
    }

    private static ComposeContainer container(JsonNode node) {
        return new ComposeContainer(
                node.path("Name").asText(""),
                node.path("Service").asText(""),
                node.path("State").asText("").toLowerCase(java.util.Locale.ROOT),
                node.path("Health").asText(""),
                node.path("ExitCode").asInt(0),
                node.path("Status").asText(""));
    }
}
