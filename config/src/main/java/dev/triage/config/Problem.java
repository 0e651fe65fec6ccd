package dev.triage.config;

import java.util.Objects;

/** One thing wrong with a configuration: where it is and what is wrong, e.g. {@code targets[1].port: must be 1..65535 (got 70000)}. */
public record Problem(String path, String message) {
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
