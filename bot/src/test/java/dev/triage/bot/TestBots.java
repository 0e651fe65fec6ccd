package dev.triage.bot;

import dev.triage.adapters.ChatAdapter;
import dev.triage.checks.action.Action;
import dev.triage.config.TriageConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The real bot — the same wiring as {@code ./triage run} — on a given adapter, for end-to-end tests in
 * other packages (the composition root itself stays package-private).
 */
public final class TestBots implements AutoCloseable {
    private final Wiring wiring;
    private final Wiring.Services services;
    private final Wiring.Monitoring monitoring;

    private final dev.triage.bot.command.Bot bot;

    private TestBots(Wiring wiring, Wiring.Services services, Wiring.Monitoring monitoring, dev.triage.bot.command.Bot bot) {
        this.wiring = wiring;
        this.services = services;
        this.monitoring = monitoring;
        this.bot = bot;
    }

    /** Starts the bot on {@code adapter}, with alerts through the same adapter and probing as configured. */
    public static TestBots start(TriageConfig config, ChatAdapter adapter, Map<String, List<Action>> perTargetActions)
            throws Exception {
        Wiring w = new Wiring(InstantSource.system());
        Wiring.Services s = w.services(config, perTargetActions, true);
        dev.triage.bot.command.Bot bot = w.bot(s, adapter.name(), adapter);
        adapter.start(bot);
        Wiring.Monitoring m = w.monitor(s, adapter, Duration.ZERO).start();
        return new TestBots(w, s, m, bot);
    }

    /** A configuration file read as {@code ./triage run --config FILE} reads it. */
    public static TriageConfig load(java.nio.file.Path file, Map<String, String> env) throws dev.triage.config.ConfigException {
        try (Wiring w = new Wiring(InstantSource.system(), env)) {
            return w.load(file, env);
        }
    }

    /** The {@code remediate:} rules as {@code ./triage run} resolves them, with the actions of the real wiring. */
    public static Map<String, dev.triage.bot.incident.RemediationRules.Rule> remediationRules(TriageConfig config) {
        try (Wiring w = new Wiring(InstantSource.system())) {
            return w.remediationRules(config, new dev.triage.bot.approval.TargetActions(w.actionCatalog, Map.of()));
        }
    }

    /** The catalogue the bot registers on every platform, for this configuration. */
    public dev.triage.adapters.Catalogue catalogue() {
        return bot.catalogue();
    }

    public dev.triage.checks.http.HttpProber prober() {
        return wiring.prober;
    }

    @Override
    public void close() {
        monitoring.close();
        services.close();
        wiring.close();
    }
}
