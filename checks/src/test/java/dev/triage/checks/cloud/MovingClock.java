package dev.triage.checks.cloud;

import dev.triage.time.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that only moves when a pause asks it to: actions wait without sleeping. */
public final class MovingClock implements InstantSource {
    private Instant now = Instant.parse("2026-01-05T03:00:00Z");

    @Override
    public synchronized Instant instant() {
        return now;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    public Sleeper pacer() {
        return this::advance;
    }
}
