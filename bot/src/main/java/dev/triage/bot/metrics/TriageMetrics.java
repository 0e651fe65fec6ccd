package dev.triage.bot.metrics;

import dev.triage.bot.approval.Approvals;
import dev.triage.bot.ha.LeaderLease;
import dev.triage.bot.probe.ProbeEvent;
import dev.triage.bot.probe.ProbeListener;
import dev.triage.bot.probe.ProbeResult;
import dev.triage.bot.probe.ProbeStats;
import dev.triage.bot.probe.TargetHealth;
import dev.triage.bot.probe.TargetProbeStats;
import dev.triage.bot.store.Approval;
import dev.triage.bot.store.Database;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.ssh.SshExecutor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's own metrics, in Prometheus's text format on {@code /metrics}. Per target, blackbox_exporter's names and
 * meaning ({@code probe_success}, {@code probe_duration_seconds}, {@code probe_http_status_code}, labelled by target
 * only), so dashboards and alert rules written for it work unchanged; everything about Triage itself is {@code triage_…}.
 *
 * <p>What lives in memory (probes, SSH, chat calls, actions) is counted as it happens; what lives in the store (outbox,
 * approvals, incidents) is read once per scrape, so every replica reports the same shared state. A store that doesn't
 * answer leaves those gauges out of that scrape rather than failing it.
 */
