package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.bot.delivery.Outbox;
import dev.triage.bot.ha.LeaderLease;
import dev.triage.bot.ha.Replica;
import dev.triage.bot.ha.StoreHealth;
import dev.triage.bot.ha.Term;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.TestStores;
import dev.triage.config.HaSettings;
import dev.triage.config.TriageConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What only the leader does (the Discord gateway is one) starts when this replica is elected and stops when it is not. */
class LeaderDutiesTest {

    @Test
    void aDutyRunsExactlyWhileThisReplicaLeads() throws Exception {
        var store = TestStores.fresh(TestStores.POSTGRESQL);
        Database db = Database.open(store);
        Database other = Database.open(store);
        try {
            InstantSource clock = InstantSource.system();
            IncidentManager incidents = new IncidentManager(new TriageConfig(List.of(), null, null, 0), new IncidentStore(db, new Ids()),
                    new Outbox(db, new Ids(), clock), null, (t, a) -> false, null, clock);
            var probeThreads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            var probeScheduler = dev.triage.bot.probe.TickProbeScheduler.daemon();
            LeaderDuties duties = new LeaderDuties(incidents, List.of(), listener -> new dev.triage.bot.probe.Prober(
                    (target, checks) -> { throw new AssertionError("no targets to probe"); }, listener,
                    dev.triage.bot.probe.ProberSettings.defaults(), probeScheduler, probeThreads,
                    clock, new java.util.Random()), clock);
            List<String> heard = new CopyOnWriteArrayList<>();
            duties.add(new LeaderDuties.Duty() {
                @Override
                public void start(Term term) {
                    heard.add("start " + term.epoch());
                }

                @Override
                public void stop(Term term) {
                    heard.add("stop " + term.epoch());
                }
            });
            HaSettings ha = new HaSettings(Duration.ofSeconds(2), Duration.ofMillis(500), null);
            LeaderLease lease = new LeaderLease(db, new Replica("a-1", "a"), ha, false, System::nanoTime,
                    new StoreHealth(clock, ha.leaseTtl()));
            lease.listen(duties);
            LeaderLease rival = new LeaderLease(other, new Replica("b-1", "b"), ha, false, System::nanoTime,
                    new StoreHealth(clock, ha.leaseTtl()));

            lease.tick();
            waitFor(() -> heard.equals(List.of("start 1")), heard);
            db.close();   // this replica can no longer reach the store: it stops leading at once
            lease.tick();
            waitFor(() -> heard.equals(List.of("start 1", "stop 1")), heard);
            Instant end = Instant.now().plusSeconds(5);
            while (!rival.leads() && Instant.now().isBefore(end)) {
                rival.tick();
                Thread.sleep(100);
            }
            assertTrue(rival.leads(), "the other replica took over");
            assertEquals(List.of("start 1", "stop 1"), heard, "and this one's duty stays stopped");
        } finally {
            other.close();
            db.close();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier done, List<String> heard) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(5);
        while (!done.getAsBoolean() && Instant.now().isBefore(end)) {
            Thread.sleep(20);
        }
        assertTrue(done.getAsBoolean(), heard.toString());
    }
}
