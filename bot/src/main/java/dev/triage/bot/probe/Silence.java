package dev.triage.bot.probe;

import java.time.Instant;
import java.util.Objects;

/** A target's alerts held back until {@code until}: its state is still tracked, nobody is paged. */
public record Silence(Instant until, String reason) {
    public Silence {
        Objects.requireNonNull(until, "until");
        reason = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }
}
