package dev.triage.bot.incident;

import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.adapters.slack.SignedRequests;
import dev.triage.adapters.slack.SlackAdapter;
import dev.triage.adapters.slack.SlackSettings;
import dev.triage.bot.TestBots;
import dev.triage.bot.demo.DemoBackend;
import dev.triage.bot.demo.DemoRestartAction;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.Access;
import dev.triage.config.Probing;
import dev.triage.config.StoreSettings;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real bot in Slack's HTTP mode against a local fake of Slack's Web API, with one target (a {@link DemoBackend}
 * named {@code target}) that the demo restart mends; {@code U_ONCALL} and {@code U_LEAD} are operators.
 */
record SlackDemoBot(TestBots bot, SignedRequests signed) implements AutoCloseable {
    /** Probed every 300 ms, DOWN after two failures, UP after two successes. */
    static final Probing.TargetProbe FAST = new Probing.TargetProbe(true, null, Duration.ofMillis(300), null, 2, 2, Duration.ofMillis(100),
            null);
    static final Probing.TargetProbe UNPROBED = new Probing.TargetProbe(false, null, null, null, null, null, null, null);

    static SlackDemoBot start(FakeSlackApi slack, DemoBackend backend, String target, Probing.TargetProbe probe) throws Exception {
        return start(slack, backend, target, probe, backend.baseUrl(), null);
    }

    /**
     * The same with the target reached at {@code baseUrl} (the backend's, or one where nothing listens, so the restart's
     * verification fails) and, when not null, a {@code remediate:} rule for it.
     */
    static SlackDemoBot start(FakeSlackApi slack, DemoBackend backend, String target, Probing.TargetProbe probe, java.net.URI baseUrl,
                              dev.triage.config.Remediation rule) throws Exception {
        Path db = Files.createTempFile("triage-slack-", ".db");
        db.toFile().deleteOnExit();
        int port = freePort();
        Target t = new Target(target, baseUrl, null, null, null, Duration.ofSeconds(2), null, null, null, null, null, null);
        TriageConfig config = new TriageConfig(List.of(t), new TriageConfig.Channels("C_OPS", "C_INCIDENTS"), null, 0,
                new Access(Map.of("operator", Set.of("slack:U_ONCALL", "slack:U_LEAD")), Map.of(), Access.DEFAULT_ACTIONS, null),
                new StoreSettings("jdbc:sqlite:" + db, null, null), new Probing(true, 8, Map.of(target, probe)))
                .withRemediations(rule == null ? Map.of() : Map.of(target, rule));
        SlackAdapter adapter = new SlackAdapter(new SlackSettings(SlackSettings.Mode.HTTP, "xoxb-test-0000-bot-token", null,
                SignedRequests.SIGNING_SECRET, port, "/slack/events", null, null, slack.baseUrl()));
        TestBots bot = TestBots.start(config, adapter, Map.of(target, List.of(new DemoRestartAction(backend,
                new HttpHealthCheck(new HttpProber())))));
        return new SlackDemoBot(bot, new SignedRequests(port, "/slack/events", SignedRequests.SIGNING_SECRET));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        bot.close();
    }
}
