package dev.triage.bot.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a write must still hold to be made: the leader's lease at its epoch. Checked inside the write's own
 * transaction ({@link Database#transaction(Fence, Database.Work)}), so a leader that lost its lease — paused
 * past its TTL, or cut off from the database while another replica took over — can't write with a stale epoch.
 */
public interface Fence {
    /** For work that any replica may do (commands, clicks) and for tests. */
    Fence NONE = new Fence() {
        @Override
        public boolean locallyValid() {
            return true;
        }

        @Override
        public void check(Database db, Connection c) {
        }

        @Override
        public String describe() {
            return "no fence";
        }
    };

    /** Whether the fence still holds by this process's own monotonic clock (checked before the database is asked). */
    boolean locallyValid();

    /** Throws {@link FencedException} unless the fence holds in the database, inside the transaction of {@code c}. */
    void check(Database db, Connection c) throws SQLException;

    /** For messages: {@code the leader lease at epoch 7}. */
    String describe();
}
