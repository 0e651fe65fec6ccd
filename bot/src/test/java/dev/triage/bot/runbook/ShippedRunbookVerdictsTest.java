package dev.triage.bot.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.triage.bot.runbook.Verdict;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Runbook;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The verdicts of the shipped runbooks that the sshd tests (DiagnosisOverSshTest, DiagnosisFromOutsideTest)
 * don't reach — compose's container and env, Render's and ECS's outside view — each from the results
 * that lead to it.
 */
class ShippedRunbookVerdictsTest {
    private final RunbookLibrary library = RunbookLibrary.shipped();
    private final RunbookEngine engine = new RunbookEngine();

    private static final Target COMPOSE = new Target("box", URI.create("http://box.example.com:8000"), null, null, null, null, null,
            null, null, null, null, new Service("compose", null, 8000, true, null, List.of(), "/srv/app", "backend", null, false, 0, Map.of()));

    /** {@code checkId=STATUS;fact=value} items, separated by spaces; a {@code +} in a value stands for a space. */
    private static List<CheckResult> results(String spec) {
        List<CheckResult> out = new ArrayList<>();
        for (String item : spec.split(" ")) {
            String[] parts = item.split(";");
            String[] head = parts[0].split("=");
            CheckResult r = CheckResult.of(head[0], Status.valueOf(head[1]), head[0] + " said " + head[1], List.of("line of " + head[0]));
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=");
                r = r.withFacts(Map.of(kv[0], kv[1].replace('+', ' ')));
            }
            out.add(r);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            docker-compose | http-health=FAIL tcp-connect=FAIL;failure=REFUSED env=FAIL docker=FAIL              | an environment variable is missing or still a placeholder | document 003, cause 1       | compose-recreate
            docker-compose | http-health=FAIL tcp-connect=FAIL;failure=REFUSED env=OK docker=FAIL               | the container is down or unhealthy                                  | document 003, cause 2       | compose-restart
            docker-compose | http-health=FAIL tcp-connect=FAIL;failure=REFUSED docker=OK port-binding=OK;listening=not-listening | the container runs but nothing listens on port 8000: crashed or still starting | document 001, step 3 | compose-restart
            docker-compose | http-health=FAIL tcp-connect=FAIL;failure=CONNECT_TIMEOUT docker=OK local-health=OK firewall=OK | healthy on the host but unreachable from outside: the network path, most often the security group | document 000, step 1; cause 1, 90 % of cases |
            docker-compose | http-health=FAIL tcp-connect=FAIL;failure=REFUSED docker=ERROR                    | nothing accepts connections on box.example.com:8000: the service is down or crashed | document 001, step 2; document 000, cause 2 | compose-restart
            render         | http-health=FAIL;failure=REFUSED tcp-connect=FAIL;failure=REFUSED               | the service doesn't answer at box.example.com: asleep, crashed or still deploying | document 002, step 3 (restart the server) | render-deploy
            render         | http-health=FAIL;failure=REFUSED tcp-connect=FAIL;failure=REFUSED render-service=FAIL;cause=suspended | the Render service is suspended | document 002, step 1 | render-restart
            render         | http-health=FAIL;http.status=502 tcp-connect=OK render-service=FAIL;cause=deploy-failed | the Render service's latest deploy failed | document 002, step 1; step 2 (server logs) | render-deploy
            render         | http-health=FAIL;http.status=502 tcp-connect=OK render-service=FAIL;cause=env-missing | a required environment variable is missing on Render | document 002, step 2 (missing env vars) | render-deploy
            render         | http-health=FAIL;http.status=502 tcp-connect=OK render-service=FAIL;cause=env-placeholder | an environment variable on Render is empty or still a placeholder | document 002, cause 3 (missing or wrong env vars); step 2 (environment variables) | render-deploy
            render         | http-health=FAIL;http.status=502 tcp-connect=OK render-service=OK render-logs=FAIL;patterns=SIGTERM | the service's log shows it failing (SIGTERM) | document 002, step 2 (server logs) | render-deploy
            render         | http-health=FAIL;http.status=502 tcp-connect=OK render-service=OK render-logs=WARN;readyMarker=missing | the service runs but never logged that it listens on its port: port configuration | document 002, cause 4 (port configuration); checklist ("server listening on port") | render-deploy
            render         | http-health=FAIL;http.status=502 tcp-connect=OK render-service=OK render-logs=WARN;patterns=ECONNREFUSED | Render answers for the service, but the service itself doesn't: it crashed or fails its health check | document 002, step 2 (server logs) |
            render         | http-health=FAIL;http.status=502 tcp-connect=OK render-service=ERROR             | Render answers for the service, but the service itself doesn't: it crashed or fails its health check | document 002, step 2 (server logs) |
            render         | http-health=FAIL;http.status=503 tcp-connect=OK                                 | Render answers for the service, but the service itself doesn't: it crashed or fails its health check | document 002, step 2 (server logs) |
            render         | http-health=FAIL;failure=DNS tcp-connect=FAIL;failure=DNS                       | box.example.com does not resolve                                   | document 002, step 4 (health check) |
            render         | http-health=FAIL;http.status=500 tcp-connect=OK                                 | it answers from outside with an error                              | document 002, step 4 (health check) |
            render         | http-health=FAIL;failure=TLS tcp-connect=OK tls=FAIL;tls.problem=expired              | the TLS certificate is refused (expired)                           | document 002, step 4 (health check) |
            render         | http-health=OK tcp-connect=OK websocket=FAIL;websocket.status=404               | its WebSocket endpoints don't open: the HTTP side answers, the /ws/ channels the frontend uses fail | document 002, symptoms (WebSocket connection failure) |
            ecs-fargate    | http-health=FAIL;http.status=503 tcp-connect=OK                                 | the load balancer answers but has no healthy task behind it        | document 004, problem 1 (container fails to start, 503) | ecs-redeploy
            ecs-fargate    | http-health=FAIL;http.status=503 tcp-connect=OK ecs-service=FAIL cloud-logs=FAIL  | fewer tasks run than desired                                       | document 004, problem 1 (container fails to start, 503) | ecs-redeploy
            ecs-fargate    | http-health=FAIL;http.status=503 tcp-connect=OK ecs-service=OK cloud-logs=FAIL;patterns=ENOENT | the task's log shows it failing (ENOENT)                | document 004, problem 3 (code missing from S3: the app fails to start) | ecs-redeploy
            ecs-fargate    | http-health=FAIL;http.status=503 tcp-connect=OK ecs-service=FAIL ecs-startup=FAIL;startup=slower-than-grace;measured=started+in+95+s;grace=60 cloud-logs=OK | the task starts slower than the health-check grace period: started in 95 s, grace period 60 s | document 004, problem 1, root cause (container start exceeds the health check); problem 2 (60 s grace period) | ecs-grace-period
            ecs-fargate    | http-health=FAIL;http.status=503 tcp-connect=OK ecs-service=FAIL ecs-startup=FAIL;startup=health-check-fails;health_check=/healthz | the task starts in time but fails the load balancer's health check (/healthz) | document 004, problem 1 (container fails to start, 503) |
            ecs-fargate    | http-health=FAIL;http.status=503 tcp-connect=OK ecs-service=FAIL ecs-startup=WARN cloud-logs=FAIL;setup=stopped-during;setup_step=an+unzip | the task was stopped while still setting up (an unzip) | document 004, problem 2 (slow container start: stopped at the AWS CLI installation) | ecs-grace-period
            ecs-fargate    | http-health=FAIL;http.status=503 tcp-connect=OK ecs-service=OK cloud-logs=FAIL;setup=stalled;setup_step=pip+install;stalled_for=95 | the task's log stalled at a setup step (pip install): no new line for 95 s | document 004, problem 2 (slow container start: stopped at the AWS CLI installation) |
            ec2-systemd    | http-health=FAIL;failure=CONNECT_TIMEOUT tcp-connect=FAIL;failure=CONNECT_TIMEOUT systemd-unit=OK local-health=OK firewall=OK security-group=FAIL;port=8000;source=0.0.0.0/0 | the instance's security group doesn't open port 8000 to 0.0.0.0/0 | document 000, step 1; cause 1, 90 % of cases | security-group-allow
            ecs-fargate    | http-health=FAIL;failure=CONNECT_TIMEOUT tcp-connect=FAIL;failure=CONNECT_TIMEOUT | connections to box.example.com:8000 time out: the load balancer's security group drops them | document 004, problem 1 (container fails to start, 503) |
            ecs-fargate    | http-health=FAIL;failure=REFUSED tcp-connect=FAIL;failure=REFUSED               | nothing answers at box.example.com:8000                            | document 004, problem 1 (container fails to start, 503) |
            ecs-fargate    | http-health=FAIL;failure=DNS tcp-connect=FAIL;failure=DNS                       | box.example.com does not resolve                                   | document 004, problem 1 (container fails to start, 503) |
            ecs-fargate    | http-health=FAIL;http.status=500 tcp-connect=OK                                 | it answers from outside with an error                              | document 004, fix 1 (longer health check timeout) |
            ec2-systemd    | http-health=FAIL;failure=REFUSED tcp-connect=FAIL;failure=REFUSED systemd-unit=FAIL;state=inactive journal=OK | the service is stopped (inactive) | document 000, step 2; cause 2, 5 % of cases | start-service
            ec2-systemd    | http-health=FAIL;http.status=500 tcp-connect=OK systemd-unit=OK journal=OK port-binding=ERROR local-health=ERROR firewall=OK env=OK | it fails from outside, and the host checks could not say why | document 000, if the problem persists: reboot the instance | reboot-host
            render         | http-health=WARN tcp-connect=OK                                                 | it answers, but slowly                                             | document 002, step 4 (health check) |
            ec2-systemd    | http-health=OK tcp-connect=OK vercel-env=FAIL;problem=BACKEND_BASE_URL-is-not-set-for-Preview;var=BACKEND_BASE_URL | the backend answers, but the front end's URL for it is wrong: BACKEND_BASE_URL-is-not-set-for-Preview | document 000, step 5; cause 4 | vercel-set-backend-url
            ec2-systemd    | http-health=WARN tcp-connect=OK vercel-env=FAIL;problem=wrong-host              | the backend answers, but the front end's URL for it is wrong: wrong-host | document 000, step 5; cause 4 | vercel-set-backend-url
            ec2-systemd    | http-health=OK tcp-connect=OK vercel-env=ERROR                                  | it answers normally: nothing to fix                               |                                      |
            ec2-systemd    | http-health=FAIL;failure=REFUSED tcp-connect=FAIL;failure=REFUSED vercel-env=FAIL;problem=wrong-host | nothing accepts connections on box.example.com:8000: the service is down or crashed | document 001, step 2; document 000, cause 2 | restart-service
            """)
    void eachShippedVerdictIsReached(String runbook, String spec, String cause, String reference, String action) {
        Runbook r = library.named(runbook).orElseThrow();
        Verdict v = engine.decide(r, COMPOSE, results(spec));
        assertEquals(cause, v.cause());
        assertEquals(reference, v.reference());
        assertEquals(action, v.fix() == null ? null : v.fix().actionId());
    }

    @Test
    void aCheckRunPerUrlIsNamedByStepsButListedOnceAndNoLineRepeatsItsStatus() {
        List<CheckResult> results = new ArrayList<>(results("http-health=OK tcp-connect=OK render-service=OK"));
        results.add(CheckResult.of("websocket /ws/voice", Status.FAIL, "GET ws://x/ws/voice (WebSocket) → HTTP 404", List.of("404")));
        results.add(CheckResult.of("websocket /ws/session", Status.OK, "101 Switching Protocols", List.of("101")));
        Verdict v = engine.decide(library.named("render").orElseThrow(), COMPOSE, results);
        assertEquals("its WebSocket endpoints don't open: the HTTP side answers, the /ws/ channels the frontend uses fail", v.cause());
        assertEquals(1, v.evidence().stream().filter(e -> e.text().contains("/ws/voice")).count(), v.evidence().toString());
        assertEquals(1, v.ruledOut().stream().filter(s -> s.contains("101 Switching")).count(), v.ruledOut().toString());

        Verdict healthy = engine.decide(library.named("ec2-systemd").orElseThrow(), COMPOSE,
                results("http-health=OK tcp-connect=OK env=FAIL"));
        assertEquals("env said FAIL", healthy.evidence().stream().filter(e -> e.checkId().equals("env")).findFirst().orElseThrow().text(),
                "the line's label says FAIL; its text doesn't again");
    }

    private static CheckResult shortOf(String memory, String disk, String load, String what) {
        return CheckResult.of("resources", Status.FAIL, "host box is short of resources: " + what, List.of("Mem: 96 %"))
                .withFacts(Map.of("memory.short", memory, "disk.full", disk, "load.high", load, "short", what,
                        "disk.fullMount", "/var"));
    }

    @Test
    void aHostShortOfMemoryOrDiskIsTheVerdictWithItsFigures() {
        String failing = "http-health=FAIL;http.status=502 tcp-connect=OK systemd-unit=OK journal=OK env=OK "
                + "port-binding=OK;listening=all-interfaces local-health=FAIL";
        for (String runbook : List.of("ec2-systemd", "docker-compose")) {
            Runbook r = library.named(runbook).orElseThrow();
            List<CheckResult> memory = new ArrayList<>(results(failing + " docker=OK"));
            memory.add(shortOf("true", "false", "false", "memory 96 % used (over 80 %)"));
            Verdict v = engine.decide(r, COMPOSE, memory);
            assertEquals("the host is out of memory: memory 96 % used (over 80 %)", v.cause(), runbook);
            assertEquals("document 003, cause 3 (server resources)", v.reference(), runbook);
            assertEquals(runbook.equals("ec2-systemd") ? "restart-service" : "compose-restart", v.fix().actionId(), runbook);

            List<CheckResult> disk = new ArrayList<>(results(failing + " docker=OK"));
            disk.add(shortOf("false", "true", "false", "/var 97 % full (over 90 %)"));
            Verdict d = engine.decide(r, COMPOSE, disk);
            assertEquals("the host's disk is full: /var 97 % full (over 90 %)", d.cause(), runbook);
            assertEquals(null, d.fix().actionId(), "a restart frees no disk: advice only");
            org.junit.jupiter.api.Assertions.assertTrue(d.fix().advice().startsWith("free space on /var"), d.fix().advice());
        }
    }

    @Test
    void aHighLoadIsTheVerdictOnlyWhenTheServiceStopsAnsweringInTime() {
        Runbook r = library.named("ec2-systemd").orElseThrow();
        List<CheckResult> hung = new ArrayList<>(results("http-health=FAIL;failure=NO_RESPONSE tcp-connect=OK systemd-unit=OK "
                + "journal=OK env=OK port-binding=OK;listening=all-interfaces local-health=FAIL"));
        hung.add(shortOf("false", "false", "true", "load 3.87 on 2 cores = 194 % (over 70 %)"));
        assertEquals("it accepts connections but doesn't answer in time, and the host is overloaded: load 3.87 on 2 cores"
                + " = 194 % (over 70 %)", engine.decide(r, COMPOSE, hung).cause());

        List<CheckResult> refused = new ArrayList<>(results("http-health=FAIL;failure=REFUSED tcp-connect=FAIL;failure=REFUSED "
                + "systemd-unit=FAIL journal=OK env=OK"));
        refused.add(shortOf("false", "false", "true", "load 3.87 on 2 cores = 194 % (over 70 %)"));
        assertEquals("the service is down", engine.decide(r, COMPOSE, refused).cause(), "a busy host that refuses: the unit says why");
    }

    @Test
    void behindNginxTheFirewallVerdictNamesThePublicPort() {
        List<CheckResult> results = new ArrayList<>(results("http-health=FAIL;failure=CONNECT_TIMEOUT "
                + "tcp-connect=FAIL;failure=CONNECT_TIMEOUT systemd-unit=OK journal=OK env=OK local-health=OK nginx=OK"));
        results.add(CheckResult.of("firewall", Status.FAIL, "ufw is active and no rule allows 80/tcp", List.of("Status: active"))
                .withFacts(Map.of("port", "80", "portRole", "the port nginx serves the world on")));
        Verdict v = engine.decide(library.named("ec2-systemd").orElseThrow(), COMPOSE, results);
        assertEquals("ufw is active and doesn't allow port 80, the port nginx serves the world on", v.cause());
        assertEquals("firewall-allow", v.fix().actionId());
    }
}
