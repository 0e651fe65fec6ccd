package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.triage.bot.probe.ProbeSettings;
import dev.triage.config.ConfigException;
import dev.triage.config.Probing;
import dev.triage.config.TriageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} refuses everything {@code run} would: every example config, with its targets' probe rules mutated
 * through a grid of intervals, reminders, timeouts and jitters; whenever the loader (what validate runs) accepts one,
 * the prober's own settings (what run builds) accept it too, and whenever they wouldn't, the loader named it.
 */
class ValidateMeansRunTest {
    private static final List<String> INTERVALS = List.of("", "1s", "30s", "1h");
    private static final List<String> REMINDERS = List.of("", "1m", "2h");
    private static final List<String> TIMEOUTS = List.of("", "10s", "5m");
    private static final List<String> JITTERS = List.of("", "5s", "2h");

    @TempDir
    Path dir;

    @Test
    void whateverValidateAcceptsRunStartsWithAndWhatRunWouldRefuseValidateNames() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        int accepted = 0;
        int refused = 0;
        for (Path example : ExampleConfigsTest.examples()) {
            JsonNode original = yaml.readTree(example.toFile());
            if (!original.path("targets").isArray() || original.path("targets").isEmpty()) {
                continue;
            }
            for (String interval : INTERVALS) {
                for (String reminder : REMINDERS) {
                    for (String timeout : TIMEOUTS) {
                        for (String jitter : JITTERS) {
                            JsonNode config = original.deepCopy();
                            ObjectNode probe = ((ObjectNode) config.path("targets").get(0)).putObject("probe");
                            put(probe, "interval", interval);
                            put(probe, "reminder", reminder);
                            put(probe, "timeout", timeout);
                            put(probe, "jitter", jitter);
                            Path file = dir.resolve("mutated.yaml");
                            yaml.writeValue(file.toFile(), config);
                            TriageConfig loaded;
                            try {
                                loaded = TestBots.load(file, ExampleConfigsTest.ENV);
                            } catch (ConfigException e) {
                                refused++;
                                assertTrue(e.problems().stream().anyMatch(p -> p.toString().startsWith("targets[0].probe")),
                                        example + " " + probe + ": refused, but not for its probe: " + e.problems());
                                continue;
                            }
                            accepted++;
                            for (var t : loaded.targets()) {
                                Probing.TargetProbe p = loaded.probing().target(t.name()).orElse(null);
                                if (p == null) {
                                    continue;
                                }
                                try {
                                    ProbeSettings.from(p);
                                } catch (IllegalArgumentException e) {
                                    fail(example.getFileName() + " with probe " + probe + " passes validate, but run refuses it: "
                                            + e.getMessage());
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(accepted > 0 && refused > 0, "the grid has both: accepted " + accepted + ", refused " + refused);
    }

    /** The values a mutation puts in place of a node: wrong types, empty, zero, negative, huge, unset variables, true. */
    private static final List<JsonNode> GARBAGE = List.of(
            TextNode.valueOf("garbage"), TextNode.valueOf(""), IntNode.valueOf(-1), IntNode.valueOf(0), IntNode.valueOf(70_000),
            TextNode.valueOf("1h"), TextNode.valueOf("0s"), TextNode.valueOf("${TRIAGE_UNSET_VARIABLE}"), TextNode.valueOf("true"),
            JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(), TextNode.valueOf("http://127.0.0.1:9/"));
    private static final int MUTATIONS_PER_EXAMPLE = 60;

    /**
     * Every example config, each mutated {@value #MUTATIONS_PER_EXAMPLE} times at a random place (seeded, so a failure
     * repeats): a key removed, or a value replaced by one of {@link #GARBAGE}. Whenever {@code ./triage validate} says
     * OK, what {@code run} builds before it connects — the store, the incidents, the approvals, the bot with its
     * catalogue, the prober's settings for every target — is built without an error. The store stays a fresh SQLite file
     * and nothing is started, so nothing leaves the machine.
     */
    @Test
    void whateverValidateAcceptsOfAMutatedExampleTheRunningBotIsBuiltFrom() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        java.util.Random random = new java.util.Random(16);
        int accepted = 0;
        int refused = 0;
        for (Path example : ExampleConfigsTest.examples()) {
            JsonNode original = yaml.readTree(example.toFile());
            List<String> places = new java.util.ArrayList<>();
            collect(original, "", places);
            for (int m = 0; m < MUTATIONS_PER_EXAMPLE; m++) {
                Path db = dir.resolve("m" + accepted + "-" + refused + ".db");
                JsonNode config = original.deepCopy();
                String place = places.get(random.nextInt(places.size()));
                JsonNode with = random.nextInt(4) == 0 ? null : GARBAGE.get(random.nextInt(GARBAGE.size()));
                mutate(config, place, with);
                ((ObjectNode) config).putObject("store").put("url", "jdbc:sqlite:" + db);
                Path file = dir.resolve("mutated.yaml");
                yaml.writeValue(file.toFile(), config);
                String what = example.getFileName() + " with " + place + (with == null ? " removed" : " = " + with);
                CliRun validate = CliRun.of("", ExampleConfigsTest.ENV, "validate", file.toString());
                assertFalse(validate.err().contains("Exception") || validate.err().contains("\tat "),
                        what + ": validate answered with a stack trace:\n" + validate.err());
                if (validate.exit() != 0) {
                    refused++;
                    assertTrue(validate.err().contains(file + ": "), what + ": refused without naming a place: " + validate.err());
                    continue;
                }
                accepted++;
                TriageConfig loaded = TestBots.load(file, ExampleConfigsTest.ENV);
                assertEquals(List.of(), Wiring.runProblems(loaded), what + ": validate says OK, but run refuses it");
                try (Wiring w = new Wiring(java.time.InstantSource.system(), ExampleConfigsTest.ENV);
                     Wiring.Services s = w.services(loaded, java.util.Map.of(), true)) {
                    RecordingPort port = new RecordingPort();
                    w.bot(s, "console", port);
                    w.monitor(s, port, java.time.Duration.ZERO).close();
                } catch (RuntimeException e) {
                    fail(what + ": validate says OK, but run can't build the bot: " + e);
                }
            }
        }
        assertTrue(accepted > 20 && refused > 20, "the mutations have both: accepted " + accepted + ", refused " + refused);
    }

    @Test
    void aConfigWithEveryChatAdapterOffIsRefusedByValidateAsByRun() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("quiet.yaml"), """
                targets:
                  - {name: prod, base_url: "http://127.0.0.1:9"}
                adapters:
                  console: {enabled: false}
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(dir.resolve("q.db")));
        String said = file + ": adapters: no chat adapter is switched on: enable adapters.console, adapters.slack or adapters.discord";
        CliRun validate = CliRun.of("", java.util.Map.of(), "validate", file.toString());
        assertEquals(2, validate.exit(), validate.out());
        assertTrue(validate.err().contains(said), validate.err());
        CliRun run = CliRun.of("", java.util.Map.of(), "run", "--config", file.toString());
        assertEquals(2, run.exit(), run.out());
        assertTrue(run.err().contains(said), run.err());
    }

    /** Every place in the tree, as a JSON pointer, except the store (kept a local file) and the root. */
    private static void collect(JsonNode node, String pointer, List<String> into) {
        if (!pointer.isEmpty() && !pointer.startsWith("/store")) {
            into.add(pointer);
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(k -> collect(node.get(k), pointer + "/" + k.replace("~", "~0").replace("/", "~1"), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, into);
            }
        }
    }

    /** Removes the node at {@code pointer} ({@code with} null) or puts {@code with} in its place. */
    private static void mutate(JsonNode root, String pointer, JsonNode with) {
        com.fasterxml.jackson.core.JsonPointer at = com.fasterxml.jackson.core.JsonPointer.compile(pointer);
        JsonNode parent = root.at(at.head());
        String last = at.last().getMatchingProperty();
        if (parent instanceof ObjectNode o) {
            if (with == null) {
                o.remove(last);
            } else {
                o.set(last, with);
            }
        } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            int i = at.last().getMatchingIndex();
            if (with == null) {
                a.remove(i);
            } else {
                a.set(i, with);
            }
        }
    }

    private static final List<String> ACTIONS = List.of("restart-service", "reboot-host", "compose-restart", "ecs-redeploy",
            "render-deploy", "no-such-action");
    private static final List<String> PER_HOUR = List.of("", "1", "5");
    private static final List<String> HOLDS = List.of("", "10s", "2h");

    @Test
    void aRemediateRuleValidateAcceptsIsOneRunCanRunAndOneItWouldRefuseValidateNames() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        int accepted = 0;
        int refused = 0;
        for (Path example : ExampleConfigsTest.examples()) {
            JsonNode original = yaml.readTree(example.toFile());
            if (!original.path("targets").isArray() || original.path("targets").isEmpty()) {
                continue;
            }
            for (String action : ACTIONS) {
                for (String perHour : PER_HOUR) {
                    for (String hold : HOLDS) {
                        JsonNode config = original.deepCopy();
                        ObjectNode rule = ((ObjectNode) config.path("targets").get(0)).putObject("remediate");
                        rule.put("action", action);
                        put(rule, "max_per_hour", perHour);
                        put(rule, "hold", hold);
                        Path file = dir.resolve("mutated.yaml");
                        yaml.writeValue(file.toFile(), config);
                        TriageConfig loaded;
                        try {
                            loaded = TestBots.load(file, ExampleConfigsTest.ENV);
                        } catch (ConfigException e) {
                            refused++;
                            assertTrue(e.problems().stream().anyMatch(p -> p.toString().startsWith("targets[0].remediate")),
                                    example + " " + rule + ": refused, but not for its rule: " + e.problems());
                            continue;
                        }
                        accepted++;
                        try {
                            TestBots.remediationRules(loaded);
                        } catch (IllegalArgumentException e) {
                            fail(example.getFileName() + " with remediate " + rule + " passes validate, but run refuses it: "
                                    + e.getMessage());
                        }
                    }
                }
            }
        }
        assertTrue(accepted > 0 && refused > 0, "the grid has both: accepted " + accepted + ", refused " + refused);
    }

    private static void put(ObjectNode probe, String key, String value) {
        if (!value.isEmpty()) {
            probe.put(key, value);
        }
    }

}
