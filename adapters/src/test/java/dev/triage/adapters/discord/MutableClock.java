package dev.triage.adapters.discord;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that starts at the real now (interaction snowflakes carry real time) and moves only when told. */
final class MutableClock implements InstantSource {
    private Instant now = Instant.now();

    @Override
    public synchronized Instant instant() {
        return now;
    }

    synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }
}
