package dev.triage.bot.diagnose;

import dev.triage.bot.runbook.Verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Message;
import dev.triage.bot.runbook.RunbookLibrary;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.action.ActionCatalog;
import dev.triage.checks.cloud.CloudChecks;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.FakeApi;
import dev.triage.checks.cloud.FakeApi.Reply;
import dev.triage.checks.cloud.MovingClock;
import dev.triage.checks.cloud.RestApi;
import dev.triage.checks.cloud.aws.AwsClients;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.config.Access;
import dev.triage.config.CloudSettings;
import dev.triage.config.Secret;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Document 000's cause 4 with the backend healthy: the ec2-systemd runbook reads the Vercel step also when the
 * service answers, concludes the front end's wrong BACKEND_BASE_URL and offers vercel-set-backend-url. One fake on
 * 127.0.0.1 plays the backend (GET /health → 200) and Vercel's REST API.
 */
class VercelDiagnosisTest {
    static final String TOKEN = "vcl_PLANTEDdiagnosisToken98765";

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final SshExecutor ssh = SshExecutor.withDefaults();
    private FakeApi api;

    @AfterEach
    void tearDown() {
        if (api != null) {
            api.close();
        }
        ssh.close();
        workers.shutdownNow();
    }

    private record Run(Diagnosis diagnosis, Message message) {
    }

    /** @param value what the front end's BACKEND_BASE_URL holds in every environment; null for not set at all */
    private Run diagnose(java.util.function.Function<String, String> value) throws Exception {
        api = new FakeApi(c -> {
            if (c.path().equals("/health")) {
                return Reply.json(200, "{\"status\":\"ok\",\"version\":\"1.0.0\"}");
            }
            if (!("Bearer " + TOKEN).equals(c.header("authorization"))) {
                return Reply.json(403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"Not authorized\"}}");
            }
            String backend = "http://127.0.0.1:" + c.headers().getOrDefault("host", ":0").replaceAll(".*:", "");
            String v = value.apply(backend);
            if (c.path().equals("/v9/projects/prj_front/env")) {
                return Reply.json(200, v == null ? "{\"envs\":[]}" : "{\"envs\":[{\"id\":\"e1\",\"key\":\"BACKEND_BASE_URL\",\"type\":\"encrypted\","
                        + "\"value\":\"ZW5jcnlwdGVk\",\"target\":[\"production\",\"preview\",\"development\"]}]}");
            }
            if (c.path().equals("/v1/projects/prj_front/env/e1")) {
                return Reply.json(200, "{\"id\":\"e1\",\"key\":\"BACKEND_BASE_URL\",\"type\":\"encrypted\",\"value\":\"" + v + "\"}");
            }
            return Reply.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route\"}}");
        });
        CloudLookup cloud = CloudLookup.always(new CloudSettings(null, null,
                new CloudSettings.Vercel("prj_front", Secret.of(TOKEN, "targets[0].cloud.vercel.token"), null, null, api.url())));
        CloudChecks cloudChecks = new CloudChecks(new AwsClients(), new RestApi(), cloud, InstantSource.system(), v -> { });
        CheckCatalog catalog = new CheckCatalog(new HttpProber(), ssh, new CommandTemplates());
        cloudChecks.checks().forEach(catalog::register);
        MovingClock clock = new MovingClock();
        ActionCatalog actions = new ActionCatalog(cloudChecks.actions(new HttpHealthCheck(new HttpProber()), clock, clock.pacer()));
        DiagnoseService service = new DiagnoseService(catalog, new CheckRunner(workers, InstantSource.system()), RunbookLibrary.shipped(),
                InstantSource.system());
        Target target = new Target("api", api.url(), null, null, null, Duration.ofSeconds(2), Duration.ofSeconds(2), null, null, null, null, null);
        Diagnosis d = service.diagnose(target, RunbookLibrary.shipped().named("ec2-systemd").orElseThrow(), r -> { });
        Message m = new DiagnosisRenderer().verdict(d, id -> Access.defaults().policy(id).isPresent() && actions.availableFor(target).contains(id));
        return new Run(d, m);
    }

    @Test
    void aHealthyBackendWithTheFrontEndOnHttpsIsTheVerdictWithTheFixOffered() throws Exception {
        Run run = diagnose(backend -> backend.replace("http://", "https://"));
        Verdict v = run.diagnosis().verdict();
        assertFalse(v.healthy(), v::cause);
        assertTrue(v.cause().startsWith("the backend answers, but the front end's URL for it is wrong: BACKEND_BASE_URL uses https:// for"
                + " Production, Preview, Development but the backend speaks plain http"), v.cause());
        assertEquals("document 000, step 5; cause 4", v.reference());
        assertEquals("vercel-set-backend-url", v.fix().actionId());
        assertTrue(v.fix().advice().startsWith("set BACKEND_BASE_URL to " + api.url() + " in Production, Preview and Development"), v.fix().advice());
        assertTrue(v.evidence().stream().anyMatch(e -> e.checkId().equals("http-health")), "the backend's own health is in the evidence");
        assertTrue(run.message().buttons().stream().anyMatch(b -> b.id().equals("request:vercel-set-backend-url:api")),
                run.message().buttons()::toString);
        assertFalse(run.message().toString().contains(TOKEN), "the token leaked");
    }

    @Test
    void aFrontEndPointingAtAnotherHostIsTheVerdict() throws Exception {
        Run run = diagnose(backend -> "http://old-backend.example.com:8000");
        assertTrue(run.diagnosis().verdict().cause().contains("BACKEND_BASE_URL points at http://old-backend.example.com:8000 for Production,"
                + " Preview, Development, not at the backend " + api.url()), run.diagnosis().verdict().cause());
    }

    @Test
    void aMissingVariableIsTheVerdict() throws Exception {
        Run run = diagnose(backend -> null);
        assertEquals("the backend answers, but the front end's URL for it is wrong: BACKEND_BASE_URL is not set for Production, Preview,"
                + " Development", run.diagnosis().verdict().cause());
    }

    @Test
    void aFrontEndPointingAtTheBackendLeavesItHealthy() throws Exception {
        Run run = diagnose(backend -> backend);
        assertTrue(run.diagnosis().verdict().healthy(), run.diagnosis().verdict()::cause);
    }
}
