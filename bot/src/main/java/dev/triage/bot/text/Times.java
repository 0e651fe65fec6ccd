package dev.triage.bot.text;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as on-call people read them: relative and absolute ("2 min ago, 03:12 UTC"), durations in words. */
public final class Times {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String utc(Instant at) {
        return CLOCK.format(at) + " UTC";
    }

    public static String utcShort(Instant at) {
        return HOUR_MINUTE.format(at) + " UTC";
    }

    /** "3 s", "4 min 12 s", "2 h 5 min", "3 d 4 h". */
    public static String length(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        if (s < 86400) return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + " min");
        return (s / 86400) + " d" + ((s % 86400) / 3600 == 0 ? "" : " " + (s % 86400) / 3600 + " h");
    }

    /** "just now", "2 min ago, 03:12 UTC". */
    public static String ago(Instant at, Instant now) {
        Duration d = Duration.between(at, now);
        if (d.toSeconds() < 10) return "just now, " + utcShort(at);
        return length(d) + " ago, " + utcShort(at);
    }

    /** "412 ms" under ten seconds, else "12.3 s". */
    public static String millis(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
