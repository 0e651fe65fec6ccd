package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./triage commands}: the one catalogue as each platform registers it, the team's commands included. */
class CommandsCliTest {
    @TempDir
    Path dir;

    @Test
    void theCatalogueListsTheSameCommandsForSlackDiscordAndTheConsoleWithTheTeamsOwn() throws Exception {
        Path config = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - {name: prod, base_url: "http://127.0.0.1:9", checks: [http-health]}
                probing: {enabled: false}
                commands:
                  - {name: reach, help: can we reach it at all, runs: {checks: [tcp-connect, http-health]}}
                  - {name: bounce, help: restart with a second pair of eyes, runs: {action: restart-service}}
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(dir.resolve("t.db")));
        CliRun json = CliRun.of("", Map.of(), "commands", "--config", config.toString(), "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode all = new ObjectMapper().readTree(json.out());
        List<String> slack = new ArrayList<>();
        all.path("slack").path("subcommands").forEach(n -> slack.add(n.path("synopsis").asText().split(" ")[1]));
        List<String> discord = new ArrayList<>();
        all.path("discord").path("subcommands").forEach(n -> discord.add(n.path("name").asText()));
        List<String> console = new ArrayList<>();
        all.path("console").forEach(n -> console.add(n.asText().split(" ")[1]));
        assertEquals(new java.util.TreeSet<>(slack), new java.util.TreeSet<>(discord), "Discord registers what Slack answers");
        assertEquals(slack, console, "and the console's help lists the same, in the same order");
        assertTrue(slack.containsAll(List.of("reach", "bounce", "incidents", "silence", "allow-sg", "help")), slack.toString());
        JsonNode bounce = null;
        for (JsonNode n : all.path("discord").path("subcommands")) {
            if (n.path("name").asText().equals("bounce")) {
                bounce = n;
            }
        }
        assertEquals("action", bounce.path("group").asText(), "a team's action command sits with the other action requests");
        assertEquals("TARGET", bounce.path("options").get(0).path("type").asText());

        CliRun text = CliRun.of("", Map.of(), "commands", "--config", config.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("/backend action bounce target:target [dry-run:flag]"), text.out());
        assertTrue(text.out().contains("/backend reach [TARGET] — can we reach it at all"), text.out());
    }

    @Test
    void theSlackManifestsUsageHintIsTheCataloguesOwn() throws Exception {
        CliRun json = CliRun.of("", Map.of(), "commands", "--json");
        assertEquals(0, json.exit(), json.err());
        String hint = new ObjectMapper().readTree(json.out()).path("slack").path("usage_hint").asText();
        assertTrue(hint.startsWith("[help|"), json.out());
        JsonNode manifest = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(ExampleConfigsTest.EXAMPLES.resolve(ExampleConfigsTest.NOT_A_TRIAGE_CONFIG).toFile());
        JsonNode backend = manifest.path("features").path("slash_commands").get(0);
        assertEquals("/backend", backend.path("command").asText());
        assertEquals(hint, backend.path("usage_hint").asText(),
                "config/examples/slack-app-manifest.yaml's usage_hint is what ./triage commands prints for Slack");
    }
}
