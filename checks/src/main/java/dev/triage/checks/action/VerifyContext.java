package dev.triage.checks.action;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the verifications of one run share: when the command finished (so a step can say it passed
 * "at 2.1 s"), and notes taken before the command (e.g. the host's boot id before a reboot). One per run.
 */
public final class VerifyContext {

    private final InstantSource clock;
    private final Map<String, String> notes = new HashMap<>();
    private Instant commandFinished;

    VerifyContext(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.commandFinished = clock.instant();
    }

    void commandFinished(Instant at) {
        this.commandFinished = Objects.requireNonNull(at, "at");
    }

    /** How long ago the command finished. */
    public Duration sinceCommand() {
        return Duration.between(commandFinished, clock.instant());
    }

    public void note(String name, String value) {
        notes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    }

    public Optional<String> note(String name) {
        return Optional.ofNullable(notes.get(name));
    }
}
