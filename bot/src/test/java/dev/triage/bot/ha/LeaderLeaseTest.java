package dev.triage.bot.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.store.Database;
import dev.triage.bot.store.FencedException;
import dev.triage.bot.store.TestStores;
import dev.triage.config.HaSettings;
import dev.triage.config.StoreSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leader lease on a real PostgreSQL (several replicas) and SQLite (one bot per file), judged by the
 * database's clock; each replica's monotonic clock is one the test moves, to play a paused process.
 */
class LeaderLeaseTest {
    private static final HaSettings FAST = new HaSettings(Duration.ofSeconds(2), Duration.ofMillis(500), null);
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    /** One replica: its own pool on the store, its own lease, what it heard, and a monotonic clock it runs on. */
    private final class Node {
        final Database db;
        final LeaderLease lease;
        final AtomicLong pausedFor = new AtomicLong();
        final List<String> heard = new CopyOnWriteArrayList<>();

        Node(StoreSettings store, String name, boolean exclusive) {
            db = Database.open(store);
            lease = new LeaderLease(db, new Replica(name + "-id", name), FAST, exclusive, () -> System.nanoTime() + pausedFor.get(),
                    new StoreHealth(InstantSource.system(), FAST.leaseTtl()));
            lease.listen(new LeaderLease.Listener() {
                @Override
                public void elected(Term term) {
                    heard.add("elected " + term.epoch());
                }

                @Override
                public void deposed(Term term, String why) {
                    heard.add("deposed " + term.epoch() + ": " + why);
                }
            });
            open.add(db);
        }

        Term term() {
            return lease.term().orElseThrow(() -> new AssertionError(lease.replica() + " does not lead"));
        }

        /** A write only the leader may make, under {@code term}'s fence. */
        void leaderWrite(Term term) {
            db.transaction(term, c -> {
                try (var s = c.prepareStatement("INSERT INTO storms (id, channel, group_item, started_at) VALUES (?, 'C', 'g', 0)")) {
                    s.setString(1, "s" + System.nanoTime());
                    s.executeUpdate();
                }
                return null;
            });
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(10);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void theFirstReplicaTakesTheLeaseAndTheOthersFollow() throws Exception {
        StoreSettings store = TestStores.fresh(TestStores.POSTGRESQL);
        Node a = new Node(store, "a", false);
        Node b = new Node(store, "b", false);
        a.lease.tick();
        b.lease.tick();
        assertTrue(a.lease.leads());
        assertFalse(b.lease.leads());
        waitUntil("a hears it leads", () -> a.heard.contains("elected 1"));
        LeaderLease.LeaseView view = b.lease.view().orElseThrow();
        assertEquals("a-id", view.holder());
        assertEquals(1, view.epoch());
        assertTrue(view.live());
        assertEquals(List.of("a-id", "b-id"), b.lease.liveReplicas());
    }

    @Test
    void aLeaderThatStopsRenewingIsReplacedAfterItsTtlAndItsStaleWritesAreRefused() throws Exception {
        StoreSettings store = TestStores.fresh(TestStores.POSTGRESQL);
        Node a = new Node(store, "a", false);
        Node b = new Node(store, "b", false);
        a.lease.tick();
        Term old = a.term();
        a.leaderWrite(old);
        b.lease.tick();
        assertFalse(b.lease.leads(), "not before the TTL ran out");

        Instant stopped = Instant.now();
        waitUntil("b takes over", () -> {
            b.lease.tick();
            return b.lease.leads();
        });
        Duration took = Duration.between(stopped, Instant.now());
        assertTrue(took.compareTo(Duration.ofMillis(1500)) >= 0, "b waited for the TTL: " + took);
        assertEquals(2, b.term().epoch());
        b.leaderWrite(b.term());

        // a was stopped and can't tell by its own clock yet (a clock jump, a partition): the store refuses anyway.
        a.pausedFor.set(-Duration.ofSeconds(5).toNanos());
        FencedException refused = assertThrows(FencedException.class, () -> a.leaderWrite(old));
        assertTrue(refused.getMessage().contains("epoch 1 is no longer held"), refused.getMessage());
        a.pausedFor.set(0);
        a.lease.tick();
        assertFalse(a.lease.leads());
        waitUntil("a hears it lost", () -> a.heard.stream().anyMatch(h -> h.startsWith("deposed 1")));
    }

    @Test
    void aLeaderPausedPastItsTtlCountsItsLeaseGoneByItsOwnClockAndWritesNothing() throws Exception {
        StoreSettings store = TestStores.fresh(TestStores.POSTGRESQL);
        Node a = new Node(store, "a", false);
        a.lease.tick();
        Term term = a.term();
        a.pausedFor.set(Duration.ofSeconds(3).toNanos());   // SIGSTOP for 3 s, then SIGCONT
        assertFalse(term.current());
        assertFalse(a.lease.aliveLocally(), "it may not send what it claimed either");
        assertThrows(FencedException.class, () -> a.leaderWrite(term));
        a.lease.tick();
        waitUntil("it hears it stopped leading", () -> a.heard.stream().anyMatch(h -> h.startsWith("deposed 1: the lease ran out")));
    }

    @Test
    void aLeaderThatGivesUpItsLeaseIsReplacedAtOnce() throws Exception {
        StoreSettings store = TestStores.fresh(TestStores.POSTGRESQL);
        Node a = new Node(store, "a", false);
        Node b = new Node(store, "b", false);
        a.lease.tick();
        b.lease.tick();
        a.lease.close();
        b.lease.tick();
        assertTrue(b.lease.leads(), "no wait for the TTL after a clean stop");
        assertEquals(2, b.term().epoch());
        assertEquals(List.of("b-id"), b.lease.liveReplicas());
    }

    @Test
    void aLeaderThatCannotReachTheStoreStopsLeadingAtOnce() throws Exception {
        StoreSettings store = TestStores.fresh(TestStores.POSTGRESQL);
        Node a = new Node(store, "a", false);
        a.lease.tick();
        Term term = a.term();
        a.db.close();   // every connection gone
        a.lease.tick();
        assertFalse(a.lease.leads());
        assertFalse(term.current());
        waitUntil("it hears why", () -> a.heard.stream().anyMatch(h -> h.startsWith("deposed 1: the store can't be reached")));
    }

    @Test
    void onSqliteTheOneBotTakesTheLeaseAtOnceEvenFromAKilledPredecessor() throws Exception {
        StoreSettings store = TestStores.fresh(TestStores.SQLITE);
        Node killed = new Node(store, "before", true);
        killed.lease.tick();
        assertEquals(1, killed.term().epoch());
        killed.db.close();   // SIGKILL: no goodbye, its lease still runs for 2 s

        Node restarted = new Node(store, "after", true);
        restarted.lease.start();
        waitUntil("the restarted bot leads", restarted.lease::leads);
        assertEquals(2, restarted.term().epoch());
        restarted.leaderWrite(restarted.term());
        open.add(restarted.lease);
    }
}
