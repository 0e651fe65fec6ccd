package dev.triage.bot.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.adapters.Message;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The persisted outbox: every message Triage sends about incidents is written here first and delivered
 * by {@link OutboxDelivery}, in order per thread, once. Replies and edits name their parent by outbox
 * id, so a thread survives a restart between the root being queued and being delivered.
 */
public final class Outbox {
    public enum Op { POST, REPLY, UPDATE }

    public enum Status { PENDING, DELIVERED, FAILED }

    /** One queued message. {@code parent}: for a reply the thread's root item, for an update the item to edit. */
    public record Item(String id, Instant createdAt, String channel, Op op, String parent, Message message, Status status,
                       int attempts, Instant nextAttemptAt, String deliveredId, String deliveredThread, Instant sendingAt) {

        /** A send began and never got recorded as done: the platform may or may not have the message. */
        public boolean inDoubt() {
            return sendingAt != null && deliveredId == null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Database db;
    private final Ids ids;
    private final InstantSource clock;
    private volatile Runnable wake = () -> { };

    public Outbox(Database db, Ids ids, InstantSource clock) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
    }

    /** Called after every enqueue, so the delivery worker doesn't wait for its next tick. */
    void onEnqueue(Runnable wake) {
        this.wake = wake;
    }

    public String post(String channel, Message message) {
        return enqueue(channel, Op.POST, null, message);
    }

    /** A reply in the thread under {@code rootItem} (an item queued with {@link #post}). */
    public String reply(String rootItem, Message message) {
        return enqueue(channelOf(rootItem), Op.REPLY, rootItem, message);
    }

    /** An edit of the message queued as {@code item}. */
    public String update(String item, Message message) {
        return enqueue(channelOf(item), Op.UPDATE, item, message);
    }

    private String enqueue(String channel, Op op, String parent, Message message) {
        Instant now = clock.instant();
        String id = ids.next(now);
        String json = toJson(message);
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (id, created_at, channel, op, parent, message, status, "
                    + "attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)")) {
                s.setString(1, id);
                s.setLong(2, now.toEpochMilli());
                s.setString(3, channel);
                s.setString(4, op.name());
                if (parent == null) {
                    s.setNull(5, Types.VARCHAR);
                } else {
                    s.setString(5, parent);
                }
                s.setString(6, json);
                s.setLong(7, now.toEpochMilli());
                s.executeUpdate();
            }
            return null;
        });
        wake.run();
        return id;
    }

    /** Undelivered items, oldest first. */
    public List<Item> pending(int limit) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM outbox WHERE status = 'PENDING' ORDER BY id LIMIT ?")) {
                s.setInt(1, limit);
                List<Item> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(item(r));
                    }
                }
                return out;
            }
        });
    }

    public Optional<Item> item(String id) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(item(r)) : Optional.<Item>empty();
                }
            }
        });
    }

    public List<Item> all() {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox ORDER BY id")) {
                List<Item> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(item(r));
                    }
                }
                return out;
            }
        });
    }

    void delivered(String id, String deliveredId, String deliveredThread, Instant at) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET status = 'DELIVERED', delivered_id = ?, "
                    + "delivered_thread = ?, delivered_at = ?, attempts = attempts + 1 WHERE id = ?")) {
                s.setString(1, deliveredId);
                if (deliveredThread == null) {
                    s.setNull(2, Types.VARCHAR);
                } else {
                    s.setString(2, deliveredThread);
                }
                s.setLong(3, at.toEpochMilli());
                s.setString(4, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Records that a send is about to begin, before the platform is called. */
    void sending(String id, Instant at) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET sending_at = ? WHERE id = ?")) {
                s.setLong(1, at.toEpochMilli());
                s.setString(2, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    void retryLater(String id, Instant next, String error, boolean giveUp) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, "
                    + "last_error = ?, status = ? WHERE id = ?")) {
                s.setLong(1, next.toEpochMilli());
                s.setString(2, error.length() > 500 ? error.substring(0, 500) : error);
                s.setString(3, giveUp ? "FAILED" : "PENDING");
                s.setString(4, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    private String channelOf(String item) {
        return item(item).map(Item::channel).orElseThrow(() -> new IllegalArgumentException("no outbox item " + item));
    }

    private static final String COLUMNS = "id, created_at, channel, op, parent, message, status, attempts, next_attempt_at, "
            + "delivered_id, delivered_thread, sending_at";

    private static Item item(ResultSet r) throws java.sql.SQLException {
        return new Item(r.getString(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3), Op.valueOf(r.getString(4)),
                r.getString(5), fromJson(r.getString(6)), Status.valueOf(r.getString(7)), r.getInt(8),
                Instant.ofEpochMilli(r.getLong(9)), r.getString(10), r.getString(11),
                r.getObject(12) == null ? null : Instant.ofEpochMilli(r.getLong(12)));
    }

    static String toJson(Message m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not serialise a message for the outbox", e);
        }
    }

    static Message fromJson(String json) {
        try {
            return JSON.readValue(json, Message.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("an outbox message can't be read back: " + e.getOriginalMessage(), e);
        }
    }
}
