package dev.triage.bot.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Uptime and recovery figures of one target over a window, from its outages. Pure: the outages come from
 * the store (WentDown/WentUp transitions), {@code to} is usually now.
 */
public final class UptimeCalculator {

    public UptimeReport calculate(List<Outage> outages, Instant from, Instant to) {
        return calculate(outages, List.of(), from, to);
    }

    /** With the target's stored stats periods within the window (oldest first), for its response time. */
    public UptimeReport calculate(List<Outage> outages, List<ProbePeriod> periods, Instant from, Instant to) {
        Objects.requireNonNull(outages, "outages");
        Objects.requireNonNull(periods, "periods");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("uptime window must start before it ends: " + from + " to " + to);
        }
        List<Instant[]> clipped = new ArrayList<>();
        List<Duration> recoveries = new ArrayList<>();
        int incidents = 0;
        int open = 0;
        int withoutPerson = 0;
        for (Outage o : outages) {
            Instant end = o.isOpen() ? to : o.end();
            boolean overlaps = o.start().isBefore(to) && (end.isAfter(from) || !o.start().isBefore(from));
            if (!overlaps) {
                continue;
            }
            incidents++;
            if (o.isOpen()) {
                open++;
            }
            Instant s = o.start().isBefore(from) ? from : o.start();
            Instant e = end.isAfter(to) ? to : end;
            if (e.isAfter(s)) {
                clipped.add(new Instant[] {s, e});
            }
            if (!o.isOpen() && o.end().isAfter(from) && !o.end().isAfter(to)) {
                recoveries.add(Duration.between(o.start(), o.end()));
                if (!o.personActed()) {
                    withoutPerson++;
                }
            }
        }
        Duration downtime = union(clipped);
        Duration window = Duration.between(from, to);
        double uptime = 100.0 * (1.0 - (double) downtime.toNanos() / window.toNanos());
        return new UptimeReport(from, to, downtime, uptime, incidents, open, recoveries.size(), median(recoveries),
                recoveries.isEmpty() ? Optional.empty() : Optional.of((double) withoutPerson / recoveries.size()),
                ResponseTimes.of(periods));
    }

    /** Total length covered by the intervals, overlaps counted once. */
    private static Duration union(List<Instant[]> intervals) {
        intervals.sort(Comparator.comparing(i -> i[0]));
        Duration total = Duration.ZERO;
        Instant curStart = null;
        Instant curEnd = null;
        for (Instant[] i : intervals) {
            if (curEnd == null || i[0].isAfter(curEnd)) {
                if (curEnd != null) {
                    total = total.plus(Duration.between(curStart, curEnd));
                }
                curStart = i[0];
                curEnd = i[1];
            } else if (i[1].isAfter(curEnd)) {
                curEnd = i[1];
            }
        }
        return curEnd == null ? total : total.plus(Duration.between(curStart, curEnd));
    }

    private static Optional<Duration> median(List<Duration> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return Optional.of(n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2));
    }
}
