package dev.triage.bot.store;

import dev.triage.config.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh, empty stores for the tests that must hold on both databases Triage runs on: an SQLite file, or a new
 * database on one throwaway PostgreSQL server per test JVM (started on first use, stopped when the JVM ends).
 */
public final class TestStores {
    public static final String SQLITE = "sqlite";
    public static final String POSTGRESQL = "postgresql";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static LocalPostgres postgres;

    private TestStores() {
    }

    /** A new empty store of {@code kind} ({@link #SQLITE} or {@link #POSTGRESQL}). */
    public static StoreSettings fresh(String kind) {
        try {
            if (kind.equals(POSTGRESQL)) {
                return server().newDatabase("test_" + DATABASES.incrementAndGet());
            }
            Path file = Files.createTempFile("triage-test-", ".db");
            file.toFile().deleteOnExit();
            return new StoreSettings("jdbc:sqlite:" + file, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a PostgreSQL database for a test", e);
        }
    }

    /** The shared PostgreSQL server of this JVM. */
    public static synchronized LocalPostgres server() {
        if (postgres == null) {
            try {
                postgres = LocalPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LocalPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // the JVM is ending; the temp folder goes with the machine's cleanup
                }
            }));
        }
        return postgres;
    }
}
