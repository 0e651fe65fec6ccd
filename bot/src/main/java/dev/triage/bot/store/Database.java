package dev.triage.bot.store;

import dev.triage.config.StoreSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The bot's database through JDBC: an SQLite file by default, PostgreSQL for several replicas. Opens
 * a small bounded set of connections, migrates the schema with Flyway on start, and lends connections
 * one at a time. Errors name the database by URL, never with a password.
 */
public final class Database implements AutoCloseable {
    /** SQLite allows one writer; PostgreSQL gets a few connections for concurrent clicks. */
    private static final int POSTGRES_CONNECTIONS = 4;
    private static final Duration BORROW_WAIT = Duration.ofSeconds(10);

    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    private final StoreSettings settings;
    private final BlockingQueue<Connection> idle;
    private final int size;

    private Database(StoreSettings settings, int size) {
        this.settings = settings;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /** Opens the database, creating an SQLite file's folder if needed, and migrates it. */
    public static Database open(StoreSettings settings) throws StoreException {
        int size = settings.isPostgres() ? POSTGRES_CONNECTIONS : 1;
        Database db = new Database(settings, size);
        try {
            if (!settings.isPostgres()) {
                createFolder(settings.url());
            }
            for (int i = 0; i < size; i++) {
                db.idle.add(db.connect());
            }
            Flyway.configure()
                    .dataSource(db.dataSource())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            return db;
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new StoreException("could not open the store at " + settings.url() + ": " + safeMessage(e), e);
        }
    }

    public String url() {
        return settings.url();
    }

    public boolean isPostgres() {
        return settings.isPostgres();
    }

    /** Runs {@code work} on a borrowed connection in one transaction. */
    public <T> T transaction(Work<T> work) {
        Connection c = borrow();
        try {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store " + settings.url() + ": " + safeMessage(e), e);
        } finally {
            giveBack(c);
        }
    }

    private Connection borrow() {
        try {
            Connection c = idle.poll(BORROW_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (c == null) {
                throw new StoreException("store " + settings.url() + ": no free connection within " + BORROW_WAIT.toSeconds() + " s", null);
            }
            if (!c.isValid(2)) {
                closeQuietly(c);
                c = connect();
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store", e);
        } catch (SQLException e) {
            throw new StoreException("could not reconnect to the store at " + settings.url() + ": " + safeMessage(e), e);
        }
    }

    private void giveBack(Connection c) {
        if (!idle.offer(c)) {
            closeQuietly(c);
        }
    }

    private Connection connect() throws SQLException {
        Connection c = settings.user() == null
                ? DriverManager.getConnection(settings.url())
                : DriverManager.getConnection(settings.url(), settings.user(),
                settings.password() == null ? null : settings.password().reveal());
        if (!settings.isPostgres()) {
            try (Statement s = c.createStatement()) {
                // WAL lets a second bot process read while one writes; busy_timeout waits instead of failing.
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA foreign_keys=ON");
            }
        }
        return c;
    }

    /** A DataSource over the pool, for Flyway. */
    private DataSource dataSource() {
        return new DataSource() {
            @Override
            public Connection getConnection() {
                Connection c = borrow();
                return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("close")) {
                                giveBack(c);
                                return null;
                            }
                            try {
                                return method.invoke(c, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public Connection getConnection(String username, String password) {
                return getConnection();
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }

    private static void createFolder(String url) throws SQLException {
        String path = url.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SQLException("can't create the folder " + parent + " for the SQLite file", e);
        }
    }

    private static String safeMessage(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing more to do
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

}
