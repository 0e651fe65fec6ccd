package dev.triage.bot.chart;

import dev.triage.bot.probe.Outage;
import dev.triage.bot.probe.ProbePeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an uptime chart shows, as data (the golden tests compare this, and the series the renderer builds from it, not
 * pixels): response time p50 and p95 per bucket of the window, the window cut into UP, DOWN and NO DATA bands, and each
 * incident marked where it began.
 *
 * <p>The window is cut into {@link #BUCKETS} buckets (7 days: 42 min each; 30 days: 3 h). A bucket's p50 is the mean of
 * its stored periods' p50s, its p95 their highest p95, so a short spike still shows; a bucket without periods has no
 * point (the line breaks). DOWN comes from the incidents (first failed probe to first good one), NO DATA from stretches
 * without stored periods longer than {@link #GAP} (the bot wasn't probing), UP is the rest.
 */
public record UptimeChartData(String target, Instant from, Instant to, List<Point> p50, List<Point> p95, List<Band> bands,
                              List<Mark> incidents, long goalMillis) {
    public static final int BUCKETS = 240;
    /** No stored period for longer than this: the bot wasn't probing, and the chart says NO DATA there. */
    public static final Duration GAP = Duration.ofMinutes(5);

    public UptimeChartData {
        Objects.requireNonNull(target, "target");
        p50 = List.copyOf(p50);
        p95 = List.copyOf(p95);
        bands = List.copyOf(bands);
        incidents = List.copyOf(incidents);
    }

    /** A bucket's figure, at the bucket's middle. */
    public record Point(Instant at, long millis) {
    }

    public enum State { UP, DOWN, NO_DATA }

    public record Band(Instant from, Instant to, State state) {
    }

    /** An incident: its number and when the target went down. */
    public record Mark(Instant at, int number) {
    }

    /** An outage with its incident's number, as the chart marks it. */
    public record NumberedOutage(int number, Outage outage) {
    }

    /**
     * @param periods   the target's stored periods in the window, oldest first
     * @param outages   its incidents overlapping the window
     * @param goalMillis document 003's response time goal, drawn as a line
     */
    public static UptimeChartData of(String target, Instant from, Instant to, List<ProbePeriod> periods,
                                     List<NumberedOutage> outages, long goalMillis) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("chart window must start before it ends: " + from + " to " + to);
        }
        Duration bucket = Duration.between(from, to).dividedBy(BUCKETS);
        List<Point> p50 = new ArrayList<>();
        List<Point> p95 = new ArrayList<>();
        int i = 0;
        for (int b = 0; b < BUCKETS; b++) {
            Instant start = from.plus(bucket.multipliedBy(b));
            Instant end = b == BUCKETS - 1 ? to : start.plus(bucket);
            long sum = 0;
            int n = 0;
            long max = -1;
            while (i < periods.size() && periods.get(i).at().isBefore(end)) {
                ProbePeriod p = periods.get(i++);
                if (p.at().isBefore(start) || p.p50Millis() == null || p.p95Millis() == null) {
                    continue;
                }
                sum += p.p50Millis();
                n++;
                max = Math.max(max, p.p95Millis());
            }
            if (b == BUCKETS - 1) {   // a period stamped exactly at the window's end
                while (i < periods.size() && !periods.get(i).at().isAfter(to)) {
                    ProbePeriod p = periods.get(i++);
                    if (p.p50Millis() != null && p.p95Millis() != null) {
                        sum += p.p50Millis();
                        n++;
                        max = Math.max(max, p.p95Millis());
                    }
                }
            }
            if (n > 0) {
                Instant middle = start.plus(Duration.between(start, end).dividedBy(2));
                p50.add(new Point(middle, Math.round((double) sum / n)));
                p95.add(new Point(middle, max));
            }
        }
        List<Mark> marks = new ArrayList<>();
        List<Band> down = new ArrayList<>();
        for (NumberedOutage o : outages) {
            Instant s = o.outage().start();
            Instant e = o.outage().isOpen() ? to : o.outage().end();
            if (!s.isBefore(to) || !e.isAfter(from)) {
                continue;
            }
            if (!s.isBefore(from)) {
                marks.add(new Mark(s, o.number()));
            }
            Instant cs = s.isBefore(from) ? from : s;
            Instant ce = e.isAfter(to) ? to : e;
            if (ce.isAfter(cs)) {
                down.add(new Band(cs, ce, State.DOWN));
            }
        }
        return new UptimeChartData(target, from, to, p50, p95, bands(from, to, periods, down), marks, goalMillis);
    }

    /** The window as consecutive bands: DOWN where an outage was, else NO DATA where no periods were stored, else UP. */
    private static List<Band> bands(Instant from, Instant to, List<ProbePeriod> periods, List<Band> down) {
        // The stretches without data: before the first period, between periods further apart than GAP, after the last.
        List<Band> gaps = new ArrayList<>();
        Instant last = null;
        for (ProbePeriod p : periods) {
            Instant seen = p.at();
            Instant gapFrom = last == null ? from : last;
            if (Duration.between(gapFrom, seen).compareTo(GAP) > 0) {
                gaps.add(new Band(gapFrom, seen, State.NO_DATA));
            }
            last = seen;
        }
        Instant tail = last == null ? from : last;
        if (Duration.between(tail, to).compareTo(GAP) > 0) {
            gaps.add(new Band(tail, to, State.NO_DATA));
        }
        // Cut the window at every edge, and give each piece its state: DOWN wins over NO DATA wins over UP.
        java.util.TreeSet<Instant> cuts = new java.util.TreeSet<>(List.of(from, to));
        for (Band b : down) {
            cuts.add(b.from());
            cuts.add(b.to());
        }
        for (Band b : gaps) {
            cuts.add(b.from());
            cuts.add(b.to());
        }
        List<Band> out = new ArrayList<>();
        Instant prev = null;
        for (Instant cut : cuts) {
            if (prev != null) {
                Instant mid = prev.plus(Duration.between(prev, cut).dividedBy(2));
                State s = covers(down, mid) ? State.DOWN : covers(gaps, mid) ? State.NO_DATA : State.UP;
                if (!out.isEmpty() && out.getLast().state() == s) {
                    out.set(out.size() - 1, new Band(out.getLast().from(), cut, s));
                } else {
                    out.add(new Band(prev, cut, s));
                }
            }
            prev = cut;
        }
        return out;
    }

    private static boolean covers(List<Band> bands, Instant at) {
        for (Band b : bands) {
            if (!at.isBefore(b.from()) && at.isBefore(b.to())) {
                return true;
            }
        }
        return false;
    }
}
