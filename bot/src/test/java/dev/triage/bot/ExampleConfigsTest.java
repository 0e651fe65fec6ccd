package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every Triage configuration under config/examples/ passes {@code ./triage validate}, secrets given as the environment would. */
class ExampleConfigsTest {
    static final Path EXAMPLES = Path.of("..", "config", "examples");
    /** The Slack app's manifest lives there too, but it is Slack's file, not Triage's. */
    static final String NOT_A_TRIAGE_CONFIG = "slack-app-manifest.yaml";
    static final Map<String, String> ENV = Map.of("RENDER_API_KEY", "rnd_exampleKeyForValidation1",
            "VERCEL_TOKEN", "exampleVercelTokenForValidation1", "TRIAGE_DB_PASSWORD", "examplePasswordForValidation1");

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals(NOT_A_TRIAGE_CONFIG))
                    .sorted().toList();
        }
    }

    @Test
    void everyExampleConfigIsValid() throws IOException {
        List<Path> files = examples();
        assertTrue(files.stream().map(p -> p.getFileName().toString()).toList()
                .containsAll(List.of("ecs-fargate.yaml", "render.yaml", "vercel-ec2.yaml", "triage.yaml")), files::toString);
        for (Path file : files) {
            CliRun run = CliRun.of("", ENV, "validate", file.toString());
            assertEquals(0, run.exit(), () -> file + ": " + run.err());
            assertTrue(run.out().contains(": OK — "), run.out());
            for (String secret : ENV.values()) {
                assertFalse(run.out().contains(secret) || run.err().contains(secret), "a secret in validate's output");
            }
        }
    }

    @Test
    void aCloudExampleWithoutItsSecretNamesTheVariableNotAValue() {
        CliRun run = CliRun.of("", Map.of(), "validate", EXAMPLES.resolve("render.yaml").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("targets[0].cloud.render.api_key: environment variable RENDER_API_KEY is not set"), run.err());
    }

    @Test
    void theReadmeShowsTheExampleConfigAsItIs() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String example = Files.readString(EXAMPLES.resolve("triage.yaml"));
        assertTrue(readme.contains("```yaml\n" + example + "```"), "README.md's copy of config/examples/triage.yaml differs from the file");
    }

    @Test
    void theHaExampleValidatesAndItsOwnProblemsAreNamed() throws IOException {
        Path file = Files.createTempFile("triage-ha-", ".yaml");
        Files.writeString(file, """
                targets:
                  - {name: api, base_url: "http://127.0.0.1:9"}
                store: {url: "jdbc:postgresql://127.0.0.1:5432/triage"}
                ha: {lease_ttl: 10s, renew_every: 4s, replica: x}
                """);
        CliRun run = CliRun.of("", Map.of(), "validate", file.toString());
        assertEquals(2, run.exit(), run.out());
        assertTrue(run.err().contains("ha.renew_every: must be positive and at most a third of ha.lease_ttl (10000 ms)"), run.err());
        assertTrue(run.err().contains("ha.replica: unknown key"), run.err());
    }
}
