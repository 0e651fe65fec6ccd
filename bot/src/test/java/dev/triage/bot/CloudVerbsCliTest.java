package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.approval.ActionVerbs;
import dev.triage.bot.command.BuiltinCommands;
import dev.triage.config.Access;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloud actions' verbs reach their plans from the console (the verbs themselves: approval.ActionVerbsTest). */
class CloudVerbsCliTest {
    static final String RENDER_KEY = "rnd_PLANTEDverbKey0123456789";
    static final String VERCEL_TOKEN = "vcl_PLANTEDverbToken0123456";

    @TempDir
    Path dir;

    @Test
    void theRenderAndVercelVerbsShowTheirPlansFromTheConsole() throws Exception {
        Path config = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: front
                    base_url: http://127.0.0.1:9
                    checks: [http-health]
                    cloud:
                      render: {service_id: srv-abc123, api_key: "${RENDER_API_KEY}", suspend_for: 45s, base_url: "http://127.0.0.1:9/v1"}
                      vercel: {project_id: prj_front, token: "${VERCEL_TOKEN}", base_url: "http://127.0.0.1:9"}
                probing: {enabled: false}
                roles:
                  operator: [console:oncall]
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(dir.resolve("triage.db")));
        CliRun run = CliRun.of("/backend render-restart front --dry-run\n/backend render-deploy front --dry-run\n"
                        + "/backend set-backend-url front --dry-run\n/backend help\n",
                Map.of("RENDER_API_KEY", RENDER_KEY, "VERCEL_TOKEN", VERCEL_TOKEN, "USER", "oncall"), "run", "--config", config.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("POST /services/srv-abc123/suspend, wait 45 s, then POST /services/srv-abc123/resume"), run.out());
        assertTrue(run.out().contains("POST /services/srv-abc123/deploys (deploy latest commit)"), run.out());
        assertTrue(run.out().contains("Vercel API: set BACKEND_BASE_URL of project prj_front to http://127.0.0.1:9 for Production, Preview"
                + " and Development"), run.out());
        assertTrue(run.out().contains("set-backend-url TARGET [--dry-run]"), run.out());
        assertFalse((run.out() + run.err()).contains(RENDER_KEY) || (run.out() + run.err()).contains(VERCEL_TOKEN), "a secret leaked");
    }
}
