package dev.triage.bot.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.ChatPort;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.TestStores;
import dev.triage.config.StoreSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The outbox on SQLite and PostgreSQL, delivered through a port that fails on demand, on a clock the test moves. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRESQL})
class OutboxDeliveryTest {
    @Parameter
    String store;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T03:12:00Z"));
    private final InstantSource clock = () -> now.get();
    private final FlakyPort port = new FlakyPort();
    private StoreSettings settings;
    private Database db;
    private Outbox outbox;

    @BeforeEach
    void open() throws Exception {
        settings = TestStores.fresh(store);
        db = Database.open(settings);
        outbox = new Outbox(db, new Ids(), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private OutboxDelivery delivery(Duration pace) {
        return new OutboxDelivery(outbox, port, clock, pace);
    }

    @Test
    void repliesFollowTheirRootAndEditsTargetTheDeliveredMessage() {
        String root = outbox.post("C1", Message.text("root"));
        outbox.reply(root, Message.text("first reply"));
        outbox.update(root, Message.text("root, edited"));
        delivery(Duration.ZERO).deliverDue();
        assertEquals(List.of("post C1 root", "reply C1/m1 first reply", "update m1 root, edited"), port.log);
    }

    @Test
    void aFailedDeliveryIsRetriedLaterAndItsThreadWaitsForIt() {
        String root = outbox.post("C1", Message.text("root"));
        outbox.reply(root, Message.text("reply"));
        String other = outbox.post("C2", Message.text("other channel"));
        port.failNext.set(1);
        OutboxDelivery delivery = delivery(Duration.ZERO);
        delivery.deliverDue();
        assertEquals(List.of("post C2 other channel"), port.log, "the root failed; its reply waits, other threads go on");
        delivery.deliverDue();
        assertEquals(1, port.log.size(), "not before its backoff");
        now.updateAndGet(t -> t.plusSeconds(3));
        delivery.deliverDue();
        assertEquals(List.of("post C2 other channel", "post C1 root", "reply C1/m2 reply"), port.log);
        assertTrue(outbox.pending(10).isEmpty());
        assertTrue(other != null);
    }

    @Test
    void aChannelGetsAtMostOneMessagePerInterval() {
        outbox.post("C1", Message.text("one"));
        outbox.post("C1", Message.text("two"));
        outbox.post("C2", Message.text("elsewhere"));
        OutboxDelivery delivery = delivery(Duration.ofSeconds(1));
        delivery.deliverDue();
        assertEquals(List.of("post C1 one", "post C2 elsewhere"), port.log);
        now.updateAndGet(t -> t.plusMillis(1100));
        delivery.deliverDue();
        assertEquals(List.of("post C1 one", "post C2 elsewhere", "post C1 two"), port.log);
    }

    @Test
    void whatWasNeverDeliveredIsSentAfterARestartAndNothingTwice() {
        String root = outbox.post("C1", Message.text("root"));
        delivery(Duration.ZERO).deliverDue();
        outbox.reply(root, Message.text("queued before the crash"));
        db.close();   // the process dies here

        db = Database.open(settings);
        outbox = new Outbox(db, new Ids(), clock);
        delivery(Duration.ZERO).deliverDue();
        assertEquals(List.of("post C1 root", "reply C1/m1 queued before the crash"), port.log);
    }

    @Test
    void aMessageThatArrivedJustBeforeACrashIsFoundByItsKeyAndNotSentAgain() {
        String root = outbox.post("C1", Message.text("root"));
        port.dieAfterSending.set(true);   // the platform gets it, then the process dies before recording it
        delivery(Duration.ZERO).deliverDue();
        assertEquals(List.of("post C1 root"), port.log);
        assertTrue(outbox.item(root).orElseThrow().inDoubt());

        now.updateAndGet(t -> t.plusSeconds(5));   // the bot comes back a little later
        outbox.reply(root, Message.text("after the restart"));
        delivery(Duration.ZERO).deliverDue();
        assertEquals(List.of("post C1 root", "reply C1/m1 after the restart"), port.log, "root found by its key, not re-sent");
        assertEquals("m1", outbox.item(root).orElseThrow().deliveredId());
    }

    @Test
    void aMessageThatCantBeDeliveredIsRecordedWithWhyAndTheNextOneToThatChannelSaysSo() {
        String lost = outbox.post("C1", Message.text("the answer nobody got"));
        port.failNext.set(OutboxDelivery.MAX_ATTEMPTS);
        OutboxDelivery delivery = delivery(Duration.ZERO);
        for (int i = 0; i < OutboxDelivery.MAX_ATTEMPTS; i++) {
            delivery.deliverDue();
            now.updateAndGet(t -> t.plusSeconds(301));
        }
        assertEquals(Outbox.Status.FAILED, outbox.item(lost).orElseThrow().status());
        outbox.post("C1", Message.text("next answer"));
        outbox.post("C1", Message.text("and the one after"));
        delivery.deliverDue();
        assertEquals(List.of("post C1 next answer", "post C1 and the one after"), port.log);
        assertEquals("1 earlier message to this channel could not be delivered (chat.postMessage answered 503 five times); ask again"
                + " if you were waiting for an answer", port.lastLines.get(0).get(0).text(), "told once, on the next message");
        assertTrue(port.lastLines.get(1).isEmpty());
    }

    @Test
    void anEditThatALaterEditReplacesIsNotSentAndLinesForOnePersonGoToThem() {
        String card = outbox.post("C1", Message.text("card"));
        outbox.update(card, Message.text("running 1 of 3"));
        outbox.update(card, Message.text("running 2 of 3"));
        outbox.update(card, Message.text("done"));
        outbox.ephemeral("console", "C1", "U1", Message.text("only for you"));
        new OutboxDelivery(outbox, port, Map.of("console", port), p -> Duration.ZERO, clock, Duration.ofSeconds(1),
                OutboxDelivery.Role.SOLO).deliverDue();
        assertEquals(List.of("post C1 card", "update m1 done"), port.log.stream().filter(l -> !l.startsWith("ephemeral")).toList(),
                "the card, then only its last edit");
        assertTrue(port.log.contains("ephemeral only for you"), port.log.toString());
    }

    /** Records what it delivers; fails the next N calls like a Slack 5xx that outlived the adapter's own retries. */
    @Test
    void aReplyChannelCarriesAnAnswerAndItsEditsWithinItsFiveUsesKeepingTheLastWord() {
        String answer = outbox.respond(null, "G1", "url-1", Message.text("checking 0 of 9"));
        OutboxDelivery delivery = delivery(Duration.ofSeconds(1));
        delivery.deliverDue();
        for (int step = 1; step <= 8; step++) {
            outbox.update(answer, Message.text("checking " + step + " of 9"), true);
            delivery.deliverDue();   // each progress line is the newest when it is sent: none replaces another
        }
        outbox.update(answer, Message.text("verdict"));
        outbox.ephemeral(null, "G1", "U1", Message.text("only you"), "url-1");
        delivery.deliverDue();
        assertEquals(List.of("respond url-1 IN_CHANNEL checking 0 of 9", "respond url-1 REPLACE_ORIGINAL checking 1 of 9",
                "respond url-1 REPLACE_ORIGINAL checking 2 of 9", "respond url-1 REPLACE_ORIGINAL verdict",
                "respond url-1 EPHEMERAL only you"), port.log, "progress stops at three uses; the verdict and the line still fit");

        outbox.reply(answer, Message.text("one more"));
        delivery.deliverDue();
        assertEquals("post G1 one more", port.log.getLast(), "five uses spent: the channel takes the rest");
    }

    @Test
    void aReplyChannelIsNotUsedAfterItsThirtyMinutesNorAgainAfterARefusal() {
        String late = outbox.respond(null, "C1", "url-late", Message.text("late answer"));
        now.updateAndGet(t -> t.plus(Duration.ofMinutes(30)));
        delivery(Duration.ZERO).deliverDue();
        assertEquals(List.of("post C1 late answer"), port.log, "past its life the answer goes to the channel");
        outbox.update(late, Message.text("late, edited"));
        delivery(Duration.ZERO).deliverDue();
        assertEquals("update m1 late, edited", port.log.getLast(), "its edits follow it there");

        outbox.respond(null, "C1", "url-refused", Message.text("refused once"));
        port.failNext.set(1);
        OutboxDelivery delivery = delivery(Duration.ZERO);
        delivery.deliverDue();
        now.updateAndGet(t -> t.plusSeconds(3));
        delivery.deliverDue();
        assertEquals("post C1 refused once", port.log.getLast(), "after one refusal it goes to the channel");
    }

    static final class FlakyPort implements ChatPort {
        final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failNext = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicBoolean dieAfterSending = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.Map<String, MessageRef> byKey = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicInteger seq = new AtomicInteger();

        @Override
        public MessageRef post(String channel, Message m, dev.triage.adapters.Delivery delivery) {
            delivery.mayProceed();
            MessageRef ref = post(channel, m);
            byKey.put(delivery.key(), ref);
            if (dieAfterSending.getAndSet(false)) {
                throw new IllegalStateException("killed before the outbox recorded the delivery");
            }
            return ref;
        }

        @Override
        public MessageRef reply(MessageRef parent, Message m, dev.triage.adapters.Delivery delivery) {
            delivery.mayProceed();
            MessageRef ref = reply(parent, m);
            byKey.put(delivery.key(), ref);
            return ref;
        }

        @Override
        public void respond(String replyTo, String channel, Message m, dev.triage.adapters.Response how,
                            dev.triage.adapters.Delivery delivery) {
            delivery.mayProceed();
            maybeFail();
            log.add("respond " + replyTo + " " + how + " " + m.title());
        }

        @Override
        public java.util.Optional<MessageRef> findDelivered(String channel, MessageRef thread, String key, Instant since) {
            return java.util.Optional.ofNullable(byKey.get(key));
        }

        private void maybeFail() {
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("chat.postMessage answered 503 five times");
            }
        }

        final List<List<Message.Line>> lastLines = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public MessageRef post(String channel, Message m) {
            maybeFail();
            log.add("post " + channel + " " + m.title());
            lastLines.add(m.lines());
            return new MessageRef(channel, "m" + seq.incrementAndGet(), null);
        }

        @Override
        public MessageRef reply(MessageRef parent, Message m) {
            maybeFail();
            log.add("reply " + parent.channel() + "/" + parent.id() + " " + m.title());
            return new MessageRef(parent.channel(), "m" + seq.incrementAndGet(), parent.threadRoot());
        }

        @Override
        public void update(MessageRef ref, Message m) {
            maybeFail();
            log.add("update " + ref.id() + " " + m.title());
        }

        @Override
        public void ephemeral(String channel, String userId, Message m) {
            log.add("ephemeral " + m.title());
        }
    }
}
