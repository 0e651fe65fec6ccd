package dev.triage.bot.probe;

import dev.triage.bot.status.CheckCatalog;
import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.Status;
import dev.triage.config.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The production {@link ProbeRunner}: the probe's checks from the {@link CheckCatalog}, run by the
 * {@link CheckRunner}. A probe of one check (most are) runs it on the probe's own thread: the {@link Prober} holds the
 * probe's deadline from outside, so a hung check still ends as a failed probe rather than a probe that never ends, and
 * a second thread per probe (a start and a hand-back for every probe) was a tenth of the prober's CPU at 2,000 probes a
 * second. Several checks run side by side, each under the CheckRunner's own deadline. A probe fails on the first check
 * that says FAIL, else the first that could not run (ERROR): a probe that cannot see its target must not count as
 * up. A check that was skipped (e.g. {@code http-health} on a target without {@code base_url}) is a
 * failure too, since nothing was probed; config validation should refuse such a probe first.
 * A slow answer (WARN) is up, with its latency.
 */
public final class CheckProbeRunner implements ProbeRunner {
    private final CheckCatalog catalog;
    private final CheckRunner runner;
    private final InstantSource clock;

    public CheckProbeRunner(CheckCatalog catalog, CheckRunner runner, InstantSource clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ProbeResult probe(Target target, List<String> checkIds) {
        Instant at = clock.instant();
        List<Check> checks = catalog.expand(target, checkIds);
        List<CheckResult> results = checks.size() == 1
                ? List.of(runner.runOne(checks.get(0), target))
                : runner.runAll(target, checks);
        return fold(target.name(), at, results);
    }

    /** One probe result from its checks' results, in check order. */
    static ProbeResult fold(String target, Instant at, List<CheckResult> results) {
        Duration latency = results.stream().map(CheckResult::duration).max(Duration::compareTo).orElse(Duration.ZERO);
        CheckResult failing = first(results, Status.FAIL);
        if (failing == null) {
            failing = first(results, Status.ERROR);
        }
        if (failing == null && results.stream().allMatch(r -> r.status() == Status.SKIPPED)) {
            failing = results.isEmpty() ? CheckResult.skipped("probe", "no probe check configured") : results.get(0);
        }
        if (failing != null) {
            return ProbeResult.failed(target, at, latency, failing.checkId(), failing.summary(), failing.evidence())
                    .withHttpStatus(httpStatus(results));
        }
        return ProbeResult.ok(target, at, latency, results.get(0).summary()).withHttpStatus(httpStatus(results));
    }

    /** The status the first HTTP check got, 0 when none did (blackbox_exporter's probe_http_status_code). */
    private static int httpStatus(List<CheckResult> results) {
        for (CheckResult r : results) {
            String s = r.fact("http.status");
            if (s != null && s.length() == 3 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Integer.parseInt(s);
            }
        }
        return 0;
    }

    private static CheckResult first(List<CheckResult> results, Status status) {
        return results.stream().filter(r -> r.status() == status).findFirst().orElse(null);
    }
}
