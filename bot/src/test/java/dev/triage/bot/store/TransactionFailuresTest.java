package dev.triage.bot.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.zaxxer.hikari.HikariDataSource;
import dev.triage.config.StoreSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * What a real PostgreSQL can't be made to do on cue — a connection that breaks between the last statement and the
 * commit, or one whose rollback fails too — with Mockito: the work is reported as the store being unavailable (the
 * caller retries it), the transaction is rolled back, and nothing meant for after the commit runs.
 */
class TransactionFailuresTest {
    private static final StoreSettings POSTGRES = new StoreSettings("jdbc:postgresql://127.0.0.1:5432/triage", "triage", null);

    @Test
    void aConnectionLostAtCommitIsUnavailableRollsBackAndRunsNothingAfterCommit() throws Exception {
        Connection c = mock(Connection.class);
        PreparedStatement insert = mock(PreparedStatement.class);
        when(c.prepareStatement("INSERT INTO outbox (id) VALUES (?)")).thenReturn(insert);
        doThrow(new SQLException("An I/O error occurred while sending to the backend.", "08006")).when(c).commit();
        HikariDataSource pool = mock(HikariDataSource.class);
        when(pool.getConnection()).thenReturn(c);
        Database db = Database.over(POSTGRES, pool);
        AtomicBoolean told = new AtomicBoolean();

        StoreException e = assertThrows(StoreException.class, () -> db.transaction(conn -> {
            try (PreparedStatement s = conn.prepareStatement("INSERT INTO outbox (id) VALUES (?)")) {
                s.setString(1, "x");
                s.executeUpdate();
            }
            db.afterCommit(() -> told.set(true));
            return null;
        }));

        assertTrue(e instanceof StoreUnavailableException, "the caller's retry loop takes it: " + e);
        assertTrue(!told.get(), "a message meant for after the commit is not sent for a write that didn't happen");
        InOrder order = inOrder(c);
        order.verify(c).setAutoCommit(false);
        order.verify(c).commit();
        order.verify(c).rollback();
        order.verify(c).setAutoCommit(true);
        verify(c).close();
    }

    @Test
    void aRollbackThatFailsTooStillReportsTheFirstFailureAndReturnsTheConnection() throws Exception {
        Connection c = mock(Connection.class);
        when(c.prepareStatement("UPDATE leases SET epoch = epoch + 1")).thenThrow(
                new SQLException("terminating connection due to administrator command", "57P01"));
        doThrow(new SQLException("This connection has been closed.", "08003")).when(c).rollback();
        HikariDataSource pool = mock(HikariDataSource.class);
        when(pool.getConnection()).thenReturn(c);
        Database db = Database.over(POSTGRES, pool);

        StoreException e = assertThrows(StoreException.class, () -> db.transaction(conn -> {
            conn.prepareStatement("UPDATE leases SET epoch = epoch + 1").executeUpdate();
            return null;
        }));

        assertTrue(e instanceof StoreUnavailableException, e.toString());
        assertTrue(e.getMessage().contains("terminating connection"), "the first failure, not the rollback's: " + e.getMessage());
        verify(c, never()).commit();
        verify(c).close();
    }
}
