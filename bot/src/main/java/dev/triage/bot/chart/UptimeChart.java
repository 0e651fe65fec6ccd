package dev.triage.bot.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * An uptime chart as a PNG, drawn in the process with JFreeChart (headless: {@code java.awt.headless=true}, fonts from
 * fontconfig): response time p50 and p95 over the window, DOWN bands in red and NO DATA bands in grey behind them, each
 * incident marked at its start ({@code #42}), and the response time goal as a dashed line. Every band is named in the
 * legend text too, not only by its colour.
 */
public final class UptimeChart {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 360;
    static final String P50 = "p50";
    static final String P95 = "p95";
    static final Color DOWN = new Color(220, 50, 47, 90);
    static final Color NO_DATA = new Color(128, 128, 128, 60);

    /** The chart JFreeChart draws: its datasets and markers are what the golden tests read. */
    public JFreeChart chart(UptimeChartData d) {
        TimeSeries p50 = new TimeSeries(P50);
        d.p50().forEach(p -> p50.add(new FixedMillisecond(p.at().toEpochMilli()), p.millis()));
        TimeSeries p95 = new TimeSeries(P95);
        d.p95().forEach(p -> p95.add(new FixedMillisecond(p.at().toEpochMilli()), p.millis()));
        TimeSeriesCollection series = new TimeSeriesCollection();
        series.addSeries(p50);
        series.addSeries(p95);

        DateAxis time = new DateAxis("UTC");
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        time.setRange(new Date(d.from().toEpochMilli()), new Date(d.to().toEpochMilli()));
        NumberAxis millis = new NumberAxis("response time (ms)");
        millis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        lines.setSeriesPaint(0, new Color(38, 139, 210));
        lines.setSeriesPaint(1, new Color(203, 75, 22));
        lines.setSeriesStroke(0, new BasicStroke(1.5f));
        lines.setSeriesStroke(1, new BasicStroke(1.5f));
        XYPlot plot = new XYPlot(series, time, millis, lines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));

        for (UptimeChartData.Band b : d.bands()) {
            if (b.state() == UptimeChartData.State.UP) {
                continue;
            }
            IntervalMarker band = new IntervalMarker(b.from().toEpochMilli(), b.to().toEpochMilli(),
                    b.state() == UptimeChartData.State.DOWN ? DOWN : NO_DATA);
            if (Duration.between(b.from(), b.to()).multipliedBy(25).compareTo(Duration.between(d.from(), d.to())) >= 0) {
                band.setLabel(b.state() == UptimeChartData.State.DOWN ? "DOWN" : "no data");   // wide enough to hold its word
            }
            band.setLabelAnchor(RectangleAnchor.BOTTOM);
            band.setLabelTextAnchor(TextAnchor.BOTTOM_CENTER);
            plot.addDomainMarker(band, Layer.BACKGROUND);
        }
        for (UptimeChartData.Mark m : d.incidents()) {
            ValueMarker mark = new ValueMarker(m.at().toEpochMilli(), new Color(220, 50, 47), new BasicStroke(1.2f));
            mark.setLabel("#" + m.number());
            mark.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            mark.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(mark, Layer.FOREGROUND);
        }
        ValueMarker goal = new ValueMarker(d.goalMillis(), new Color(133, 153, 0), new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        goal.setLabel("goal " + d.goalMillis() + " ms");
        goal.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        goal.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(goal);
        millis.setRange(0, Math.max(d.goalMillis() * 1.2, maxOf(d) * 1.1));   // the goal line always in sight

        JFreeChart chart = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(d.target() + " — response time p50 and p95; red: DOWN, grey: no data, #N: incidents",
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        return chart;
    }

    /** The chart as PNG bytes, {@link #WIDTH} × {@link #HEIGHT}. */
    public byte[] png(UptimeChartData d) {
        BufferedImage image = chart(d).createBufferedImage(WIDTH, HEIGHT);
        try {
            return ChartUtils.encodeAsPNG(image);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart of " + d.target() + " as PNG", e);
        }
    }

    private static long maxOf(UptimeChartData d) {
        return d.p95().stream().mapToLong(UptimeChartData.Point::millis).max().orElse(0);
    }

    /** {@code uptime-prod-7d-20261201T1745Z.png}: a file name that says what the chart is. */
    public static String fileName(String target, String window, Instant to) {
        String safe = target.replaceAll("[^A-Za-z0-9._-]", "_");
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(java.time.ZoneOffset.UTC).format(to);
        return "uptime-" + safe + "-" + window + "-" + stamp + ".png";
    }
}
