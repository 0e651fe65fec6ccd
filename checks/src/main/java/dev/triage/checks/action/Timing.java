package dev.triage.checks.action;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them on an approval card: {@code 2.1 s}, {@code 30 s}, {@code 5 min}. */
final class Timing {

    private Timing() {
    }

    /** One decimal: {@code 6.2 s}. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** A configured limit: {@code 30 s}, {@code 5 min}, {@code 500 ms}. */
    static String limit(Duration d) {
        if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        long s = d.toSeconds();
        return s % 60 == 0 && s >= 120 ? s / 60 + " min" : s + " s";
    }
}