public final class TriageMetrics {
    private static final Logger log = LoggerFactory.getLogger(TriageMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final InstantSource clock;
    private final Timer probeDuration;
    private final MultiGauge probeSuccess;
    private final MultiGauge probeSeconds;
    private final MultiGauge probeStatus;
    private final MultiGauge incidentsOpen;
    private final AtomicReference<ProbeStats> lastStats = new AtomicReference<>();
    private volatile Supplier<Optional<ProbeStats>> probing = Optional::empty;
    private volatile Database store;
    private final Store storeGauges = new Store();
    /** Each target's last probe, read at the last scrape: what the per-target gauges report. */
    private volatile Map<String, ProbeResult> lastResults = Map.of();
    /** The targets the per-target gauges are registered for (guarded by the refresh's lock). */
    private Set<String> gaugedTargets = Set.of();

    public TriageMetrics(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        probeDuration = Timer.builder("triage.probe.duration").description("How long each probe took, all targets")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        probeSuccess = MultiGauge.builder("probe_success").description("Whether the target's last probe succeeded (1) or not (0)")
                .register(registry);
        probeSeconds = MultiGauge.builder("probe_duration_seconds").description("How long the target's last probe took")
                .register(registry);
        probeStatus = MultiGauge.builder("probe_http_status_code").description("The HTTP status of the target's last probe (0: none)")
                .register(registry);
        incidentsOpen = MultiGauge.builder("triage.incidents.open").description("Open incidents by state").register(registry);
        Gauge.builder("triage.probe.scheduling.lag.p99", this, m -> seconds(m.stats().map(s -> s.lag().p99())))
                .description("p99 of how late probes started against their schedule").baseUnit("seconds").register(registry);
        Gauge.builder("triage.probe.scheduling.lag.max", this, m -> seconds(m.stats().map(s -> s.lag().max())))
                .description("The latest start of a recent probe against its schedule").baseUnit("seconds").register(registry);
        FunctionCounter.builder("triage.probes.skipped", this, m -> m.stats().map(s -> (double) s.skipped()).orElse(0d))
                .description("Probes not started: the previous one still ran, or their slot passed (this leader's term)")
                .register(registry);
        FunctionCounter.builder("triage.probes.late", this, m -> m.stats().map(s -> (double) s.lateProbes()).orElse(0d))
                .description("Probes that started later than the starvation threshold (this leader's term)").register(registry);
        Gauge.builder("triage.probes.in.flight", this, m -> m.stats().map(s -> (double) s.inFlight()).orElse(0d))
                .description("Probes running now").register(registry);
        Gauge.builder("triage.prober.starved", this, m -> m.stats().map(s -> s.starved() ? 1d : 0d).orElse(0d))
                .description("1 while the prober can't keep its schedule").register(registry);
        Gauge.builder("triage.outbox.depth", storeGauges, g -> g.outboxDepth).description("Messages not yet delivered")
                .register(registry);
        Gauge.builder("triage.outbox.oldest.age", storeGauges, g -> g.outboxOldestSeconds).baseUnit("seconds")
                .description("Age of the oldest message not yet delivered (0: none waiting)").register(registry);
        Gauge.builder("triage.approvals.pending", storeGauges, g -> g.approvalsPending)
                .description("Action requests waiting for a decision").register(registry);
    }

    // ---- probes

    /** {@code inner} with every probe's duration recorded: the prober's listener, as the leader runs it. */
    public ProbeListener observing(ProbeListener inner) {
        Objects.requireNonNull(inner, "inner");
        return new ProbeListener() {
            @Override
            public void onEvent(ProbeEvent event) {
                inner.onEvent(event);
            }

            @Override
            public void onStreak(String target, TargetHealth.Streak streak) {
                inner.onStreak(target, streak);
            }

            @Override
            public void onStats(ProbeStats stats) {
                inner.onStats(stats);
            }

            @Override
            public void onResult(ProbeResult result) {
                probeDuration.record(result.latency());
                inner.onResult(result);
            }
        };
    }

    /** Where the per-target gauges come from: the leader's prober while this replica leads, else nothing. */
    public void probing(Supplier<Optional<ProbeStats>> stats) {
        this.probing = Objects.requireNonNull(stats, "stats");
    }

    private Optional<ProbeStats> stats() {
        return Optional.ofNullable(lastStats.get());
    }

    // ---- the rest of the bot

    /** The store whose outbox, approvals and incidents are read at each scrape. */
    public void store(Database db) {
        this.store = Objects.requireNonNull(db, "db");
    }

    public void ssh(SshExecutor ssh) {
        FunctionCounter.builder("triage.ssh.handshakes", ssh, SshExecutor::handshakes)
                .description("SSH key exchanges completed").register(registry);
        FunctionCounter.builder("triage.ssh.connect.attempts", ssh, SshExecutor::connectAttempts)
                .description("SSH connections begun, refused host keys included").register(registry);
        FunctionCounter.builder("triage.ssh.execs", ssh, SshExecutor::execs)
                .description("Remote execs started (each starts the login shell)").register(registry);
        FunctionCounter.builder("triage.ssh.client.timeouts", ssh, SshExecutor::clientTimeouts)
                .description("Commands the client gave up on past their deadline").register(registry);
        Gauge.builder("triage.ssh.connections.open", ssh, SshExecutor::openConnections)
                .description("SSH connections open now").register(registry);
        ssh.onCommand(took -> registry.timer("triage.ssh.command.duration").record(took));
    }

    public void lease(LeaderLease lease) {
        Gauge.builder("triage.leader", lease, l -> l.leads() ? 1 : 0).description("1 while this replica leads").register(registry);
        Gauge.builder("triage.lease.epoch", lease, l -> l.term().map(t -> (double) t.epoch()).orElse(Double.NaN))
                .description("The lease epoch this replica leads under (absent while it follows)").register(registry);
    }

    /** {@code inner} with every finished action counted by action and outcome. */
    public Approvals.ActionObserver countingActions(Approvals.ActionObserver inner) {
        return new Approvals.ActionObserver() {
            @Override
            public void requested(Approval a) {
                inner.requested(a);
            }

            @Override
            public void decided(Approval a) {
                inner.decided(a);
            }

            @Override
            public void started(Approval a, ActionPlan plan) {
                inner.started(a, plan);
            }

            @Override
            public void finished(Approval a, ActionOutcome outcome) {
                actionFinished(a.actionId(), outcome.result().name());
                inner.finished(a, outcome);
            }
        };
    }

    public void actionFinished(String actionId, String outcome) {
        Counter.builder("triage.actions").description("Actions run, by outcome").tags("action", actionId, "outcome", outcome)
                .register(registry).increment();
    }

    /** Every attempt of a chat platform API call, by platform, method and result ({@code rate_limited} for a 429). */
    public void chatCall(String platform, String method, String result) {
        Counter.builder("triage.chat.api.calls").description("Chat platform API calls, each attempt")
                .tags("platform", platform, "method", method, "result", result).register(registry).increment();
    }

    // ---- the scrape

    /** Everything, in Prometheus's text format 0.0.4, read fresh. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private synchronized void refresh() {
        ProbeStats stats = probing.get().orElse(null);
        lastStats.set(stats);
        Map<String, ProbeResult> last = new java.util.HashMap<>();
        if (stats != null) {
            for (TargetProbeStats t : stats.targets()) {
                if (t.last() != null) {
                    last.put(t.target(), t.last());
                }
            }
        }
        lastResults = last;
        // The gauges read the latest results when written out; they are registered again only when the targets
        // change. Registering 30,000 of them on every scrape took 0.3-0.5 s of CPU at 10,000 targets.
        if (!last.keySet().equals(gaugedTargets)) {
            List<MultiGauge.Row<?>> success = new ArrayList<>();
            List<MultiGauge.Row<?>> seconds = new ArrayList<>();
            List<MultiGauge.Row<?>> status = new ArrayList<>();
            for (String target : new java.util.TreeSet<>(last.keySet())) {
                Tags tags = Tags.of("target", target);
                success.add(MultiGauge.Row.of(tags, this, m -> m.lastOf(target, r -> r.ok() ? 1 : 0)));
                seconds.add(MultiGauge.Row.of(tags, this, m -> m.lastOf(target, r -> r.latency().toNanos() / 1e9)));
                status.add(MultiGauge.Row.of(tags, this, m -> m.lastOf(target, ProbeResult::httpStatus)));
            }
            probeSuccess.register(success, true);
            probeSeconds.register(seconds, true);
            probeStatus.register(status, true);
            gaugedTargets = Set.copyOf(last.keySet());
        }
        Database db = store;
        if (db != null) {
            try {
                storeGauges.read(db, clock);
                List<MultiGauge.Row<?>> open = new ArrayList<>();
                storeGauges.incidentsByState.forEach((state, n) -> open.add(MultiGauge.Row.of(Tags.of("state", state), n)));
                incidentsOpen.register(open, true);
            } catch (RuntimeException e) {
                log.debug("metrics from the store skipped this scrape: {}", e.toString());
            }
        }
    }

    /** A figure of the target's last probe as of this scrape; NaN (left out) when it has none. */
    private double lastOf(String target, java.util.function.ToDoubleFunction<ProbeResult> figure) {
        ProbeResult r = lastResults.get(target);
        return r == null ? Double.NaN : figure.applyAsDouble(r);
    }

    private static double seconds(Optional<Duration> d) {
        return d.map(x -> x.toNanos() / 1e9).orElse(0d);
    }

    /** The shared state the store holds, read in one transaction per scrape. */
    private static final class Store {
        volatile double outboxDepth;
        volatile double outboxOldestSeconds;
        volatile double approvalsPending;
        volatile Map<String, Long> incidentsByState = Map.of();

        void read(Database db, InstantSource clock) {
            long now = clock.millis();
            db.transaction(c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'PENDING'");
                     ResultSet r = s.executeQuery()) {
                    r.next();
                    outboxDepth = r.getLong(1);
                    long oldest = r.getLong(2);
                    outboxOldestSeconds = r.wasNull() ? 0 : Math.max(0, (now - oldest) / 1000d);
                }
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM approvals WHERE status = 'PENDING'");
                     ResultSet r = s.executeQuery()) {
                    r.next();
                    approvalsPending = r.getLong(1);
                }
                Map<String, Long> byState = new TreeMap<>();
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT state, COUNT(*) FROM incidents WHERE state <> 'RESOLVED' GROUP BY state");
                     ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        byState.put(r.getString(1).toLowerCase(java.util.Locale.ROOT), r.getLong(2));
                    }
                }
                incidentsByState = byState;
                return null;
            });
        }
    }
}
