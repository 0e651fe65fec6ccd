package dev.triage.config;

/** Where a value that must never be shown is reported when Triage comes across it (an env file's secret, say). */
@FunctionalInterface
public interface SecretSink {
    SecretSink NONE = value -> { };

    void seen(String value);
}
