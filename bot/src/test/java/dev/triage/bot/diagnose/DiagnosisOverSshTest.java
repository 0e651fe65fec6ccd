package dev.triage.bot.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.CheckResult;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.Status;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.net.LocalListeners;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.checks.ssh.testing.LocalSshd;
import dev.triage.checks.ssh.testing.LocalSshdExtension;
import dev.triage.config.Service;
import dev.triage.config.Ssh;
import dev.triage.config.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One test per verdict of the decision path, each through a real OpenSSH sshd on 127.0.0.1: real
 * {@code ss}, {@code curl}, {@code cat} and {@code test}; stand-ins printing real-format output for the
 * tools that can't run here (systemctl, journalctl, ufw, nginx, docker).
 */
class DiagnosisOverSshTest {
    @RegisterExtension
    static final LocalSshdExtension SSHD = new LocalSshdExtension();

    private static final String UNIT = "langchain-backend";
    private static final String PLANTED_SECRET = "s3cr3t-planted-jwt-value-9f8e7d";

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private SshExecutor ssh;
    private DiagnoseService service;
    private HttpServer app;
    private Path state;

    @BeforeEach
    void setUp() throws Exception {
        ssh = SshExecutor.withDefaults();
        CheckCatalog catalog = new CheckCatalog(new HttpProber(), ssh, new CommandTemplates());
        service = new DiagnoseService(catalog, new CheckRunner(workers, InstantSource.system()), dev.triage.bot.runbook.RunbookLibrary.shipped(),
                InstantSource.system());
        state = Files.createTempDirectory(sshd().directory(), "state");
        installStandIns();
    }

    @AfterEach
    void tearDown() {
        ssh.close();
        workers.shutdownNow();
        if (app != null) {
            app.stop(0);
        }
    }

    private static LocalSshd sshd() {
        return SSHD.sshd();
    }

    // ---- the host, as stand-ins reading a state folder ---------------------------------------------

    private void installStandIns() {
        String s = state.toString();
        sshd().installStandIn("systemctl", """
                f="%s/$1-$2"
                [ -f "$f" ] || { echo "Unit $2.service could not be found." >&2; exit 4; }
                cat "$f"; exit $(cat "$f.rc" 2>/dev/null || echo 0)
                """.formatted(s));
        sshd().installStandIn("journalctl", "cat '%s/journal' 2>/dev/null; exit 0".formatted(s));
        sshd().installStandIn("ufw", "cat '%s/ufw'".formatted(s));
        sshd().installStandIn("sudo", "[ \"$1\" = -n ] && shift\nexec \"$@\"");
        sshd().installStandIn("nginx", "cat '%s/nginx-t' >&2; exit $(cat '%s/nginx-t.rc')".formatted(s, s));
        // Compose v2: the plugin answers, ps -q names the container, inspect and logs read the state folder.
        sshd().installStandIn("docker", """
                case "$1 $2" in
                  "compose version") echo 'Docker Compose version v2.24.6';;
                  "compose ps") echo 3f1c2e9a8b7d;;
                  "compose logs") cat '%s/compose-logs' 2>/dev/null;;
                  inspect*) cat '%s/docker-inspect';;
                esac
                exit 0
                """.formatted(s, s));
    }

