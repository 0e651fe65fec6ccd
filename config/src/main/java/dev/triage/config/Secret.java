package dev.triage.config;

import java.util.Objects;

/**
 * A value that must never be shown: tokens, keys, passwords. {@link #toString()} is redacted so a
 * secret that slips into a log line, an exception or a chat message shows only where it came from.
 */
public final class Secret {
    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = Objects.requireNonNull(value, "value");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** @param origin where the value came from, e.g. {@code adapters.slack.bot_token} — shown instead of the value. */
    public static Secret of(String value, String origin) {
        return new Secret(value, origin);
    }

    /** The secret itself: only for handing to the library that needs it. */
    public String reveal() {
        return value;
    }

    public String origin() {
        return origin;
    }

    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public String toString() {
        return "<secret " + origin + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
