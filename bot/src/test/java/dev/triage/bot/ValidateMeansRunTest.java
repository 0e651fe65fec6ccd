package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
