package dev.triage.checks.cloud;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Turns cloud API failures into results, and keeps secrets out of every line shown. */
public final class CloudResults {
    private CloudResults() {
    }

    /** An ERROR result for a call that failed, finished at {@code at} by the check's own clock, with the failure's kind as the {@code cloud.failure} fact. */
    public static CheckResult error(String checkId, CloudApiException e, Duration took) {
        return CheckResult.of(checkId, Status.ERROR, e.getMessage(), List.of())
                .withDuration(took)
                .withFacts(Map.of("cloud.failure", e.failure().name()));
    }

    /** {@code text} with every secret's value replaced by where it came from. */
    public static String scrub(String text, Secret... secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Secret s : secrets) {
            if (s != null && !s.isBlank()) {
                out = out.replace(s.reveal(), s.toString());
            }
        }
        return out;
    }

    /** The first line of {@code text}, at most {@code max} characters. */
    public static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > max ? line.substring(0, max) + "…" : line;
    }
}
