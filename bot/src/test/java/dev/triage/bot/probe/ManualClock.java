package dev.triage.bot.probe;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when a test moves it. */
final class ManualClock implements InstantSource {
    private volatile Instant now;

    ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    void set(Instant at) {
        now = at;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }
}
