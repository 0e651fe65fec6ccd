package dev.triage.bot.ha;

import static dev.triage.bot.store.Sql.instant;

import dev.triage.bot.store.Database;
import dev.triage.bot.store.Fence;
import dev.triage.bot.store.FencedException;
import dev.triage.bot.store.StoreException;
import dev.triage.config.HaSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica leads the background work: one row in {@code leases}, taken and renewed by the database's
 * clock with a TTL, its epoch growing at every change of holder (HA.md).
 *
 * <ul>
 *   <li>Every {@code renewEvery} each replica says it is alive ({@code replicas.last_seen}) and either renews
 *       the lease it holds or tries to take one that expired — in one transaction.</li>
 *   <li>A leader that fails to renew — the database says another replica holds it, or the database can't be
 *       reached — stops leading at once; it doesn't wait for the TTL to run out. By its own monotonic clock it
 *       also counts the lease as gone {@link #margin} before the TTL would end from the last renewal it sent,
 *       so a leader paused (SIGSTOP, a long GC) past its TTL writes nothing when it resumes.</li>
 *   <li>Each term of leadership is a {@link Term}: a {@link Fence} whose check, inside a write's own
 *       transaction, holds the lease row at that epoch ({@code FOR SHARE}), so a stale leader's writes are
 *       refused and a takeover waits for the writes in progress.</li>
 *   <li>On SQLite the process holds the file alone ({@link Database#openForBot}), so it takes the lease at once
 *       even when a killed predecessor's lease has not expired yet.</li>
 * </ul>
 * Listeners hear {@code elected} and {@code deposed} in order, on one thread of their own.
 */
public final class LeaderLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderLease.class);
    static final String LEADER = "leader";

    /** Hears about changes of leadership; called in order on the lease's listener thread. */
    public interface Listener {
        void elected(Term term);

        void deposed(Term term, String why);
    }

    /** What the database says about the lease, for {@code /backend probes} and readiness. */
    public record LeaseView(String holder, String holderName, long epoch, Instant acquiredAt, Instant renewedAt, Instant expiresAt,
                            boolean live) {
    }

    private final Database db;
    private final Replica replica;
    private final Duration ttl;
    private final Duration renewEvery;
    private final Duration margin;
    private final boolean exclusive;
    private final LongSupplier nanos;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier;
    private final StoreHealth storeHealth;
    private ScheduledExecutorService ticker;

    private volatile Term term;
    private volatile long aliveUntilNanos = Long.MIN_VALUE;
    private volatile boolean closed;

    /**
     * @param exclusive this process is the only one on the store (SQLite): take the lease at once
     * @param nanos     the monotonic clock local validity is judged by ({@code System::nanoTime})
     */
    public LeaderLease(Database db, Replica replica, HaSettings settings, boolean exclusive, LongSupplier nanos,
                       StoreHealth storeHealth) {
        this.db = Objects.requireNonNull(db, "db");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.ttl = settings.leaseTtl();
        this.renewEvery = settings.renewEvery();
        this.margin = Duration.ofMillis(Math.min(1_000, ttl.toMillis() / 5));
        this.exclusive = exclusive;
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.storeHealth = Objects.requireNonNull(storeHealth, "storeHealth");
        this.notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "triage-leadership");
            t.setDaemon(true);
            return t;
        });
    }

    public void listen(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Starts ticking every {@code renewEvery}, the first at once. */
    public synchronized LeaderLease start() {
        if (ticker != null) {
            throw new IllegalStateException("the lease is already started");
        }
        if (exclusive) {
            forgetOtherReplicas();
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triage-lease");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tickQuietly, 0, renewEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public Replica replica() {
        return replica;
    }

    public Duration ttl() {
        return ttl;
    }

    /** The current term when this replica leads and the lease still holds by the local clock. */
    public Optional<Term> term() {
        Term t = term;
        return t != null && t.locallyValid() ? Optional.of(t) : Optional.empty();
    }

    public boolean leads() {
        return term().isPresent();
    }

    /** Whether the other replicas still count this one alive, by the local clock: it may send what it claimed. */
    public boolean aliveLocally() {
        return nanos.getAsLong() - aliveUntilNanos < 0;
    }

    /** One round: say alive, renew or take the lease. Public for tests that drive it by hand. */
    public void tick() {
        if (closed) {
            return;
        }
        long sent = nanos.getAsLong();
        Term held = term;
        if (held != null && !held.locallyValid()) {
            depose(held, "the lease ran out before it could be renewed (was this process paused?)");
            held = null;
        }
        Term leading = held;
        Outcome outcome;
        try {
            outcome = db.transaction(c -> {
                heartbeat(c);
                if (leading != null) {
                    return renew(c, leading) ? Outcome.RENEWED : Outcome.LOST;
                }
                return acquire(c).map(Outcome::took).orElse(Outcome.FOLLOWING);
            });
        } catch (StoreException e) {
            storeHealth.failed(e, leading != null);
            aliveUntilNanos = sent - 1;
            if (leading != null) {
                depose(leading, "the store can't be reached to renew the lease (" + e.getMessage() + ")");
            }
            return;
        }
        storeHealth.answered();
        aliveUntilNanos = sent + ttl.toNanos() - margin.toNanos();
        switch (outcome.kind()) {
            case RENEWED -> leading.validUntilNanos = sent + ttl.toNanos() - margin.toNanos();
            case LOST -> depose(leading, "another replica holds the lease now");
            case TOOK -> {
                Term t = new Term(this, outcome.taken().epoch(), outcome.taken().since(), sent + ttl.toNanos() - margin.toNanos());
                term = t;
                log.info("{} leads now (lease epoch {})", replica, t.epoch());
                notifyAll(l -> l.elected(t));
            }
            case FOLLOWING -> {
            }
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("lease round failed", e);
        }
    }

    private void heartbeat(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO replicas (id, name, started_at, last_seen) VALUES (?, ?, "
                + db.dialect().now() + ", " + db.dialect().now() + ") ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen")) {
            s.setString(1, replica.id());
            s.setString(2, replica.name());
            s.executeUpdate();
        }
    }

    private boolean renew(Connection c, Term t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE leases SET renewed_at = " + db.dialect().now() + ", expires_at = "
                + db.dialect().now() + " + ? WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > " + db.dialect().now())) {
            s.setLong(1, ttl.toMillis());
            s.setString(2, LEADER);
            s.setString(3, replica.id());
            s.setLong(4, t.epoch());
            return s.executeUpdate() == 1;
        }
    }

    private record Taken(long epoch, Instant since) {
    }

    private Optional<Taken> acquire(Connection c) throws SQLException {
        String now = db.dialect().now();
        try (PreparedStatement s = c.prepareStatement("UPDATE leases SET holder = ?, epoch = epoch + 1, acquired_at = " + now
                + ", renewed_at = " + now + ", expires_at = " + now + " + ? WHERE name = ? AND (holder IS NULL OR holder = ? OR expires_at <= "
                + now + (exclusive ? " OR 1 = 1" : "") + ")")) {
            s.setString(1, replica.id());
            s.setLong(2, ttl.toMillis());
            s.setString(3, LEADER);
            s.setString(4, replica.id());
            if (s.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT epoch, acquired_at FROM leases WHERE name = ?")) {
            s.setString(1, LEADER);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return Optional.of(new Taken(r.getLong(1), Instant.ofEpochMilli(r.getLong(2))));
            }
        }
    }

    /** Inside a leader's write: the lease row at this term's epoch, locked for the rest of the transaction. */
    void check(Term t, Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT epoch FROM leases WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > "
                + db.dialect().now() + db.dialect().forShare())) {
            s.setString(1, LEADER);
            s.setString(2, replica.id());
            s.setLong(3, t.epoch());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    Term held = term;
                    if (held == t) {
                        notifier.execute(() -> depose(t, "the store says this replica no longer holds the lease"));
                    }
                    throw new FencedException("the leader lease at epoch " + t.epoch() + " is no longer held by " + replica
                            + "; the write was refused");
                }
            }
        }
    }

    private void depose(Term t, String why) {
        synchronized (this) {
            if (term != t) {
                return;
            }
            term = null;
        }
        t.validUntilNanos = Long.MIN_VALUE;
        if (closed) {
            log.info("{} stops leading (epoch {}): {}", replica, t.epoch(), why);
        } else {
            log.warn("{} stops leading (epoch {}): {}", replica, t.epoch(), why);
        }
        notifyAll(l -> l.deposed(t, why));
    }

    private void notifyAll(java.util.function.Consumer<Listener> call) {
        for (Listener l : listeners) {
            try {
                notifier.execute(() -> {
                    try {
                        call.accept(l);
                    } catch (RuntimeException e) {
                        log.error("a leadership listener failed", e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    /** The lease as the database has it now; empty when the store can't be reached. */
    public Optional<LeaseView> view() {
        try {
            return Optional.of(db.transaction(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT l.holder, r.name, l.epoch, l.acquired_at, l.renewed_at, l.expires_at, "
                        + "CASE WHEN l.expires_at > " + db.dialect().now() + " THEN 1 ELSE 0 END FROM leases l LEFT JOIN replicas r "
                        + "ON r.id = l.holder WHERE l.name = ?")) {
                    s.setString(1, LEADER);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        return new LeaseView(r.getString(1), r.getString(2), r.getLong(3), instant(r, 4), instant(r, 5),
                                instant(r, 6), r.getInt(7) == 1 && r.getString(1) != null);
                    }
                }
            }));
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    /** The ids of the replicas that said they were alive within one TTL. */
    public List<String> liveReplicas() {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM replicas WHERE last_seen > " + db.dialect().now()
                    + " - ? ORDER BY id")) {
                s.setLong(1, ttl.toMillis());
                List<String> out = new java.util.ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
                return out;
            }
        });
    }

    /** {@link #liveReplicas}, or empty when the store can't be reached. */
    public List<String> liveReplicasQuietly() {
        try {
            return liveReplicas();
        } catch (StoreException e) {
            return List.of();
        }
    }

    private void forgetOtherReplicas() {
        try {
            db.transaction(c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM replicas WHERE id <> ?")) {
                    s.setString(1, replica.id());
                    s.executeUpdate();
                }
                return null;
            });
        } catch (StoreException e) {
            log.warn("could not forget earlier replicas of this store: {}", e.getMessage());
        }
    }

    /**
     * Stops: a leader stops leading first (its listeners stop the background work), then gives the lease up in
     * the database so another replica takes over at once instead of after the TTL.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        Term t = term;
        if (t != null) {
            depose(t, "this replica is stopping");
        }
        notifier.shutdown();
        try {
            notifier.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            db.transaction(c -> {
                if (t != null) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE leases SET holder = NULL, expires_at = " + db.dialect().now()
                            + " WHERE name = ? AND holder = ? AND epoch = ?")) {
                        s.setString(1, LEADER);
                        s.setString(2, replica.id());
                        s.setLong(3, t.epoch());
                        s.executeUpdate();
                    }
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM replicas WHERE id = ?")) {
                    s.setString(1, replica.id());
                    s.executeUpdate();
                }
                return null;
            });
            if (t != null) {
                log.info("{} gave up the lease (epoch {})", replica, t.epoch());
            }
        } catch (StoreException e) {
            log.warn("could not give up the lease: {}", e.getMessage());
        }
    }

    /** What one round did. */
    private record Outcome(Kind kind, Taken taken) {
        enum Kind { RENEWED, LOST, TOOK, FOLLOWING }

        static final Outcome RENEWED = new Outcome(Kind.RENEWED, null);
        static final Outcome LOST = new Outcome(Kind.LOST, null);
        static final Outcome FOLLOWING = new Outcome(Kind.FOLLOWING, null);

        static Outcome took(Taken t) {
            return new Outcome(Kind.TOOK, t);
        }
    }

    long nanos() {
        return nanos.getAsLong();
    }

    Term currentTerm() {
        return term;
    }
}
