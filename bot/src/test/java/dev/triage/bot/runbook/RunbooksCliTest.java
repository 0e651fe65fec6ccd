package dev.triage.bot.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./triage runbooks --config FILE} lists the shipped runbooks and the file's own, with their steps. */
class RunbooksCliTest {
    @TempDir
    Path dir;

    @Test
    void listsEveryRunbookWithItsStepsAndWhichTargetsUseIt() throws Exception {
        Path file = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - {name: api, base_url: "http://127.0.0.1:8000", runbook: mine}
                  - {name: web, base_url: "http://127.0.0.1:8001"}
                runbooks:
                  - name: mine
                    documents: [{id: guide, title: backend guide, source: docs/guide.md}]
                    checks: [http-health, tcp-connect]
                    steps:
                      - {id: refused, fails_if: {fact: tcp-connect.failure, equals: REFUSED}, cause: it is down, cites: step 2}
                      - {id: later, check: cloud-logs, unavailable: "the log isn't read yet", cause: it logs errors}
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Cli(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()), Map.of(), InstantSource.system())
                .run("runbooks", "--config", file.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(Cli.OK, code, text);
        assertTrue(text.contains("ec2-systemd — EC2 host, a systemd service behind nginx (diagnoses web)"), text);
        assertTrue(text.contains("mine — mine (diagnoses api)"), text);
        assertTrue(text.contains("1. refused fails if tcp-connect.failure equals REFUSED → it is down (backend guide, step 2)"), text);
        assertTrue(text.contains("UNAVAILABLE: the log isn't read yet"), text);
        assertTrue(text.contains("server-logs [render-logs]"), text);
        assertTrue(text.contains("frontend-backend-url [vercel-env]") && text.contains("· fix: vercel-set-backend-url · read also when it answers"),
                text);
        assertTrue(text.contains("ecs-service [ecs-service]"), text);
    }
}
