package dev.triage.bot.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Message;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Fence;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.TestStores;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two replicas' outboxes on one store (each with its own connections), sending to one platform: who sends what,
 * order within a thread whoever sends it, and what happens to the items of a replica that stopped.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRESQL})
class OutboxReplicasTest {
    private static final Duration TTL = Duration.ofSeconds(10);

    @Parameter
    String kind;

    private final java.util.concurrent.atomic.AtomicReference<Duration> ahead = new java.util.concurrent.atomic.AtomicReference<>(Duration.ZERO);
    private final InstantSource clock = () -> Instant.now().plus(ahead.get());
    private final OutboxDeliveryTest.FlakyPort platform = new OutboxDeliveryTest.FlakyPort();
    private Database dbA;
    private Database dbB;
    private Outbox follower;
    private Outbox leader;
    private final AtomicBoolean followerAlive = new AtomicBoolean(true);
    private OutboxDelivery followerSends;
    private OutboxDelivery leaderSends;

    /** The leader's own work: written under a fence that holds. */
    private static final Fence LEADING = new Fence() {
        @Override
        public boolean locallyValid() {
            return true;
        }

        @Override
        public void check(Database db, Connection c) {
        }

        @Override
        public String describe() {
            return "a test leader";
        }
    };

    @BeforeEach
    void open() {
        var store = TestStores.fresh(kind);
        dbA = Database.open(store);
        dbB = Database.open(store);
        follower = new Outbox(dbA, new Ids(), clock, "replica-a");
        leader = new Outbox(dbB, new Ids(), clock, "replica-b");
        seen("replica-a", true);
        seen("replica-b", true);
        followerSends = new OutboxDelivery(follower, platform, clock, Duration.ZERO,
                new OutboxDelivery.Role(() -> false, followerAlive::get, TTL));
        leaderSends = new OutboxDelivery(leader, platform, clock, Duration.ZERO, new OutboxDelivery.Role(() -> true, () -> true, TTL));
    }

    @AfterEach
    void close() {
        dbA.close();
        dbB.close();
    }

    /** A replica's heartbeat: now, or long ago (it stopped). */
    private void seen(String replica, boolean alive) {
        dbB.transaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO replicas (id, name, started_at, last_seen) VALUES (?, ?, 0, "
                    + (alive ? dbB.dialect().now() : "0") + ") ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen")) {
                s.setString(1, replica);
                s.setString(2, replica);
                s.executeUpdate();
            }
            return null;
        });
    }

    private String asLeader(java.util.function.Supplier<String> enqueue) {
        return dbB.transaction(LEADING, c -> enqueue.get());
    }

    @Test
    void eachReplicaSendsWhatItCausedAndTheLeaderWhatItsOwnWorkQueued() {
        follower.post("C_OPS", Message.text("answer to a command"));
        asLeader(() -> leader.post("C_INC", Message.text("incident root")));
        leaderSends.deliverDue();
        assertEquals(List.of("post C_INC incident root"), platform.log, "the leader leaves a live replica's answer alone");
        followerSends.deliverDue();
        assertEquals(List.of("post C_INC incident root", "post C_OPS answer to a command"), platform.log);
        assertTrue(leader.pending(10).isEmpty());
    }

    @Test
    void theLeaderSendsWhatAReplicaThatStoppedLeftBehind() {
        follower.post("C_OPS", Message.text("queued, then the replica died"));
        seen("replica-a", false);
        leaderSends.deliverDue();
        assertEquals(List.of("post C_OPS queued, then the replica died"), platform.log);
    }

    @Test
    void anItemADeadReplicaWasSendingIsLookedUpByItsKeyNotSentAgain() {
        String item = follower.post("C_OPS", Message.text("sent just before the kill"));
        platform.dieAfterSending.set(true);   // the platform has it; the replica dies before recording it
        followerSends.deliverDue();
        assertTrue(follower.item(item).orElseThrow().inDoubt());
        seen("replica-a", false);
        ahead.set(Duration.ofSeconds(5));   // the leader notices a while later
        leaderSends.deliverDue();
        assertEquals(List.of("post C_OPS sent just before the kill"), platform.log, "found by its key");
        assertEquals("m1", leader.item(item).orElseThrow().deliveredId());
    }

    @Test
    void aThreadKeepsItsOrderWhicheverReplicaSendsEachMessage() {
        String root = asLeader(() -> leader.post("C_INC", Message.text("root")));
        asLeader(() -> leader.reply(root, Message.text("probe line")));
        follower.reply(root, Message.text("someone ran a command"));
        asLeader(() -> leader.reply(root, Message.text("resolved")));

        followerSends.deliverDue();
        assertTrue(platform.log.isEmpty(), "its line waits for the ones before it");
        leaderSends.deliverDue();
        assertEquals(List.of("post C_INC root", "reply C_INC/m1 probe line"), platform.log, "and the leader's wait for it");
        followerSends.deliverDue();
        leaderSends.deliverDue();
        assertEquals(List.of("post C_INC root", "reply C_INC/m1 probe line", "reply C_INC/m1 someone ran a command",
                "reply C_INC/m1 resolved"), platform.log);
    }

    @Test
    void aReplicaThatNoLongerCountsAsAliveSendsNothing() {
        follower.post("C_OPS", Message.text("claimed by a replica paused past its lease"));
        followerAlive.set(false);
        assertEquals(0, followerSends.deliverDue());
        assertTrue(platform.log.isEmpty());
        assertEquals(1, follower.pending(10).size(), "still there for whoever sends it");
    }

    @Test
    void twoReplicasThatBothBelieveTheyLeadSendEachItemOnce() throws Exception {
        for (int i = 0; i < 20; i++) {
            asLeader(() -> leader.post("C" + System.nanoTime(), Message.text("alert")));
        }
        seen("replica-c", true);
        OutboxDelivery second = new OutboxDelivery(new Outbox(dbA, new Ids(), clock, "replica-c"), platform, clock, Duration.ZERO,
                new OutboxDelivery.Role(() -> true, () -> true, TTL));
        Thread t = new Thread(second::deliverDue);
        t.start();
        leaderSends.deliverDue();
        t.join();
        assertEquals(20, platform.log.size(), "each once: " + platform.log);
        assertEquals(20, platform.log.stream().distinct().count());
    }
}
