package dev.triage.checks.cloud.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a container's log stands in its setup: document 004's container installed curl and unzip with
 * apt-get, downloaded and unzipped the AWS CLI (59 MB), copied its code from S3 and ran pip before the app
 * started — and the log "stopped at the AWS CLI installation". A setup marker is part of a line such a step
 * prints; the log is <em>in setup</em> when its last setup line has no ready line after it. Pure functions.
 */
final class SetupSteps {

    /** One line of a log, with the time CloudWatch gives it. */
    record LogLine(Instant at, String text) {
        LogLine {
            Objects.requireNonNull(at, "at");
            text = text == null ? "" : text.stripTrailing();
        }
    }

    /** A setup marker: a case-insensitive part of a line, and what the step is called in messages. */
    record Marker(String text, String label) {
        Marker {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("a setup marker can't be empty");
            }
            label = label == null ? "\"" + text + "\"" : label;
        }

        boolean matches(String line) {
            return line.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The lines document 004's setup prints: apt-get, curl, unzip, the AWS CLI's installer, aws s3 cp/sync,
     * pip. A line takes the first marker it matches, so the more particular ones come first.
     */
    static final List<Marker> DEFAULTS = List.of(
            new Marker("You can now run: /usr/local/bin/aws", "the AWS CLI install"),
            new Marker("aws/install", "the AWS CLI install"),
            new Marker("inflating: ", "an unzip"),
            new Marker("download: s3://", "an S3 download"),
            new Marker("% Total    % Received", "a download (curl)"),
            new Marker("awscli", "the AWS CLI download"),
            new Marker("Reading package lists", "apt-get"),
            new Marker("Unpacking ", "apt-get"),
            new Marker("Collecting ", "pip install"),
            new Marker("Installing collected packages", "pip install"),
            new Marker("Downloading ", "a download (pip)"));

    /** The configured markers (each its own label), or the defaults when none are configured. */
    static List<Marker> of(List<String> configured) {
        return configured == null || configured.isEmpty() ? DEFAULTS
                : configured.stream().map(t -> new Marker(t, null)).toList();
    }

    /**
     * The setup step the log ends in: its last setup line, with no ready line after it. Without a ready
     * marker nothing says when setup ended, so only a log whose very last line is a setup line counts.
     *
     * @param lines oldest first
     */
    static Optional<Step> pending(List<LogLine> lines, List<Marker> markers, String readyMarker) {
        boolean ready = readyMarker != null && !readyMarker.isBlank();
        int setupAt = -1;
        Marker marker = null;
        int readyAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).text();
            if (ready && text.contains(readyMarker)) {
                readyAt = i;
            }
            for (Marker m : markers) {
                if (m.matches(text)) {
                    setupAt = i;
                    marker = m;
                    break;
                }
            }
        }
        if (setupAt < 0 || readyAt > setupAt || (!ready && setupAt != lines.size() - 1)) {
            return Optional.empty();
        }
        return Optional.of(new Step(marker.label(), lines.get(setupAt), lines.get(lines.size() - 1).at()));
    }

    /**
     * A setup step the log ends in.
     *
     * @param label      what the step is, e.g. {@code the AWS CLI install}
     * @param line       its last setup line
     * @param lastLineAt when the log's last line (of any kind) was written
     */
    record Step(String label, LogLine line, Instant lastLineAt) {
        /** How long the log has been silent at {@code now}. */
        Duration silentFor(Instant now) {
            Duration d = Duration.between(lastLineAt, now);
            return d.isNegative() ? Duration.ZERO : d;
        }
    }
}
