package dev.triage.bot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.triage.config.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's database through JDBC: an SQLite file by default, PostgreSQL for several replicas.
 *
 * <ul>
 *   <li>Connections come from HikariCP: validated before use, replaced when the server went away, and a
 *       borrow waits a bounded time ({@link #BORROW_WAIT}) — so a database that restarts or fails over
 *       is used again as soon as it answers.</li>
 *   <li>{@link #transaction} joins the transaction already open on this thread, so several stores' writes
 *       about one event commit together or not at all; {@link #afterCommit} runs once that happened.</li>
 *   <li>A failure because the database can't be reached is a {@link StoreUnavailableException}: the caller
 *       may retry the same work later. Other failures are {@link StoreException}s.</li>
 *   <li>A {@link Fence} given to a transaction is checked inside it, so a write that only the leader may
 *       make is refused once this process no longer holds the lease.</li>
 * </ul>
 * Errors name the database by URL, never with a password. The schema is migrated with Flyway on open.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Duration BORROW_WAIT = Duration.ofSeconds(3);
    private static final Duration SQLITE_BORROW_WAIT = Duration.ofSeconds(15);
    private static final int POSTGRES_CONNECTIONS = 8;

    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** The SQL that differs between the two databases Triage runs on. */
    public enum Dialect {
        // SQLite has one writer at a time, so MAX()+1 inside the writing transaction can't collide.
        SQLITE("CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)", "", "",
                "(SELECT COALESCE(MAX(number), 0) + 1 FROM incidents)", "(SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox)"),
        POSTGRES("CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)", " FOR SHARE", " FOR UPDATE",
                "nextval('incident_number')", "nextval('outbox_seq')");

        private final String now;
        private final String forShare;
        private final String forUpdate;
        private final String nextIncidentNumber;
        private final String nextOutboxSeq;

        Dialect(String now, String forShare, String forUpdate, String nextIncidentNumber, String nextOutboxSeq) {
            this.now = now;
            this.forShare = forShare;
            this.forUpdate = forUpdate;
            this.nextIncidentNumber = nextIncidentNumber;
            this.nextOutboxSeq = nextOutboxSeq;
        }

        /** The next incident number, as an SQL expression (a sequence on PostgreSQL). */
        public String nextIncidentNumber() {
            return nextIncidentNumber;
        }

        /** The next position in the outbox's global order, as an SQL expression. */
        public String nextOutboxSeq() {
            return nextOutboxSeq;
        }

        /** The database's own clock in epoch milliseconds, as an SQL expression. */
        public String now() {
            return now;
        }

        /** Appended to a SELECT to hold a shared row lock to the end of the transaction (SQLite: one writer anyway). */
        public String forShare() {
            return forShare;
        }

        /** Appended to a SELECT to hold an exclusive row lock to the end of the transaction. */
        public String forUpdate() {
            return forUpdate;
        }

        /** Whether {@code e} says a unique constraint refused the write. */
        public boolean uniqueViolation(SQLException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException s && ("23505".equals(s.getSQLState())
                        || (s.getMessage() != null && s.getMessage().contains("UNIQUE constraint failed")))) {
                    return true;
                }
            }
            return false;
        }
    }

    private final StoreSettings settings;
    private final Dialect dialect;
    private final HikariDataSource pool;
    private final SqliteLock lock;
    private final ThreadLocal<Tx> current = new ThreadLocal<>();

    /** The transaction open on a thread: its connection and what to run once it commits. */
    private static final class Tx {
        final Connection connection;
        final List<Runnable> afterCommit = new ArrayList<>();
        Fence fence;

        Tx(Connection connection) {
            this.connection = connection;
        }
    }

    private Database(StoreSettings settings, HikariDataSource pool, SqliteLock lock) {
        this.settings = settings;
        this.dialect = settings.isPostgres() ? Dialect.POSTGRES : Dialect.SQLITE;
        this.pool = pool;
        this.lock = lock;
    }

    /** Visible for tests: transactions over a pool the test made (e.g. one whose connections fail mid-transaction). */
    static Database over(StoreSettings settings, HikariDataSource pool) {
        return new Database(settings, pool, null);
    }

    /** Opens the database for a tool (validate, audit, a one-off action): SQLite may be shared with a running bot. */
    public static Database open(StoreSettings settings) throws StoreException {
        return open(settings, false, Duration.ofSeconds(30), InstantSource.system());
    }

    /**
     * Opens the database for a bot process. On SQLite this process must be the only bot on the file: a second
     * one is refused with a message that names PostgreSQL. On PostgreSQL a server that is not up yet is waited
     * for, up to {@code waitForServer}.
     */
    public static Database openForBot(StoreSettings settings, Duration waitForServer, InstantSource clock) throws StoreException {
        return open(settings, true, waitForServer, clock);
    }

    private static Database open(StoreSettings settings, boolean bot, Duration waitForServer, InstantSource clock) {
        SqliteLock lock = null;
        if (!settings.isPostgres()) {
            createFolder(settings.url());
            if (bot) {
                lock = SqliteLock.acquire(settings.url());
            }
        }
        HikariDataSource pool = null;
        try {
            pool = new HikariDataSource(poolConfig(settings));
            Database db = new Database(settings, pool, lock);
            db.migrate(waitForServer, clock);
            return db;
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            if (lock != null) {
                lock.close();
            }
            throw e instanceof StoreException se ? se
                    : new StoreException("could not open the store at " + settings.redactedUrl() + ": " + safeMessage(e), e);
        }
    }

    private static HikariConfig poolConfig(StoreSettings settings) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("triage-store");
        c.setJdbcUrl(settings.url());
        // Don't fail while the pool starts: open() waits for the server itself, with a clear message.
        c.setInitializationFailTimeout(-1);
        c.setValidationTimeout(1_000);
        if (settings.isPostgres()) {
            if (settings.user() != null) {
                c.setUsername(settings.user());
            }
            if (settings.password() != null) {
                c.setPassword(settings.password().reveal());
            }
            c.setMaximumPoolSize(POSTGRES_CONNECTIONS);
            c.setMinimumIdle(2);
            c.setConnectionTimeout(BORROW_WAIT.toMillis());
            c.setKeepaliveTime(Duration.ofSeconds(30).toMillis());
            c.setMaxLifetime(Duration.ofMinutes(10).toMillis());
            c.setIdleTimeout(Duration.ofMinutes(2).toMillis());
            // Bounded waits inside the driver too: a server that vanishes mid-query is noticed, not waited on forever.
            c.addDataSourceProperty("connectTimeout", "3");
            c.addDataSourceProperty("socketTimeout", "15");
            c.addDataSourceProperty("tcpKeepAlive", "true");
            c.addDataSourceProperty("ApplicationName", "triage");
        } else {
            // SQLite allows one writer: one connection, and WAL so a tool can read while the bot writes.
            c.setMaximumPoolSize(1);
            c.setConnectionTimeout(SQLITE_BORROW_WAIT.toMillis());
            c.addDataSourceProperty("journal_mode", "WAL");
            c.addDataSourceProperty("busy_timeout", "10000");
            c.addDataSourceProperty("foreign_keys", "true");
            // A transaction takes the write lock when it begins: one that read first and wrote later would otherwise
            // fail at once (SQLITE_BUSY, no waiting) when a tool on the same file wrote in between.
            c.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        }
        return c;
    }

    private void migrate(Duration waitForServer, InstantSource clock) {
        Instant deadline = clock.instant().plus(waitForServer);
        Instant nextNote = clock.instant();
        while (true) {
            try {
                Flyway.configure()
                        .dataSource(pool)
                        .locations("classpath:db/migration", "classpath:db/" + (settings.isPostgres() ? "postgresql" : "sqlite"))
                        .load()
                        .migrate();
                return;
            } catch (RuntimeException e) {
                if (!unavailable(e) || clock.instant().isAfter(deadline)) {
                    throw new StoreException("could not open the store at " + settings.redactedUrl() + ": " + safeMessage(e), e);
                }
                if (!clock.instant().isBefore(nextNote)) {
                    log.warn("the store at {} does not answer yet ({}); waiting for it", settings.redactedUrl(), safeMessage(e));
                    nextNote = clock.instant().plusSeconds(5);
                }
                sleep(Duration.ofMillis(500));
            }
        }
    }

    public String url() {
        return settings.redactedUrl();
    }

    public boolean isPostgres() {
        return settings.isPostgres();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Maps the current row of a result. */
    public interface Row<T> {
        T map(java.sql.ResultSet r) throws SQLException;
    }

    /** The rows {@code sql} selects with {@code args} bound (see {@link #bind}), in one transaction or the open one. */
    public <T> List<T> list(String sql, Row<T> row, Object... args) {
        return transaction(c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement(sql)) {
                Sql.bind(s, args);
                List<T> out = new ArrayList<>();
                try (java.sql.ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(row.map(r));
                    }
                }
                return out;
            }
        });
    }

    /** Runs one INSERT, UPDATE or DELETE with {@code args} bound (see {@link #bind}); the rows it changed. */
    public int update(String sql, Object... args) {
        return transaction(c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement(sql)) {
                Sql.bind(s, args);
                return s.executeUpdate();
            }
        });
    }

    /** Runs {@code work} in one transaction, or inside the one already open on this thread. */
    public <T> T transaction(Work<T> work) {
        return transaction(null, work);
    }

    /**
     * Runs {@code work} in one transaction that {@code fence} allows (checked inside it, before the work);
     * joins the transaction already open on this thread. A refused fence is a {@link FencedException}.
     */
    public <T> T transaction(Fence fence, Work<T> work) {
        Tx open = current.get();
        if (open != null) {
            try {
                if (fence != null && fence != Fence.NONE) {
                    fence.check(this, open.connection);
                    if (open.fence == null) {
                        open.fence = fence;
                    }
                }
                return work.apply(open.connection);
            } catch (SQLException e) {
                throw failure(e);
            }
        }
        if (fence != null && !fence.locallyValid()) {
            throw new FencedException(fence.describe() + " no longer holds; the write was not made");
        }
        List<Runnable> after;
        T result;
        try (Connection c = pool.getConnection()) {
            Tx tx = new Tx(c);
            current.set(tx);
            try {
                c.setAutoCommit(false);
                try {
                    if (fence != null && fence != Fence.NONE) {
                        fence.check(this, c);
                        tx.fence = fence;
                    }
                    result = work.apply(c);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    restoreAutoCommit(c);
                }
                after = tx.afterCommit;
            } finally {
                current.remove();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("an after-commit step failed", e);
            }
        }
        return result;
    }

    /** Runs {@code r} once the transaction open on this thread commits (at once when none is open). */
    public void afterCommit(Runnable r) {
        Tx open = current.get();
        if (open == null) {
            r.run();
        } else {
            open.afterCommit.add(r);
        }
    }

    /** Whether the transaction open on this thread writes under a leader's fence: it is the leader's own work. */
    public boolean fenced() {
        Tx open = current.get();
        return open != null && open.fence != null;
    }

    private StoreException failure(SQLException e) {
        String message = "store " + settings.redactedUrl() + ": " + safeMessage(e);
        if (unavailable(e)) {
            return new StoreUnavailableException(message, e);
        }
        return new StoreException(message, e);
    }

    /** Whether {@code e} (or what caused it) says the database could not be reached, rather than that the query was wrong. */
    public static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreUnavailableException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof java.net.ConnectException
                    || t instanceof java.net.SocketException || t instanceof java.io.EOFException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03") || state.equals("53300"))) {
                    return true;
                }
                String m = s.getMessage();
                if (m != null && (m.contains("SQLITE_BUSY") || m.contains("database is locked"))) {
                    return true;
                }
                if (s.getNextException() != null && unavailable(s.getNextException())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool drops it
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the pool drops it
        }
    }

    private static void createFolder(String url) {
        String path = sqlitePath(url);
        if (path == null) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("can't create the folder " + parent + " for the SQLite file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file of an SQLite URL, or null for an in-memory database or a {@code file:} URI. */
    static String sqlitePath(String url) {
        return new dev.triage.config.StoreSettings(url, null, null).sqlitePath().map(java.nio.file.Path::toString).orElse(null);
    }

    static String safeMessage(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store", e);
        }
    }

    @Override
    public void close() {
        pool.close();
        if (lock != null) {
            lock.close();
        }
    }
}
