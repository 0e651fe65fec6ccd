package dev.triage.config;

/**
 * Where state lives: an SQLite file by default, PostgreSQL when several replicas share the work.
 *
 * @param url      a JDBC URL: {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://HOST:PORT/DB}
 * @param password may be null (SQLite, or PostgreSQL with other authentication)
 */
public record StoreSettings(String url, String user, Secret password) {
    public static final String DEFAULT_URL = "jdbc:sqlite:triage-data/triage.db";

    public static StoreSettings defaults() {
        return new StoreSettings(DEFAULT_URL, null, null);
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The file of an SQLite store; empty for PostgreSQL, an in-memory database or a {@code file:} URI. */
    public java.util.Optional<java.nio.file.Path> sqlitePath() {
        if (!url.startsWith("jdbc:sqlite:")) {
            return java.util.Optional.empty();
        }
        String path = url.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file:")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.nio.file.Path.of(path));
    }

    /** The URL as logs and messages show it: a password or user info in it is removed by the {@link Redactor}'s rules. */
    public String redactedUrl() {
        return new Redactor().redact(url);
    }

    @Override
    public String toString() {
        return "StoreSettings[url=" + redactedUrl() + ", user=" + user + "]";
    }
}
