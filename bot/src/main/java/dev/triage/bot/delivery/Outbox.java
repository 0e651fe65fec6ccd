package dev.triage.bot.delivery;

import static dev.triage.bot.store.Sql.setString;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.adapters.Message;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The persisted outbox: every message Triage sends is written here first and delivered by
 * {@link OutboxDelivery}, in order per thread, once — whichever replica sends it.
 *
 * <ul>
 *   <li>Replies and edits name their parent by outbox id, so a thread survives a restart between the root
 *       being queued and being delivered. Every item belongs to one thread ({@code thread_key}: its root's
 *       id) and has a place in one global order ({@code seq}, from a sequence); only the oldest undelivered
 *       item of a thread may be sent, so order holds even when two replicas send to one thread.</li>
 *   <li>An item queued by a command or a click ({@code origin}: the replica that got it) is sent by that
 *       replica, so an answer never waits for the leader; an item queued by the leader's own work, inside its
 *       fenced transaction, has no origin and is sent by whoever leads. The leader also takes the items of
 *       replicas that stopped saying they are alive.</li>
 *   <li>An item is claimed by a conditional UPDATE before it is sent (one claim, one sender); a claim of a
 *       replica that stopped is taken over, and the item is then "in doubt": its delivery key is looked up on
 *       the platform before it is sent again.</li>
 * </ul>
 */
public final class Outbox {
    /** EPHEMERAL: a line only {@code recipient} sees (Slack's postEphemeral). */
    public enum Op { POST, REPLY, UPDATE, EPHEMERAL }

    public enum Status { PENDING, DELIVERED, FAILED }

