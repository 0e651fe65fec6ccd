package dev.triage.checks.action;

import dev.triage.time.Sleeper;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when a verification pauses: 30 s of polling take no real time. */
final class SteppingClock implements InstantSource, Sleeper {

    private Instant now = Instant.parse("2026-03-01T03:15:00Z");
    private final List<Duration> pauses = new ArrayList<>();

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration pause) {
        pauses.add(pause);
        now = now.plus(pause);
    }

    synchronized List<Duration> pauses() {
        return List.copyOf(pauses);
    }
}
