package dev.triage.bot.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.config.Access;
import dev.triage.config.ConfigException;
import dev.triage.config.ConfigLoader;
import dev.triage.config.Problem;
import dev.triage.config.Runbook;
import dev.triage.config.RunbookValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shipped runbooks are valid, and every kind of reference mistake in a team's runbook is reported at once, with its place. */
class RunbookValidationTest {
    private final SshExecutor ssh = SshExecutor.withDefaults();
    private final CheckCatalog catalog = new CheckCatalog(new HttpProber(), ssh, new CommandTemplates());

    @AfterEach
    void tearDown() {
        ssh.close();
    }

    @Test
    void theShippedRunbooksAreValid() {
        List<Runbook> shipped = ShippedRunbooks.load();
        assertEquals(List.of("ec2-systemd", "docker-compose", "render", "ecs-fargate"), shipped.stream().map(Runbook::name).toList());
        List<Problem> problems = new ArrayList<>();
        new RunbookValidator(catalog.ids(), Access.DEFAULT_ACTIONS.keySet()).validate(shipped, (p, m) -> problems.add(new Problem(p, m)));
        assertEquals(List.of(), problems);
    }

    @Test
    void everyReferenceMistakeIsReportedAtOnceWithItsPlace() {
        String yaml = """
                targets:
                  - {name: api, base_url: "http://127.0.0.1:8000", runbook: backend-guid}
                runbooks:
                  - name: backend-guide
                    documents: [{id: guide, title: backend guide, source: docs/guide.md}]
                    checks: [http-health, port-bindings]
                    steps:
                      - {id: unit, check: systemd-unit}
                      - {id: logs, check: jurnal, when: {failed: unti}}
                      - {id: a, when: {failed: b}, cause: one}
                      - {id: b, when: {passed: a}, cause: two}
                      - {id: fix, when: {failed: unit}, cause: down, cites: {document: guied, step: step 2},
                         fix: {advice: restart it, action: restart-servce}}
                      - {id: where, fails_if: {fact: port-binding.listening, equals: loopback-only}, cause: bound wrong,
                         evidence: ["nginxx:2"]}
                """;
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), catalog.ids(), ShippedRunbooks.load()).parse(yaml, Path.of(".")));
        Map<String, String> byPlace = e.problems().stream().collect(Collectors.toMap(Problem::path, Problem::message, (x, y) -> x + " | " + y));
        assertTrue(byPlace.get("runbooks[0].checks[1]").startsWith("unknown check (got port-bindings); did you mean port-binding?"), byPlace::toString);
        assertTrue(byPlace.get("runbooks[0].steps[1].check").startsWith("unknown check (got jurnal)"), byPlace::toString);
        assertTrue(byPlace.get("runbooks[0].steps[1].when").startsWith("depends on a step that doesn't exist (got unti)"), byPlace::toString);
        assertTrue(byPlace.get("runbooks[0].steps[2].when").contains("cycle: a → b → a"), byPlace::toString);
        assertTrue(byPlace.get("runbooks[0].steps[4].cites.document").startsWith("no such document in this runbook (got guied)"), byPlace::toString);
        assertTrue(byPlace.get("runbooks[0].steps[4].fix.action").startsWith("unknown action (got restart-servce)"), byPlace::toString);
        assertTrue(byPlace.get("runbooks[0].steps[5].evidence[0]").startsWith("unknown check (got nginxx)"), byPlace::toString);
        assertTrue(byPlace.get("targets[0].runbook").startsWith("unknown runbook (got backend-guid)"), byPlace::toString);
        assertEquals(8, e.problems().size(), e::getMessage);
    }

    @Test
    void aStepReadWhenTheServiceAnswersNamesACauseAndDependsOnlyOnStepsThatAreToo() {
        String yaml = """
                targets:
                  - {name: api, base_url: "http://127.0.0.1:8000"}
                runbooks:
                  - name: front
                    documents: [{id: guide, source: docs/guide.md}]
                    checks: [http-health, vercel-env]
                    steps:
                      - {id: unit, check: systemd-unit}
                      - {id: quiet, check: vercel-env, also_when_answering: true}
                      - {id: after-unit, check: vercel-env, when: {failed: unit}, cause: wrong url, also_when_answering: true}
                      - {id: typo, check: vercel-env, cause: wrong url, also_when_answering: yes please}
                """;
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), catalog.ids(), ShippedRunbooks.load()).parse(yaml, Path.of(".")));
        Map<String, String> byPlace = e.problems().stream().collect(Collectors.toMap(Problem::path, Problem::message, (x, y) -> x + " | " + y));
        assertEquals("a step read when the service answers must name a cause", byPlace.get("runbooks[0].steps[1].also_when_answering"));
        assertEquals("depends on unit, which is not read when the service answers (give it also_when_answering: true too)",
                byPlace.get("runbooks[0].steps[2].also_when_answering"));
        assertEquals("must be true or false (got yes please)", byPlace.get("runbooks[0].steps[3].also_when_answering"));
        assertEquals(3, e.problems().size(), e::getMessage);
    }
}