    /** One queued message. {@code parent}: for a reply the thread's root item, for an update the item to edit. */
    public record Item(String id, long seq, Instant createdAt, String channel, Op op, String parent, String threadKey,
                       Message message, Status status, int attempts, Instant nextAttemptAt, String deliveredId,
                       String deliveredThread, Instant sendingAt, String origin, String claimedBy, String platform,
                       String recipient, String respondTo, boolean provisional, String tellTo) {

        /** This item as sent with {@code other} as its message. */
        Item with(Message other) {
            return new Item(id, seq, createdAt, channel, op, parent, threadKey, other, status, attempts, nextAttemptAt, deliveredId,
                    deliveredThread, sendingAt, origin, claimedBy, platform, recipient, respondTo, provisional, tellTo);
        }

        /** A send began and never got recorded as done: the platform may or may not have the message. */
        public boolean inDoubt() {
            return sendingAt != null && deliveredId == null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String COLUMNS = "id, seq, created_at, channel, op, parent, thread_key, message, status, attempts, "
            + "next_attempt_at, delivered_id, delivered_thread, sending_at, origin, claimed_by, platform, recipient, respond_to, provisional, "
            + "tell_to";
    /** The delivered id of an answer that went through its request's reply channel (which gives none of its own). */
    static final String RESPONDED = "response:";

    private final Database db;
    private final Ids ids;
    private final InstantSource clock;
    private final String replica;
    private volatile Runnable wake = () -> { };
    private volatile java.util.function.BooleanSupplier deliversHere = () -> true;

    /** An outbox of a single process. */
    public Outbox(Database db, Ids ids, InstantSource clock) {
        this(db, ids, clock, "local");
    }

    /** @param replica the id of the replica that queues (and sends) the items its commands and clicks cause */
    public Outbox(Database db, Ids ids, InstantSource clock, String replica) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.replica = replica;
    }

    public String replica() {
        return replica;
    }

    /** Called after every enqueue has committed, so the delivery worker doesn't wait for its next tick. */
    void onEnqueue(Runnable wake) {
        this.wake = wake;
    }

    /**
     * Whether this replica can send what it queues now (false, say, while its Discord gateway belongs to the
     * leader): when not, its items are queued for the leader instead.
     */
    public void deliversHereWhen(java.util.function.BooleanSupplier canDeliver) {
        this.deliversHere = canDeliver;
    }

    /** A new message in {@code channel} of the platform alerts go to. */
    public String post(String channel, Message message) {
        return enqueue(null, channel, Op.POST, null, null, message, null, false, null);
    }

    /** A new message in {@code channel} of {@code platform} (an answer to someone there). */
    public String post(String platform, String channel, Message message) {
        return enqueue(platform, channel, Op.POST, null, null, message, null, false, null);
    }

    /**
     * An answer to a request that came with a reply channel ({@code replyTo}: Slack's response_url): sent through it while
     * it can take messages, else posted in {@code channel}. Edits and replies queued under it go the same way.
     */
    public String respond(String platform, String channel, String replyTo, Message message) {
        return enqueue(platform, channel, Op.POST, null, null, message, replyTo, false, null);
    }

    /**
     * A message of the bot's own in {@code channel} that others act on (an approval card), asked for by someone whose
     * request came with {@code tellTo}: they are told there if the message can't be posted.
     */
    public String postTelling(String platform, String channel, Message message, String tellTo) {
        return enqueue(platform, channel, Op.POST, null, null, message, null, false, tellTo);
    }

    /** A line only {@code userId} sees in {@code channel} of {@code platform}. */
    public String ephemeral(String platform, String channel, String userId, Message message) {
        return ephemeral(platform, channel, userId, message, null);
    }

    /** A line only {@code userId} sees, through their request's reply channel when it has one. */
    public String ephemeral(String platform, String channel, String userId, Message message, String replyTo) {
        return enqueue(platform, channel, Op.EPHEMERAL, null, userId, message, replyTo, false, null);
    }

    /** A reply in the thread under {@code rootItem} (an item queued with {@link #post}). */
    public String reply(String rootItem, Message message) {
        return enqueue(null, null, Op.REPLY, rootItem, null, message, null, false, null);
    }

    /** An edit of the message queued as {@code item}. */
    public String update(String item, Message message) {
        return update(item, message, false);
    }

    /**
     * An edit of the message queued as {@code item}; a {@code provisional} one (progress) may be left out when a later
     * edit will say more and the answer's reply channel has few uses left.
     */
    public String update(String item, Message message, boolean provisional) {
        return enqueue(null, null, Op.UPDATE, item, null, message, null, provisional, null);
    }

    /** An edit of a message that was sent straight to {@code platform} (not queued), where it landed. */
    public String updateDelivered(String platform, dev.triage.adapters.MessageRef ref, Message message) {
        return update(anchor(platform, ref), message);
    }

    /** A reply under a message that was sent straight to {@code platform}, where it landed. */
    public String replyDelivered(String platform, dev.triage.adapters.MessageRef ref, Message message) {
        return reply(anchor(platform, ref), message);
    }

    /**
     * The item standing for a message already on the platform, so edits and replies can be queued under it — one per
     * message, so they keep their order in its thread.
     */
    private String anchor(String platform, dev.triage.adapters.MessageRef ref) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM outbox WHERE channel = ? AND delivered_id = ? AND op = 'POST' AND "
                    + (platform == null ? "platform IS NULL" : "platform = ?") + " ORDER BY seq LIMIT 1")) {
                s.setString(1, ref.channel());
                s.setString(2, ref.id());
                if (platform != null) {
                    s.setString(3, platform);
                }
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        return r.getString(1);
                    }
                }
            }
            Instant now = clock.instant();
            String id = ids.next(now);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (id, seq, created_at, channel, op, thread_key, message, "
                    + "status, attempts, next_attempt_at, delivered_id, delivered_thread, delivered_at, platform) VALUES (?, "
                    + db.dialect().nextOutboxSeq() + ", ?, ?, 'POST', ?, '{\"title\":\"\"}', 'DELIVERED', 0, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setLong(2, now.toEpochMilli());
                s.setString(3, ref.channel());
                s.setString(4, id);
                s.setLong(5, now.toEpochMilli());
                s.setString(6, ref.id());
                setString(s, 7, ref.threadId());
                s.setLong(8, now.toEpochMilli());
                setString(s, 9, platform);
                s.executeUpdate();
            }
            return id;
        });
    }

    private String enqueue(String platform, String channel, Op op, String parent, String recipient, Message message,
                           String replyTo, boolean provisional, String tellTo) {
        String json = toJson(message);
        String id = db.transaction(c -> {
            String ch = channel;
            String threadKey = null;
            String to = platform;
            String respondTo = replyTo;
            if (parent != null) {
                try (PreparedStatement s = c.prepareStatement("SELECT channel, thread_key, platform, respond_to FROM outbox WHERE id = ?")) {
                    s.setString(1, parent);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next()) {
                            throw new IllegalArgumentException("no outbox item " + parent);
                        }
                        ch = r.getString(1);
                        threadKey = r.getString(2);
                        to = r.getString(3);
                        respondTo = r.getString(4);   // edits and replies of an answer go the way it went
                    }
                }
            }
            Instant now = clock.instant();
            String itemId = ids.next(now);
            // The leader's own work (a fenced transaction) is sent by whoever leads; a person's, by this replica.
            String origin = db.fenced() || !deliversHere.getAsBoolean() ? null : replica;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (id, seq, created_at, channel, op, parent, thread_key, "
                    + "message, status, attempts, next_attempt_at, origin, platform, recipient, respond_to, provisional, tell_to) VALUES (?, "
                    + db.dialect().nextOutboxSeq() + ", ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, itemId);
                s.setLong(2, now.toEpochMilli());
                s.setString(3, ch);
                s.setString(4, op.name());
                setString(s, 5, parent);
                s.setString(6, threadKey == null ? itemId : threadKey);
                s.setString(7, json);
                s.setLong(8, now.toEpochMilli());
                setString(s, 9, origin);
                setString(s, 10, to);
                setString(s, 11, recipient);
                setString(s, 12, respondTo);
                if (provisional) {
                    s.setInt(13, 1);
                } else {
                    s.setNull(13, java.sql.Types.INTEGER);
                }
                setString(s, 14, tellTo);
                s.executeUpdate();
            }
            return itemId;
        });
        db.afterCommit(() -> wake.run());
        return id;
    }

    /** Undelivered items, in order. */
    public List<Item> pending(int limit) {
        return query("SELECT " + COLUMNS + " FROM outbox WHERE status = 'PENDING' ORDER BY seq LIMIT ?", limit);
    }

    /**
     * How many pending items are this replica's to send: those its commands and clicks queued, and, while it leads,
     * the leader's (alerts, incident threads).
     */
    public int pendingHere(boolean leading) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND (origin = ?"
                    + (leading ? " OR origin IS NULL" : "") + ")")) {
                s.setString(1, replica);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    /**
     * The items this replica should try to send now, in order: the oldest pending item of each thread, when it
     * is this replica's (or, while it leads, the leader's or a stopped replica's), and not claimed by another
     * replica that is still alive.
     *
     * @param leading whether this replica leads
     * @param aliveWithin a replica that said it was alive within this long counts as alive (the lease TTL)
     */
    public List<Item> due(boolean leading, Duration aliveWithin, int limit) {
        String now = db.dialect().now();
        String live = "SELECT 1 FROM replicas r WHERE r.id = %s AND r.last_seen > " + now + " - ?";
        String sql = "SELECT " + COLUMNS + " FROM outbox o WHERE o.status = 'PENDING'"
                + " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.thread_key = o.thread_key AND p.status = 'PENDING' AND p.seq < o.seq)"
                + " AND (o.origin = ?" + (leading ? " OR o.origin IS NULL OR NOT EXISTS (" + live.formatted("o.origin") + ")" : "") + ")"
                + " AND (o.claimed_by IS NULL OR o.claimed_by = ? OR NOT EXISTS (" + live.formatted("o.claimed_by") + "))"
                + " ORDER BY o.seq LIMIT ?";
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                s.setString(i++, replica);
                if (leading) {
                    s.setLong(i++, aliveWithin.toMillis());
                }
                s.setString(i++, replica);
                s.setLong(i++, aliveWithin.toMillis());
                s.setInt(i, limit);
                return items(s);
            }
        });
    }

    /**
     * Claims a pending item for this replica: true for the one replica whose conditional UPDATE took it (it was
     * unclaimed, already this replica's, or claimed by a replica that stopped saying it is alive).
     */
    boolean claim(String id, Duration aliveWithin) {
        String now = db.dialect().now();
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET claimed_by = ?, claimed_at = " + now
                    + " WHERE id = ? AND status = 'PENDING' AND (claimed_by IS NULL OR claimed_by = ? OR NOT EXISTS "
                    + "(SELECT 1 FROM replicas r WHERE r.id = outbox.claimed_by AND r.last_seen > " + now + " - ?))")) {
                s.setString(1, replica);
                s.setString(2, id);
                s.setString(3, replica);
                s.setLong(4, aliveWithin.toMillis());
                return s.executeUpdate() == 1;
            }
        });
    }

    public Optional<Item> item(String id) {
        List<Item> found = query("SELECT " + COLUMNS + " FROM outbox WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<Item> all() {
        return query("SELECT " + COLUMNS + " FROM outbox ORDER BY seq");
    }

    void delivered(String id, String deliveredId, String deliveredThread, Instant at) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET status = 'DELIVERED', delivered_id = ?, "
                    + "delivered_thread = ?, delivered_at = ?, attempts = attempts + 1 WHERE id = ?")) {
                s.setString(1, deliveredId);
                setString(s, 2, deliveredThread);
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

    /** Whether an edit of the same message was queued after {@code item}: then {@code item} needn't be sent at all. */
    boolean superseded(Item item) {
        return item.op() == Op.UPDATE && db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM outbox WHERE op = 'UPDATE' AND parent = ? AND seq > ? "
                    + "AND status = 'PENDING'")) {
                s.setString(1, item.parent());
                s.setLong(2, item.seq());
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /** An edit that needn't be sent (a later edit of the same message replaces it): recorded as done, with why. */
    void skipped(String id, Instant at, String why) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET status = 'DELIVERED', delivered_at = ?, "
                    + "last_error = ? WHERE id = ?")) {
                s.setLong(1, at.toEpochMilli());
                s.setString(2, why);
                s.setString(3, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * How a request's reply channel has been used: how many messages went through it, and when its first item was queued
     * (Slack's response_url takes five within 30 minutes of the command).
     */
    record ReplyChannelUse(int sent, Instant since) {
    }

    ReplyChannelUse replyChannelUse(String replyTo) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT SUM(CASE WHEN delivered_id LIKE '" + RESPONDED + "%' THEN 1 ELSE 0 END), "
                    + "MIN(created_at) FROM outbox WHERE respond_to = ?")) {
                s.setString(1, replyTo);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return new ReplyChannelUse(r.getInt(1), r.getObject(2) == null ? clock.instant() : Instant.ofEpochMilli(r.getLong(2)));
                }
            }
        });
    }

    /** Items to this channel that could not be delivered and that the channel wasn't told about yet: how many, and why. */
    Optional<String> untoldFailures(String platform, String channel) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), MAX(last_error) FROM outbox WHERE status = 'FAILED' "
                    + "AND channel = ? AND " + (platform == null ? "platform IS NULL" : "platform = ?") + " AND failure_noted IS NULL "
                    + "AND op <> 'EPHEMERAL'")) {
                s.setString(1, channel);
                if (platform != null) {
                    s.setString(2, platform);
                }
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    long n = r.getLong(1);
                    return n == 0 ? Optional.<String>empty() : Optional.of(n + (n == 1 ? " earlier message" : " earlier messages")
                            + " to this channel could not be delivered (" + r.getString(2) + ")");
                }
            }
        });
    }

    /** The channel has been told about its undelivered items. */
    void failuresTold(String platform, String channel) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET failure_noted = 1 WHERE status = 'FAILED' AND channel = ? AND "
                    + (platform == null ? "platform IS NULL" : "platform = ?") + " AND failure_noted IS NULL")) {
                s.setString(1, channel);
                if (platform != null) {
                    s.setString(2, platform);
                }
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

    private List<Item> query(String sql, Object... args) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    if (args[i] instanceof Integer n) {
                        s.setInt(i + 1, n);
                    } else {
                        s.setString(i + 1, (String) args[i]);
                    }
                }
                return items(s);
            }
        });
    }

    private static List<Item> items(PreparedStatement s) throws SQLException {
        List<Item> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(item(r));
            }
        }
        return out;
    }

    private static Item item(ResultSet r) throws SQLException {
        return new Item(r.getString(1), r.getLong(2), Instant.ofEpochMilli(r.getLong(3)), r.getString(4), Op.valueOf(r.getString(5)),
                r.getString(6), r.getString(7), fromJson(r.getString(8)), Status.valueOf(r.getString(9)), r.getInt(10),
                Instant.ofEpochMilli(r.getLong(11)), r.getString(12), r.getString(13),
                r.getObject(14) == null ? null : Instant.ofEpochMilli(r.getLong(14)), r.getString(15), r.getString(16), r.getString(17),
                r.getString(18), r.getString(19), r.getInt(20) == 1, r.getString(21));
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
