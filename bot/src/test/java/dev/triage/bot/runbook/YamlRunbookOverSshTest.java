package dev.triage.bot.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.triage.bot.diagnose.DiagnoseService;
import dev.triage.bot.diagnose.Diagnosis;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.net.LocalListeners;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import dev.triage.config.ConfigLoader;
import dev.triage.config.Runbook;
import dev.triage.config.Service;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A team's runbook written only in YAML diagnoses a host over a real sshd, and its verdict cites the team's document. */
class YamlRunbookOverSshTest {
    @RegisterExtension
    static final LocalSshdExtension SSHD = new LocalSshdExtension();

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final SshExecutor ssh = SshExecutor.withDefaults();
    private final CheckCatalog catalog = new CheckCatalog(new HttpProber(), ssh, new CommandTemplates());
    private HttpServer app;

    @AfterEach
    void tearDown() {
        ssh.close();
        workers.shutdownNow();
        if (app != null) {
            app.stop(0);
        }
    }

    private static final String CONFIG = """
            targets:
              - name: api
                base_url: http://127.0.0.1:%d
                runbook: backend-guide
            runbooks:
              - name: backend-guide
                title: the team's backend guide
                documents:
                  - {id: guide, title: backend guide, source: https://wiki.example.com/backend-guide}
                checks: [http-health, tcp-connect, port-binding]
                steps:
                  - id: listening
                    check: port-binding
                    topic: port
                    fails_if: {fact: port-binding.listening, equals: not-listening}
                    cause: "nothing listens on {service.port}"
                    cites: step 2
                  - id: bind-address
                    check: port-binding
                    when: {passed: listening}
                    fails_if: {fact: port-binding.listening, equals: loopback-only}
                    cause: wrong bind address
                    cites: step 3
                    evidence: ["port-binding:1"]
                    fix: {advice: "run the app on 0.0.0.0:{service.port}", action: restart-service}
            """;

    @Test
    void aRunbookWrittenInYamlNamesTheCauseAndCitesItsDocumentStep() throws Exception {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        app.start();
        int port = app.getAddress().getPort();
        int closed = LocalListeners.closedPort();
        TriageConfig config = new ConfigLoader(Map.of(), catalog.ids(), ShippedRunbooks.load())
                .parse(CONFIG.formatted(closed), Path.of("."));
        Target fromYaml = config.targets().get(0);
        Target target = new Target(fromYaml.name(), fromYaml.baseUrl(), null, null, null, Duration.ofSeconds(3), null, null,
                null, null, SSHD.sshd().ssh(), new Service("systemd", "api", port, true, null, List.of(), null, null, null,
                false, 50, Map.of()));
        RunbookLibrary library = RunbookLibrary.shipped().with(config);
        Runbook chosen = library.forTarget(target);
        assertEquals("backend-guide", chosen.name(), "the target's runbook setting chooses it");

        DiagnoseService service = new DiagnoseService(catalog, new CheckRunner(workers, InstantSource.system()), library,
                InstantSource.system());
        Diagnosis d = service.diagnose(target, r -> { });

        assertEquals("wrong bind address", d.verdict().cause());
        assertEquals("backend guide, step 3", d.verdict().reference());
        assertEquals("run the app on 0.0.0.0:" + port, d.verdict().fix().advice());
        assertEquals("restart-service", d.verdict().fix().actionId());
        assertTrue(d.verdict().evidence().stream().anyMatch(e -> e.checkId().equals("port-binding") && e.text().contains(":" + port)),
                d.verdict()::toString);
        assertEquals(3, d.results().size(), "only the checks the runbook gathers ran");
    }
}
