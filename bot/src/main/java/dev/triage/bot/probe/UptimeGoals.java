package dev.triage.bot.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

    /**
     * One figure beside its goal.
     *
     * @param key   a stable name for machines ({@code uptime}, {@code response_time_p95}, …)
     * @param value the figure as people read it, or what is missing ("no recoveries")
     * @param met   whether the goal is met; empty when there is nothing to judge
     */
    public record Judged(String key, String name, String value, String goal, Optional<Boolean> met) {
        /** {@code met}, {@code missed} or {@code no data}: the verdict as a word. */
        public String verdict() {
            return met.map(m -> m ? "met" : "missed").orElse("no data");
        }
    }

    /** Every figure of the report beside its goal, in document 003's order (response time as p50 and p95; the goal is p95's). */
    public List<Judged> judge(UptimeReport r) {
        List<Judged> out = new ArrayList<>();
        out.add(new Judged("uptime", "Uptime", String.format(Locale.ROOT, "%.3f %%", r.uptimePercent()),
                strip(uptimePercent) + " %", Optional.of(r.uptimePercent() >= uptimePercent)));
        Optional<ResponseTimes> rt = r.response();
        out.add(new Judged("response_time_p50", "Response time p50", rt.map(t -> t.p50().toMillis() + " ms").orElse("no probe figures"),
                "— (the goal is p95's)", Optional.empty()));
        out.add(new Judged("response_time_p95", "Response time p95", rt.map(t -> t.p95().toMillis() + " ms").orElse("no probe figures"),
                "under " + responseTime.toMillis() + " ms", rt.map(t -> t.p95().compareTo(responseTime) <= 0)));
        out.add(new Judged("incidents", "Incidents", r.incidents() + (r.open() > 0 ? " (" + r.open() + " open)" : ""),
                "—", Optional.empty()));
        out.add(new Judged("time_to_recover_median", "Time to recover (median)",
                r.medianTimeToRecover().map(UptimeGoals::length).orElse("no recoveries"), length(timeToRecover),
                r.medianTimeToRecover().map(t -> t.compareTo(timeToRecover) <= 0)));
        out.add(new Judged("recovered_without_person", "Recovered without a person",
                r.shareWithoutPerson().map(s -> String.format(Locale.ROOT, "%.0f %% of %d", s * 100, r.recovered())).orElse("no recoveries"),
                String.format(Locale.ROOT, "%.0f %%", shareWithoutPerson * 100), r.shareWithoutPerson().map(s -> s >= shareWithoutPerson)));
        return out;
    }

    /** The goals the figures miss, one line each; empty when all are met (figures without data meet their goal). */
    public List<String> missed(UptimeReport report) {
        return missed(report, report.response().map(ResponseTimes::p95).orElse(null));
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

    private static String length(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        return (s / 3600) + " h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + " min");
    }

    private static String strip(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
