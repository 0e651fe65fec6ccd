package dev.triage.config;

import java.nio.file.Path;

/**
 * How the {@code tls} check judges an {@code https://} target's certificate.
 *
 * @param warnDays WARN when the earliest expiry in the chain is closer than this many days (default 14)
 * @param caFile   PEM file of the CA certificates to trust instead of the JVM's trust store (a private CA); null for the JVM's
 */
public record TlsSettings(int warnDays, Path caFile) {
    public static final int DEFAULT_WARN_DAYS = 14;
    public static final TlsSettings DEFAULT = new TlsSettings(DEFAULT_WARN_DAYS, null);

    public TlsSettings {
        if (warnDays < 0) {
            throw new IllegalArgumentException("warn_days must be 0 or more: " + warnDays);
        }
    }
}