    private void host(String file, String content) {
        try {
            Files.writeString(state.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void hostFixture(String file, String fixture, int exit) {
        host(file, fixture(fixture));
        host(file + ".rc", Integer.toString(exit));
    }

    private static String fixture(String name) {
        try (InputStream in = DiagnosisOverSshTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A healthy-looking host: unit active, unit file whose paths exist, quiet journal, ufw inactive. */
    private Path healthyHost() {
        Path env = sshd().writeFile("app.env", "DATABASE_URL=postgres://db/app\nJWT_SECRET=" + PLANTED_SECRET + "\n");
        hostFixture("is-active-" + UNIT, "systemctl-is-active/active.txt", 0);
        hostFixture("status-" + UNIT, "systemctl-status/active-running.txt", 0);
        host("cat-" + UNIT, """
                # /etc/systemd/system/langchain-backend.service
                [Unit]
                Description=LangChain FastAPI Backend

                [Service]
                WorkingDirectory=%s
                EnvironmentFile=%s
                ExecStart=/bin/sh -c 'exec sleep infinity'
                Restart=always
                """.formatted(sshd().directory(), env));
        host("journal", fixture("journal/healthy-start.txt"));
        host("ufw", fixture("ufw/inactive.txt"));
        return env;
    }

    /** The app itself, answering /health on 127.0.0.1 with the given status. */
    private int startApp(int healthStatus) throws IOException {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        app.createContext("/health", ex -> {
            byte[] body = ("{\"status\":\"" + (healthStatus == 200 ? "ok" : "error") + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(healthStatus, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        app.start();
        return app.getAddress().getPort();
    }

    /**
     * @param outsideUrl what the bot reaches from outside (a closed port plays the public side that fails)
     * @param reachable  whether the service port must listen beyond loopback
     */
    private Target target(String outsideUrl, int servicePort, boolean reachable, boolean nginx, Path envFile, List<String> requiredEnv) {
        return target(outsideUrl, sshd().ssh(), new Service("systemd", UNIT, servicePort, reachable,
                envFile == null ? null : envFile.toString(), requiredEnv, null, null, null, nginx, 50, Map.of()));
    }

    private Target target(String outsideUrl, Ssh ssh, Service svc) {
        return new Target("prod", URI.create(outsideUrl), null, null, null, Duration.ofSeconds(3), null,
                null, null, null, ssh, svc);
    }

    private static String closedUrl() throws IOException {
        return "http://127.0.0.1:" + LocalListeners.closedPort();
    }

    private Diagnosis diagnose(Target t) {
        return service.diagnose(t, r -> { });
    }

    private static String text(Diagnosis d) {
        Message m = new DiagnosisRenderer().verdict(d, id -> true);
        return m.title() + "\n" + m.lines().stream().map(l -> l.label() + " " + l.text()).collect(Collectors.joining("\n"))
                + "\n" + m.fields().stream().map(f -> f.name() + ": " + f.value()).collect(Collectors.joining("\n"));
    }

    private static void assertCites(Diagnosis d, String checkId, String fragment) {
        assertTrue(d.verdict().evidence().stream().anyMatch(e -> e.checkId().equals(checkId) && e.text().contains(fragment)),
                () -> "no evidence from " + checkId + " containing '" + fragment + "' in " + d.verdict().evidence());
    }

    // ---- the verdicts ---------------------------------------------------------------------------

    @Test
    void aFailedUnitIsServiceDownWithTheJournalAsEvidence() throws Exception {
        Path env = healthyHost();
        hostFixture("is-active-" + UNIT, "systemctl-is-active/failed.txt", 3);
        hostFixture("status-" + UNIT, "systemctl-status/failed-exit-code.txt", 3);
        host("journal", fixture("journal/address-in-use.txt"));
        Diagnosis d = diagnose(target(closedUrl(), LocalListeners.closedPort(), true, false, env, List.of()));
        assertTrue(d.verdict().cause().startsWith("the service is down"), d.verdict().cause());
        assertTrue(d.verdict().cause().contains("EADDRINUSE"), d.verdict().cause());
        assertEquals("document 001, step 2; document 000, cause 2", d.verdict().reference());
        assertCites(d, "systemd-unit", "failed");
        assertEquals("restart-service", d.verdict().fix().actionId());
    }

    @Test
    void aUnitPointingAtMissingPathsIsABrokenUnitFile() throws Exception {
        Path env = healthyHost();
        hostFixture("is-active-" + UNIT, "systemctl-is-active/failed.txt", 3);
        hostFixture("status-" + UNIT, "systemctl-status/failed-exit-code.txt", 3);
        host("cat-" + UNIT, "[Service]\nWorkingDirectory=/opt/triage-test-missing/app\nExecStart=/opt/triage-test-missing/venv/bin/python main.py\n"
                + "Restart=always\n");
        Diagnosis d = diagnose(target(closedUrl(), LocalListeners.closedPort(), true, false, env, List.of()));
        assertEquals("the unit file points at paths that don't exist: ExecStart /opt/triage-test-missing/venv/bin/python and "
                + "WorkingDirectory /opt/triage-test-missing/app don't exist", d.verdict().cause());
        assertEquals("document 000, step 4", d.verdict().reference());
        assertCites(d, "unit-file", "/opt/triage-test-missing");
        assertEquals("reload-units", d.verdict().fix().actionId());
    }

    @Test
    void aMissingUnitFileIsSaidAsSuchWithNoReloadOffered() throws Exception {
        Path env = healthyHost();
        hostFixture("is-active-" + UNIT, "systemctl-is-active/failed.txt", 3);
        hostFixture("status-" + UNIT, "systemctl-status/unit-not-found.txt", 4);
        hostFixture("cat-" + UNIT, "systemctl-cat/not-found.txt", 1);
        Diagnosis d = diagnose(target(closedUrl(), LocalListeners.closedPort(), true, false, env, List.of()));
        assertEquals("there is no unit file for " + UNIT + " on the host", d.verdict().cause(), text(d));
        assertEquals(null, d.verdict().fix().actionId(), "a reload can't install a unit file");
    }

    @Test
    void aPlaceholderInTheEnvFileIsNamedWithoutShowingAnyValue() throws Exception {
        healthyHost();
        Path env = sshd().writeFile("placeholder.env", "SUPABASE_URL=https://db.example.com\n"
                + "SUPABASE_SERVICE_KEY=your-supabase-service-role-key\nJWT_SECRET=" + PLANTED_SECRET + "\n");
        hostFixture("is-active-" + UNIT, "systemctl-is-active/failed.txt", 3);
        hostFixture("status-" + UNIT, "systemctl-status/failed-exit-code.txt", 3);
        Diagnosis d = diagnose(target(closedUrl(), LocalListeners.closedPort(), true, false, env,
                List.of("SUPABASE_URL", "SUPABASE_SERVICE_KEY", "JWT_SECRET")));
        assertEquals("an environment variable is missing or still a placeholder (placeholder SUPABASE_SERVICE_KEY)",
                d.verdict().cause());
        assertEquals("document 003, cause 1", d.verdict().reference());
        assertCites(d, "env", "SUPABASE_SERVICE_KEY");

        // The same placeholder in a variable nobody listed as required: still the verdict (003 listed none).
        Diagnosis unlisted = diagnose(target(closedUrl(), LocalListeners.closedPort(), true, false, env, List.of()));
        assertEquals("an environment variable is missing or still a placeholder (placeholder SUPABASE_SERVICE_KEY)",
                unlisted.verdict().cause());
        String shown = text(d) + d.results();
        assertFalse(shown.contains(PLANTED_SECRET), shown);
        assertFalse(shown.contains("your-supabase-service-role-key"), shown);
    }

    @Test
    void aUnitUpForLessThanItsStartTimeoutWithNothingListeningYetIsStillStarting() throws Exception {
        Path env = healthyHost();
        hostFixture("status-" + UNIT, "systemctl-status/active-running-just-started.txt", 0);
        hostFixture("show-" + UNIT, "systemctl-show/default-timeout.txt", 0);
        host("journal", """
                Mar 04 09:12:41 ip-172-31-40-12 systemd[1]: Starting langchain-backend.service - LangChain FastAPI Backend...
                Mar 04 09:12:41 ip-172-31-40-12 systemd[1]: Started langchain-backend.service - LangChain FastAPI Backend.
                Mar 04 09:12:44 ip-172-31-40-12 python[12345]: INFO:     Loading embedding model
                """);
        Service svc = new Service("systemd", UNIT, LocalListeners.closedPort(), true, env.toString(), List.of(), null, null,
                "API server is ready!", false, 50, Map.of());
        Diagnosis d = diagnose(target(closedUrl(), sshd().ssh(), svc));
        assertEquals("the service is still starting: up 14s of its 1min 30s start timeout, nothing listens on port "
                + svc.port() + " yet", d.verdict().cause(), text(d));
        assertEquals(null, d.verdict().fix().actionId(), "nothing to restart while it starts");

        // The same host an hour later: past the timeout, still not listening, no error logged — it hangs at start.
        hostFixture("status-" + UNIT, "systemctl-status/active-running.txt", 0);
        host("journal", "Mar 04 09:12:41 ip-172-31-40-12 systemd[1]: Starting langchain-backend.service - LangChain FastAPI Backend...\n");
        Diagnosis later = diagnose(target(closedUrl(), sshd().ssh(), svc));
        assertEquals("the service has run for 2h 3min, past its 1min 30s start timeout, and still listens on no port "
                + svc.port() + ": it hangs at start", later.verdict().cause(), text(later));
        assertEquals("restart-service", later.verdict().fix().actionId());
    }

    @Test
    void anActiveUnitWithNothingListeningIsCrashedOrStarting() throws Exception {
        Path env = healthyHost();
        host("journal", fixture("journal/module-not-found-traceback.txt"));
        Diagnosis d = diagnose(target(closedUrl(), LocalListeners.closedPort(), true, false, env, List.of()));
        assertTrue(d.verdict().cause().startsWith("the service runs but nothing listens on port"), d.verdict().cause());
        assertEquals("document 001, step 3", d.verdict().reference());
        assertCites(d, "journal", "ModuleNotFoundError");
    }

    @Test
    void aServiceListeningOnLoopbackOnlyIsAWrongBindAddress() throws Exception {
        Path env = healthyHost();
        int port = startApp(200);
        Diagnosis d = diagnose(target(closedUrl(), port, true, false, env, List.of()));
        assertEquals("the service is bound to 127.0.0.1 only", d.verdict().cause());
        assertEquals("document 000, step 3; cause 3", d.verdict().reference());
        assertCites(d, "port-binding", "listens only on");
        assertCites(d, "port-binding", "127.0.0.1]:" + port); // Java binds IPv4-mapped: [::ffff:127.0.0.1]
        assertEquals(Status.OK, result(d, "local-health").status(), "the real curl over ssh reached the app");
        assertTrue(d.verdict().fix().advice().contains("0.0.0.0"), d.verdict().fix().advice());
    }

    @Test
    void onAHostWithoutSystemdTheWrongBindAddressIsStillFoundAndNothingIsBlamedOnTheUnit() throws Exception {
        Path env = healthyHost();
        // The machine's own systemctl and journalctl (systemd 252, not PID 1): what a container or WSL host answers.
        sshd().removeStandIn("systemctl");
        sshd().removeStandIn("journalctl");
        int port = startApp(200);
        Diagnosis d = diagnose(target(closedUrl(), port, true, false, env, List.of()));
        assertEquals("the service is bound to 127.0.0.1 only", d.verdict().cause(), text(d));
        for (String check : List.of("systemd-unit", "unit-file")) {
            CheckResult r = result(d, check);
            assertEquals(Status.ERROR, r.status(), check + ": " + r.summary());
            assertTrue(r.summary().startsWith("systemd is not running on "), r.summary());
        }
        assertEquals(Status.ERROR, result(d, "journal").status(), "no journal is not a quiet journal");
        assertTrue(!text(d).contains("reload-units") && !text(d).contains("does not exist"), text(d));
    }

    @Test
    void aDiskFullerThanTheTargetsThresholdIsTheVerdictFromTheRealDf() throws Exception {
        Path env = healthyHost();
        int port = startApp(200);
        // This machine's real free, df and /proc/loadavg; the disk threshold set so low that its own disk is "full".
        Service svc = new Service("systemd", UNIT, port, true, env.toString(), List.of(), null, null, null, false, 50,
                Map.of(), new dev.triage.config.Thresholds(100, 10_000, 1));
        Diagnosis d = diagnose(target(closedUrl(), sshd().ssh(), svc));
        CheckResult resources = result(d, "resources");
        assertEquals(Status.FAIL, resources.status(), resources.summary());
        assertEquals("true", resources.fact("disk.full"));
        assertTrue(d.verdict().cause().startsWith("the host's disk is full: "), d.verdict().cause());
        assertTrue(d.verdict().cause().contains("% full (over 1 %)"), d.verdict().cause());
        assertEquals(null, d.verdict().fix().actionId(), "a restart frees no disk");
        assertTrue(d.verdict().fix().advice().startsWith("free space on " + resources.fact("disk.fullMount")), d.verdict().fix().advice());
    }

    @Test
    void aHostWithoutSudoNamesSudoNotTheToolBehindIt() throws Exception {
        Path env = healthyHost();
        sshd().removeTool("sudo");   // off the PATH, whether or not this machine has it: the shell's own "sudo: not found"
        int port = startApp(200);
        Diagnosis d = diagnose(target("http://127.0.0.1:" + port, port, false, true, env, List.of()));
        CheckResult nginx = result(d, "nginx");
        assertEquals(Status.ERROR, nginx.status(), nginx.summary());
        assertTrue(nginx.summary().startsWith("sudo is not installed on "), nginx.summary());
        assertTrue(nginx.summary().contains("`nginx -T`") && !nginx.summary().contains("nginx` is not installed"), nginx.summary());
    }

    @Test
    void aRealNginxOnItsOwnPortAndLogInFrontOfADeadUpstreamIsFoundFromItsOwnConfiguration() throws Exception {
        Path env = healthyHost();
        int deadUpstream = LocalListeners.closedPort();
        Path dir = Files.createTempDirectory(sshd().directory(), "nginx");
        Path errorLog = dir.resolve("upstream-errors.log");
        try (dev.triage.checks.net.LocalNginx nginx = dev.triage.checks.net.LocalNginx.start(dir,
                "error_log " + errorLog + "; location / { proxy_pass http://127.0.0.1:" + deadUpstream + "; }")) {
            int nginxPort = nginx.port();
            Path conf = nginx.config();
            sshd().removeStandIn("nginx");   // the real nginx, its real -T, the real ps and ss
            sshd().removeStandIn("systemctl");   // and no systemd to ask whether it is active: its master process is
            var http = java.net.http.HttpClient.newHttpClient();
            var answer = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertEquals(502, answer.statusCode(), "nginx answers 502 for its dead upstream");

            Diagnosis d = diagnose(target("http://127.0.0.1:" + nginxPort, deadUpstream, false, true, env, List.of()));
            CheckResult check = result(d, "nginx");
            assertEquals(Status.FAIL, check.status(), check.summary());
            assertTrue(check.summary().startsWith("nginx runs, but its upstream is down"), check.summary());
            assertEquals(Integer.toString(nginxPort), check.fact("nginx.ports"), "its own listen port, not 80");
            assertEquals(errorLog.toString(), check.fact("nginx.errorLogs").split(",")[1], "the log it writes, not the default");
            assertEquals("127.0.0.1:" + deadUpstream, check.fact("nginx.upstreams"));
            assertEquals(conf.toString(), check.fact("nginx.configFile"), "the configuration the running master was started with");
            assertTrue(check.evidence().stream().anyMatch(l -> l.contains("Connection refused") && l.contains("upstream")),
                    check.evidence().toString());
        }
    }

    @Test
    void aLocalHealthFailureIsAnApplicationError() throws Exception {
        Path env = healthyHost();
        int port = startApp(500);
        host("journal", fixture("journal/database-connection-refused.txt"));
        Diagnosis d = diagnose(target(closedUrl(), port, false, false, env, List.of()));
        assertTrue(d.verdict().cause().startsWith("the application itself fails on the host"), d.verdict().cause());
        assertEquals("document 001, step 4", d.verdict().reference());
        assertEquals(Status.FAIL, result(d, "local-health").status());
    }

    @Test
    void aFailingNginxConfigurationIsNamedBeforeTheNetwork() throws Exception {
        Path env = healthyHost();
        int port = startApp(200);
        hostFixture("nginx-t", "nginx-t/unknown-directive.txt", 1);
        hostFixture("is-active-nginx", "systemctl-is-active/failed.txt", 3);
        Diagnosis d = diagnose(target(closedUrl(), port, false, true, env, List.of()));
        assertEquals("nginx's configuration fails its test", d.verdict().cause());
        assertEquals("document 001, step 5", d.verdict().reference());
        assertNull(d.verdict().fix().actionId(), "a broken config is fixed by hand before any restart");
    }

    @Test
    void ufwWithoutTheServicePortIsTheFirewall() throws Exception {
        Path env = healthyHost();
        int port = startApp(200);
        host("ufw", fixture("ufw/active-port-missing.txt"));
        Diagnosis d = diagnose(target(closedUrl(), port, false, false, env, List.of()));
        assertTrue(d.verdict().cause().startsWith("ufw is active and doesn't allow port"), d.verdict().cause());
        assertEquals("document 000, step 7", d.verdict().reference());
        assertEquals("firewall-allow", d.verdict().fix().actionId());
    }

    @Test
    void healthyOnTheHostButUnreachableFromOutsideIsTheNetworkPath() throws Exception {
        Path env = healthyHost();
        int port = startApp(200);
        Diagnosis d = diagnose(target(closedUrl(), port, false, false, env, List.of()));
        assertTrue(d.verdict().cause().contains("most often the security group"), d.verdict().cause());
        assertEquals("document 000, step 1; cause 1, 90 % of cases", d.verdict().reference());
        assertTrue(d.verdict().ruledOut().stream().anyMatch(r -> r.startsWith("firewall")), d.verdict().ruledOut()::toString);
        assertTrue(d.verdict().ruledOut().stream().anyMatch(r -> r.startsWith("service down")), d.verdict().ruledOut()::toString);
    }

    @Test
    void aHealthyTargetNeedsNothingAndTakesOneHandshake() throws Exception {
        Path env = healthyHost();
        int port = startApp(200);
        Diagnosis d = diagnose(target("http://127.0.0.1:" + port, port, false, false, env, List.of()));
        assertTrue(d.verdict().healthy(), d.verdict()::toString);
        assertEquals(1, ssh.handshakes(), "every host check of one diagnosis shares one SSH connection");
        diagnose(target("http://127.0.0.1:" + port, port, false, false, env, List.of()));
        assertEquals(1, ssh.handshakes(), "a second diagnosis reuses it");
    }

    @Test
    void aCrashLoopingContainerIsTheContainerDownWithItsLogsPatterns() throws Exception {
        Path env = healthyHost();
        host("docker-inspect", fixture("docker-inspect/restarting-crash-loop.txt"));
        host("compose-logs", "backend-1  | Error: connect ECONNREFUSED 172.18.0.2:5432\n");
        Service compose = new Service("compose", null, LocalListeners.closedPort(), true, env.toString(), List.of(),
                sshd().directory().toString(), "backend", null, false, 50, Map.of());
        Diagnosis d = diagnose(target(closedUrl(), sshd().ssh(), compose));
        assertEquals("the container is down or unhealthy (log: ECONNREFUSED)", d.verdict().cause(), text(d));
        assertEquals("document 003, cause 2", d.verdict().reference());
        assertEquals("compose-restart", d.verdict().fix().actionId());
        assertCites(d, "journal", "ECONNREFUSED 172.18.0.2:5432");
    }

    @Test
    void anOomKilledContainerIsMemoryNotJustDown() throws Exception {
        Path env = healthyHost();
        host("docker-inspect", fixture("docker-inspect/exited-oom-killed.txt"));
        Service compose = new Service("compose", null, LocalListeners.closedPort(), true, env.toString(), List.of(),
                sshd().directory().toString(), "backend", null, false, 50, Map.of());
        Diagnosis d = diagnose(target(closedUrl(), sshd().ssh(), compose));
        assertEquals("the container was killed for memory (OOMKilled)", d.verdict().cause(), text(d));
        assertEquals("compose-recreate", d.verdict().fix().actionId());
        assertCites(d, "docker", "restart no; no health check; no memory or CPU limit");
    }

    @Test
    void aChangedHostKeyIsAtTheTopOfAHealthyVerdictSaidOnceAfterOneHandshake() throws Exception {
        Path env = healthyHost();
        int port = startApp(200);
        Path otherHostKey = sshd().newUnauthorizedKey("other_host_key");
        Path changed = sshd().writeFile("known_hosts_changed",
                sshd().knownHostsLine(Files.readString(otherHostKey.resolveSibling("other_host_key.pub"))) + "\n");
        Ssh mitm = sshd().ssh(changed, sshd().userKeyFile(), null);
        long before = ssh.connectAttempts();
        Diagnosis d = diagnose(target("http://127.0.0.1:" + port, mitm, new Service("systemd", UNIT, port, false, env.toString(),
                List.of(), null, null, null, false, 50, Map.of())));
        Message m = new DiagnosisRenderer().verdict(d, id -> true);
        assertTrue(m.title().startsWith("prod — SSH host key refused: it changed, possibly a man-in-the-middle"), m.title());
        assertEquals(Tone.FAIL, m.tone(), "never an OK tone while the host key is refused");
        assertEquals("ssh", m.lines().getFirst().label());
        assertTrue(m.lines().getFirst().text().contains(sshd().hostKeyFingerprint()), "the presented fingerprint, and the fix");
        String all = text(d);
        assertEquals(1, all.split("has CHANGED", -1).length - 1, "the refusal is said once:\n" + all);
        assertEquals(1, ssh.connectAttempts() - before, "one handshake for all the host's checks");
    }

    @Test
    void anUnknownHostKeyIsReportedAndTheOutsideViewStillDecides() throws Exception {
        healthyHost();
        Path emptyKnownHosts = sshd().writeFile("empty_known_hosts", "");
        Ssh untrusted = sshd().ssh(emptyKnownHosts, sshd().userKeyFile(), null);
        Diagnosis d = diagnose(target(closedUrl(), untrusted, new Service("systemd", UNIT, 8000, true, null, List.of(),
                null, null, null, false, 50, Map.of())));
        CheckResult unit = result(d, "systemd-unit");
        assertEquals(Status.ERROR, unit.status());
        assertTrue(unit.summary().contains(sshd().hostKeyFingerprint()), unit.summary());
        assertTrue(d.verdict().cause().startsWith("nothing accepts connections"), d.verdict().cause());
        assertTrue(text(d).contains("Could not run: systemd-unit"), text(d));
    }

    private static CheckResult result(Diagnosis d, String id) {
        return d.results().stream().filter(r -> r.checkId().equals(id)).findFirst().orElseThrow();
    }
}
