package dev.triage.bot.ha;

import dev.triage.bot.store.Database;
import dev.triage.bot.store.Fence;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * One term of leadership of this replica: the lease at one epoch. As a {@link Fence} it lets through only the
 * writes made while the lease still holds at this epoch — by the local clock first, then inside the write's
 * transaction by the database.
 */
public final class Term implements Fence {
    private final LeaderLease lease;
    private final long epoch;
    private final Instant since;
    volatile long validUntilNanos;

    Term(LeaderLease lease, long epoch, Instant since, long validUntilNanos) {
        this.lease = lease;
        this.epoch = epoch;
        this.since = since;
        this.validUntilNanos = validUntilNanos;
    }

    public long epoch() {
        return epoch;
    }

    /** When this term began, by the database's clock. */
    public Instant since() {
        return since;
    }

    /** Whether this is still the replica's current term and its lease holds by the local monotonic clock. */
    public boolean current() {
        return locallyValid();
    }

    @Override
    public boolean locallyValid() {
        return lease.currentTerm() == this && lease.nanos() - validUntilNanos < 0;
    }

    @Override
    public void check(Database db, Connection c) throws SQLException {
        lease.check(this, c);
    }

    @Override
    public String describe() {
        return "the leader lease at epoch " + epoch;
    }

    @Override
    public String toString() {
        return "term " + epoch + " since " + since;
    }
}
