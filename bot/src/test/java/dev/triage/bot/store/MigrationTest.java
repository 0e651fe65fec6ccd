package dev.triage.bot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.triage.bot.delivery.Outbox;
import dev.triage.bot.incident.IncidentStore;
import dev.triage.config.StoreSettings;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store written by the previous version (schema 3, one replica) with an incident open, items waiting in the outbox,
 * a silence and two pending requests for one action is upgraded on open: nothing recorded is lost, and it works
 * under the new rules.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRESQL})
class MigrationTest {
    @Parameter
    String kind;

    private static final long T0 = Instant.parse("2026-11-22T03:12:00Z").toEpochMilli();

    @Test
    void aStoreOfThePreviousVersionIsUpgradedWithNothingLost() throws Exception {
        StoreSettings settings = TestStores.fresh(kind);
        try (HikariDataSource old = new HikariDataSource()) {
            old.setJdbcUrl(settings.url());
            if (settings.user() != null) {
                old.setUsername(settings.user());
            }
            Flyway.configure().dataSource(old).locations("classpath:db/migration").target("3").load().migrate();
            try (var c = old.getConnection(); var s = c.createStatement()) {
                s.executeUpdate("INSERT INTO incidents (id, number, target, state, channel, root_item, down_since, opened_at, "
                        + "first_evidence, human_action) VALUES ('inc1', 7, 'api', 'OPEN', 'C_INC', 'root1', " + T0 + ", " + T0
                        + ", 'http-health → 503', 0)");
                s.executeUpdate("INSERT INTO outbox (id, created_at, channel, op, parent, message, status, attempts, next_attempt_at, "
                        + "delivered_id) VALUES ('root1', " + T0 + ", 'C_INC', 'POST', NULL, '{\"title\":\"root\"}', 'DELIVERED', 1, "
                        + T0 + ", 'ts1')");
                s.executeUpdate("INSERT INTO outbox (id, created_at, channel, op, parent, message, status, attempts, next_attempt_at) "
                        + "VALUES ('reply1', " + (T0 + 1) + ", 'C_INC', 'REPLY', 'root1', '{\"title\":\"a line\"}', 'PENDING', 0, " + T0 + ")");
                s.executeUpdate("INSERT INTO outbox (id, created_at, channel, op, parent, message, status, attempts, next_attempt_at) "
                        + "VALUES ('edit1', " + (T0 + 2) + ", 'C_INC', 'UPDATE', 'reply1', '{\"title\":\"edited\"}', 'PENDING', 0, " + T0 + ")");
                s.executeUpdate("INSERT INTO silences (target, until_at, reason, created_by, created_at) VALUES ('api', " + (T0 + 600_000)
                        + ", 'deploy', 'lead', " + T0 + ")");
                for (String id : new String[] {"a1", "a2"}) {
                    s.executeUpdate("INSERT INTO approvals (id, target, action_id, requested_by, requested_by_name, channel, approver_role, "
                            + "two_person, status, created_at, expires_at) VALUES ('" + id + "', 'api', 'restart-service', 'slack:U1', "
                            + "'oncall', 'C_OPS', 'operator', 1, 'PENDING', " + (T0 + (id.equals("a1") ? 0 : 1)) + ", " + (T0 + 900_000) + ")");
                }
            }
        }

        try (Database db = Database.open(settings)) {
            IncidentStore incidents = new IncidentStore(db, new Ids());
            assertEquals(7, incidents.openFor("api").orElseThrow().number());
            assertEquals("deploy", incidents.silence("api", Instant.ofEpochMilli(T0)).orElseThrow().reason(), "kept as a person's");
            assertEquals(IncidentStore.PERSON, incidents.silence("api", Instant.ofEpochMilli(T0)).orElseThrow().kind());
            assertTrue(incidents.undiagnosed().isEmpty(), "old incidents are not diagnosed again");
            Outbox outbox = new Outbox(db, new Ids(), () -> Instant.ofEpochMilli(T0 + 5));
            var pending = outbox.pending(10);
            assertEquals(java.util.List.of("reply1", "edit1"), pending.stream().map(Outbox.Item::id).toList(), "in their order");
            assertTrue(pending.stream().allMatch(i -> i.threadKey().equals("root1")), "both in the root's thread");
            String next = outbox.reply("root1", dev.triage.adapters.Message.text("after the upgrade"));
            assertEquals("root1", outbox.item(next).orElseThrow().threadKey());
            assertTrue(outbox.item(next).orElseThrow().seq() > pending.get(1).seq(), "after the old items");
            assertEquals(8, incidents.open("web", "C_INC", Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0), "x", 3).incident().number(),
                    "numbers go on from the old ones");
            Store store = new Store(db);
            assertEquals(java.util.List.of("a2"), store.pending("api").stream().map(Approval::id).toList(),
                    "of two pending requests for one action, the newer stays");
        }
    }
}
