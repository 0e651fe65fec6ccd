package dev.triage.bot.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Document 003's success figures, which {@code /backend uptime} measures a target against: 99.9 % uptime,
 * 500 ms response time, 5 min to recover, 90 % of recoveries without a person.
 *
 * @param responseTime the p95 probe latency should stay under this
 */
public record UptimeGoals(double uptimePercent, Duration responseTime, Duration timeToRecover, double shareWithoutPerson) {
    public static final UptimeGoals DOCUMENT_003 = new UptimeGoals(99.9, Duration.ofMillis(500), Duration.ofMinutes(5), 0.90);

    public UptimeGoals {
        if (uptimePercent <= 0 || uptimePercent > 100) {
            throw new IllegalArgumentException("uptime goal must be a percentage in (0, 100]: " + uptimePercent);
        }
        if (responseTime.isNegative() || responseTime.isZero()) {
            throw new IllegalArgumentException("response time goal must be positive: " + responseTime.toMillis() + " ms");
        }
        if (timeToRecover.isNegative() || timeToRecover.isZero()) {
            throw new IllegalArgumentException("time to recover goal must be positive: " + timeToRecover);
        }
        if (shareWithoutPerson < 0 || shareWithoutPerson > 1) {
            throw new IllegalArgumentException("share of recoveries without a person must be in [0, 1]: " + shareWithoutPerson);
        }
    }

    /** The goals the figures miss, one line each; empty when all are met (figures without data meet their goal). */
    public List<String> missed(UptimeReport report, Duration responseP95) {
        List<String> out = new ArrayList<>();
        if (report.uptimePercent() < uptimePercent) {
            out.add(String.format(Locale.ROOT, "uptime %.2f %% is under the goal of %s %%", report.uptimePercent(),
                    strip(uptimePercent)));
        }
        if (responseP95 != null && responseP95.compareTo(responseTime) > 0) {
            out.add("response time p95 " + responseP95.toMillis() + " ms is over the goal of " + responseTime.toMillis() + " ms");
        }
        report.medianTimeToRecover().filter(t -> t.compareTo(timeToRecover) > 0).ifPresent(t ->
                out.add("time to recover (median) " + t.toSeconds() + " s is over the goal of " + timeToRecover.toSeconds() + " s"));
        report.shareWithoutPerson().filter(s -> s < shareWithoutPerson).ifPresent(s ->
                out.add(String.format(Locale.ROOT, "%.0f %% of recoveries without a person is under the goal of %.0f %%",
                        s * 100, shareWithoutPerson * 100)));
        return out;
    }

    private static String strip(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
