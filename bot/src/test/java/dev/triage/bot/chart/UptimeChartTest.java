package dev.triage.bot.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.probe.Outage;
import dev.triage.bot.probe.ProbePeriod;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

/**
 * The chart's data, not its pixels: the series, bands and marks JFreeChart draws, read back from the chart it renders and
 * compared with golden files under {@code src/test/resources/golden/charts}. After an intended change, rewrite them with
 * {@code -Dgolden.update=true} and review the diff.
 */
class UptimeChartTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/charts");
    private final Instant from = Instant.parse("2026-11-22T00:00:00Z");
    private final Instant to = from.plus(Duration.ofHours(4));
    private final UptimeChart chart = new UptimeChart();

    /**
     * Four hours, a minute a bucket: figures every minute, except half an hour the bot didn't run (NO DATA), and a
     * ten-minute outage (incident #7) whose p95 climbs to 2.4 s, then an outage still open at the window's end (#8).
     */
    private UptimeChartData fourHours() {
        List<ProbePeriod> periods = new ArrayList<>();
        for (int minute = 0; minute < 240; minute++) {
            if (minute > 60 && minute < 90) {
                continue;   // the bot was stopped
            }
            boolean down = minute >= 120 && minute < 130;
            long p50 = down ? 900 : 100 + (minute % 5) * 10;
            long p95 = down ? 2400 : 180 + (minute % 5) * 20;
            periods.add(new ProbePeriod(from.plus(Duration.ofMinutes(minute)).plusSeconds(30), down ? "DOWN" : "UP", minute * 2L,
                    down ? minute - 119 : 0, p50, p95));
        }
        List<UptimeChartData.NumberedOutage> outages = List.of(
                new UptimeChartData.NumberedOutage(6, new Outage(from.minus(Duration.ofHours(2)), from.minus(Duration.ofHours(1)), true)),
                new UptimeChartData.NumberedOutage(7, new Outage(from.plus(Duration.ofMinutes(120)), from.plus(Duration.ofMinutes(130)), false)),
                new UptimeChartData.NumberedOutage(8, Outage.open(from.plus(Duration.ofMinutes(235)))));
        return UptimeChartData.of("prod", from, to, periods, outages, 500);
    }

    @Test
    void fourHoursWithAGapAnOutageAndAnOpenOneDrawTheirSeriesBandsAndMarks() throws IOException {
        UptimeChartData data = fourHours();

        assertEquals(List.of(
                new UptimeChartData.Band(from, from.plus(Duration.ofSeconds(60 * 60 + 30)), UptimeChartData.State.UP),
                new UptimeChartData.Band(from.plus(Duration.ofSeconds(60 * 60 + 30)), from.plus(Duration.ofSeconds(90 * 60 + 30)),
                        UptimeChartData.State.NO_DATA),
                new UptimeChartData.Band(from.plus(Duration.ofSeconds(90 * 60 + 30)), from.plus(Duration.ofMinutes(120)), UptimeChartData.State.UP),
                new UptimeChartData.Band(from.plus(Duration.ofMinutes(120)), from.plus(Duration.ofMinutes(130)), UptimeChartData.State.DOWN),
                new UptimeChartData.Band(from.plus(Duration.ofMinutes(130)), from.plus(Duration.ofMinutes(235)), UptimeChartData.State.UP),
                new UptimeChartData.Band(from.plus(Duration.ofMinutes(235)), to, UptimeChartData.State.DOWN)), data.bands());
        assertEquals(List.of(new UptimeChartData.Mark(from.plus(Duration.ofMinutes(120)), 7),
                new UptimeChartData.Mark(from.plus(Duration.ofMinutes(235)), 8)), data.incidents(), "#6 began before the window");
        assertGolden("four-hours.txt", drawn(chart.chart(data)));
    }

    @Test
    void aLongWindowIsCutIntoBucketsWhoseP95IsTheirHighestSoASpikeStillShows() {
        Instant weekAgo = to.minus(Duration.ofDays(7));
        List<ProbePeriod> periods = new ArrayList<>();
        for (int minute = 0; minute < 7 * 24 * 60; minute++) {
            long p95 = minute == 5000 ? 3000L : 200L;
            periods.add(new ProbePeriod(weekAgo.plus(Duration.ofMinutes(minute)), "UP", minute, 0, 100L, p95));
        }
        UptimeChartData data = UptimeChartData.of("prod", weekAgo, to, periods, List.of(), 500);

        assertEquals(UptimeChartData.BUCKETS, data.p95().size());
        assertEquals(1, data.p95().stream().filter(p -> p.millis() == 3000).count(), "the spike's bucket");
        assertTrue(data.p50().stream().allMatch(p -> p.millis() == 100));
        assertEquals(List.of(new UptimeChartData.Band(weekAgo, to, UptimeChartData.State.UP)), data.bands());
    }

    @Test
    void noStoredMinutesIsOneNoDataBandAndNoLine() {
        UptimeChartData data = UptimeChartData.of("prod", from, to, List.of(), List.of(), 500);
        assertEquals(List.of(new UptimeChartData.Band(from, to, UptimeChartData.State.NO_DATA)), data.bands());
        assertTrue(data.p50().isEmpty());
        assertNotNull(chart.png(data), "an empty chart still draws");
    }

    @Test
    void thePngIsDrawnHeadlessAtItsSize() throws IOException {
        assertTrue(java.awt.GraphicsEnvironment.isHeadless(), "tests run as the bot does: java.awt.headless=true");
        byte[] png = chart.png(fourHours());
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(UptimeChart.WIDTH, image.getWidth());
        assertEquals(UptimeChart.HEIGHT, image.getHeight());
    }

    /** What JFreeChart was given to draw: each series point, each band and mark, the goal line. */
    static String drawn(JFreeChart c) {
        XYPlot plot = c.getXYPlot();
        StringBuilder out = new StringBuilder();
        XYDataset series = plot.getDataset();
        for (int s = 0; s < series.getSeriesCount(); s++) {
            out.append("series ").append(series.getSeriesKey(s)).append(" (").append(series.getItemCount(s)).append(" points)\n");
            for (int i = 0; i < series.getItemCount(s); i++) {
                out.append("  ").append(Instant.ofEpochMilli((long) series.getXValue(s, i))).append(' ')
                        .append((long) series.getYValue(s, i)).append('\n');
            }
        }
        for (Layer layer : List.of(Layer.BACKGROUND, Layer.FOREGROUND)) {
            var markers = plot.getDomainMarkers(layer);
            for (Object o : markers == null ? List.of() : markers) {
                out.append(describe(layer, (Marker) o)).append('\n');
            }
        }
        for (Object o : plot.getRangeMarkers(Layer.FOREGROUND)) {
            out.append(describe(Layer.FOREGROUND, (Marker) o)).append('\n');
        }
        out.append("range 0–").append((long) plot.getRangeAxis().getUpperBound()).append(" ms\n");
        return out.toString();
    }

    private static String describe(Layer layer, Marker m) {
        if (m instanceof IntervalMarker band) {
            String state = band.getPaint().equals(UptimeChart.DOWN) ? "DOWN" : band.getPaint().equals(UptimeChart.NO_DATA) ? "NO_DATA" : "?";
            return "band " + state + " " + Instant.ofEpochMilli((long) band.getStartValue()) + " – "
                    + Instant.ofEpochMilli((long) band.getEndValue()) + (m.getLabel() == null ? " (too narrow for its word)"
                    : " labelled " + m.getLabel());
        }
        ValueMarker v = (ValueMarker) m;
        return layer == Layer.FOREGROUND && v.getValue() > 1e12 ? "mark " + m.getLabel() + " " + Instant.ofEpochMilli((long) v.getValue())
                : "line " + m.getLabel() + " at " + (long) v.getValue();
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), "no golden file " + file + "; write it with -Dgolden.update=true and review it");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "the chart's data differs from " + file);
    }
}
