package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./triage action} goes through the pipeline chat uses: the OS user's --yes is an approval recorded as theirs,
 * the approver role and the storm guard hold, a dry run stays a dry run. The action is a real restart-service over
 * SSH to 127.0.0.1 whose key can't be read: it fails at once, and a failed run still counts.
 */
class CliActionPipelineTest {
    private static final String ME = System.getProperty("user.name");

    @TempDir
    Path dir;

    @BeforeEach
    void keys() throws Exception {
        Files.writeString(dir.resolve("key"), "not a key");
        Files.writeString(dir.resolve("known_hosts"), "");
    }

    private Path config(String operators) throws Exception {
        return Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: api
                    base_url: http://127.0.0.1:9
                    ssh: {user: deploy, key_file: key, known_hosts: known_hosts}
                    service: {unit: langchain-backend, port: 8000}
                probing: {enabled: false}
                roles:
                  operator: [%s]
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(operators, dir.resolve("t.db")));
    }

    /** The audit log, oldest entry first. */
    private List<JsonNode> audit(Path file) throws Exception {
        CliRun run = CliRun.of("audit", "--config", file.toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        List<JsonNode> rows = new ArrayList<>();
        new ObjectMapper().readTree(run.out()).forEach(rows::add);
        return rows.reversed();   // oldest first
    }

    private static List<String> kinds(List<JsonNode> rows) {
        return rows.stream().map(r -> r.path("kind").asText()).toList();
    }

    @Test
    void yesIsAnApprovalByTheOsUserRecordedInTheAuditLikeAClickInChat() throws Exception {
        Path file = config("\"cli:" + ME + "\"");
        CliRun run = CliRun.of("action", "api", "restart-service", "--config", file.toString(), "--yes");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("approved by cli:" + ME), run.out());

        List<JsonNode> rows = audit(file);
        assertEquals(List.of("request", "approve", "outcome"), kinds(rows).stream().filter(k -> !k.equals("step")).toList(),
                rows.toString());
        for (JsonNode row : rows) {
            assertEquals("cli:" + ME, row.path("actor").asText(), row.toString());
            assertEquals(ME, row.path("actor_name").asText(), row.toString());
            assertEquals("cli", row.path("channel").asText(), row.toString());
            assertEquals("api", row.path("target").asText(), row.toString());
        }
        assertTrue(rows.get(0).path("detail").asText().startsWith("restart-service: sudo -n systemctl restart"), rows.toString());
        JsonNode outcome = rows.get(rows.size() - 1);
        assertFalse(outcome.path("result").asText().equals("DONE"), outcome.toString());
    }

    @Test
    void theStormGuardRefusesTheCliAfterARunApprovedInChat() throws Exception {
        Path file = config("console:oncall, console:lead, \"cli:" + ME + "\"");
        // In chat: oncall asks, lead approves, the restart runs (and fails: the key can't be read).
        CliRun chat = CliRun.of("/backend restart api\n/as lead\n/click approve\n", Map.of("USER", "oncall"), "run", "--config",
                file.toString());
        assertEquals(0, chat.exit(), chat.err());
        assertTrue(kinds(audit(file)).contains("outcome"), chat.out());

        CliRun cli = CliRun.of("action", "api", "restart-service", "--config", file.toString(), "--yes");
        assertEquals(1, cli.exit(), cli.out() + cli.err());
        assertTrue(cli.err().contains("Not run: restart-service ran on api") && cli.err().contains("cooldown"), cli.err());
        JsonNode last = audit(file).getLast();
        assertEquals("refuse", last.path("kind").asText(), last.toString());
        assertEquals("cli:" + ME, last.path("actor").asText(), last.toString());
        assertEquals("storm guard", last.path("result").asText(), last.toString());
    }

    @Test
    void withoutTheApproverRoleTheCliIsRefusedAndNothingRuns() throws Exception {
        Path file = config("console:lead");
        CliRun run = CliRun.of("action", "api", "restart-service", "--config", file.toString(), "--yes");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("Not run: restart-service needs an approver with the role operator, and cli:" + ME
                + " doesn't have it: add cli:" + ME + " to roles.operator"), run.err());
        List<JsonNode> rows = audit(file);
        assertEquals(List.of("refuse"), kinds(rows), rows.toString());
        assertEquals("lacks role operator", rows.get(0).path("result").asText());
    }

    @Test
    void aDryRunShowsThePlanAndRecordsNothingSoTheNextRunIsNotHeldBack() throws Exception {
        Path file = config("\"cli:" + ME + "\"");
        CliRun plan = CliRun.of("action", "api", "restart-service", "--config", file.toString(), "--dry-run");
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(plan.out().contains("runs    sudo -n systemctl restart 'langchain-backend'"), plan.out());
        assertTrue(audit(file).isEmpty(), "a dry run records nothing");

        CliRun run = CliRun.of("action", "api", "restart-service", "--config", file.toString(), "--yes");
        assertFalse(run.err().contains("cooldown"), "the dry run did not count as a run: " + run.err());
        assertTrue(kinds(audit(file)).contains("outcome"));
    }

    @Test
    void withoutYesItAsksAtTheTerminalAndRunsOnlyOnYes() throws Exception {
        Path file = config("\"cli:" + ME + "\"");
        CliRun declined = CliRun.atTerminal("no\n", "action", "api", "restart-service", "--config", file.toString());
        assertEquals(1, declined.exit(), declined.out() + declined.err());
        assertTrue(declined.out().contains("Run restart-service on api now, approved by you (cli:" + ME + ")? Type yes to run it:"),
                declined.out());
        assertTrue(declined.err().contains("Not run: it was not confirmed"), declined.err());
        assertTrue(audit(file).isEmpty(), "nothing asked for, nothing run");

        CliRun confirmed = CliRun.atTerminal("yes\n", "action", "api", "restart-service", "--config", file.toString());
        assertTrue(confirmed.out().contains("approved by cli:" + ME), confirmed.out() + confirmed.err());
        assertTrue(kinds(audit(file)).containsAll(List.of("request", "approve", "outcome")));
    }

    @Test
    void withoutATerminalAndWithoutYesItRefusesAndSaysWhy() throws Exception {
        Path file = config("\"cli:" + ME + "\"");
        CliRun run = CliRun.of("action", "api", "restart-service", "--config", file.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("action changes the system: add --yes to run it, or --dry-run to see the plan"
                + " (standard input is not a terminal, so Triage can't ask)"), run.err());
        assertTrue(run.err().contains("Run ./triage action --help for its options."), run.err());
    }
}
