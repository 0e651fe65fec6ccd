package dev.triage.adapters.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Delivery;
import dev.triage.adapters.DeliveryWithdrawnException;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outbound calls through the real Slack client to the local fake: order, pace, Retry-After, backoff. */
class SlackOutboundTest {
    private final FakeTime time = new FakeTime();
    private FakeSlackApi api;
    private SlackAdapter slack;

    @BeforeEach
    void start() throws Exception {
        api = new FakeSlackApi();
        SlackSettings settings = SlackSettings.httpMode("xoxb-test-0000-bot-token", SignedRequests.SIGNING_SECRET, 0)
                .withApiBaseUrl(api.baseUrl());
        slack = new SlackAdapter(settings, DeliveryPolicy.defaults(), time, time);
    }

    @AfterEach
    void stop() {
        slack.close();
        api.close();
    }

    @Test
    void rateLimitedPostWaitsOutRetryAfterAndNothingIsLostOrReordered() {
        api.answerOnce("chat.postMessage", new FakeSlackApi.Answer(200, Map.of(), okPost("1700000000.000001")));
        api.answerOnce("chat.postMessage", new FakeSlackApi.Answer(200, Map.of(), okPost("1700000000.000002")));
        api.answerOnce("chat.postMessage", new FakeSlackApi.Answer(
                429, Map.of("Retry-After", "7"), "{\"ok\":false,\"error\":\"ratelimited\"}"));

        List<CompletableFuture<MessageRef>> sent = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            sent.add(slack.postAsync("C0OPS", Message.text("message " + i)));
        }
        sent.forEach(CompletableFuture::join);

        List<String> texts = api.calls("chat.postMessage").stream().map(c -> c.param("text")).toList();
        assertEquals(List.of("message 1", "message 2", "message 3", "message 3", "message 4", "message 5", "message 6"), texts,
                "the rate-limited message is sent again before the ones queued after it");
        assertTrue(time.sleeps().contains(Duration.ofSeconds(7)), "waited for Retry-After: " + time.sleeps());
    }

    @Test
    void postsToOneChannelAreSpacedByTheIntervalButOtherChannelsDoNotWait() {
        slack.post("C0OPS", Message.text("one"));
        slack.post("C0OPS", Message.text("two"));
        slack.post("C0OTHER", Message.text("elsewhere"));

        assertEquals(List.of(Duration.ofSeconds(1)), time.sleeps(),
                "one wait, before the second post to the same channel");
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackoff() {
        api.answerOnce("chat.postMessage", new FakeSlackApi.Answer(503, Map.of(), "{\"ok\":false,\"error\":\"service_unavailable\"}"));
        api.answerOnce("chat.postMessage", new FakeSlackApi.Answer(500, Map.of(), "{\"ok\":false,\"error\":\"internal_error\"}"));

        MessageRef ref = slack.post("C0OPS", Message.text("after two failures"));

        assertEquals(3, api.calls("chat.postMessage").size());
        assertEquals("C0OPS", ref.channel());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), time.sleeps());
    }

    @Test
    void retriesAreBoundedAndTheFailureNamesMethodAndChannel() {
        for (int i = 0; i < 5; i++) {
            api.answerOnce("chat.postMessage", new FakeSlackApi.Answer(502, Map.of(), "bad gateway"));
        }

        SlackCallFailedException e = assertThrows(SlackCallFailedException.class, () -> slack.post("C0OPS", Message.text("lost")));

        assertEquals(5, api.calls("chat.postMessage").size());
        assertTrue(e.getMessage().startsWith("chat.postMessage to C0OPS failed: HTTP 502 after 5 tries"), e.getMessage());
        assertTrue(!e.getMessage().contains("xoxb"), "no token in the message");
    }

    @Test
    void slackErrorIsNotRetriedAndSaysWhatToDo() {
        api.answerOnce("chat.postMessage", FakeSlackApi.Answer.json("{\"ok\":false,\"error\":\"not_in_channel\"}"));

        SlackCallFailedException e = assertThrows(SlackCallFailedException.class, () -> slack.post("C0PRIVATE", Message.text("hi")));

        assertEquals("not_in_channel", e.error());
        assertTrue(e.getMessage().contains("/invite"), e.getMessage());
        assertEquals(1, api.calls("chat.postMessage").size());
    }

    @Test
    void aFailedCallDoesNotBlockTheChannelsQueue() {
        api.answerOnce("chat.postMessage", FakeSlackApi.Answer.json("{\"ok\":false,\"error\":\"msg_too_long\"}"));

        CompletableFuture<MessageRef> failed = slack.postAsync("C0OPS", Message.text("too long"));
        CompletableFuture<MessageRef> next = slack.postAsync("C0OPS", Message.text("next"));

        CompletionException e = assertThrows(CompletionException.class, failed::join);
        assertEquals("msg_too_long", ((SlackCallFailedException) e.getCause()).error());
        assertEquals("C0OPS", next.join().channel());
    }

    private static String okPost(String ts) {
        return "{\"ok\":true,\"channel\":\"C0OPS\",\"ts\":\"" + ts + "\"}";
    }

    @Test
    void aDeliveryWithdrawnWhileItWaitedOutARetryAfterIsNotSentAgain() {
        api.answerOnce("chat.postMessage", new FakeSlackApi.Answer(
                429, Map.of("Retry-After", "20"), "{\"ok\":false,\"error\":\"ratelimited\"}"));
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        // Ours for the first try; during the 20 s wait this replica was paused past its lease and another took the message.
        Delivery delivery = new Delivery("01outboxkey-late", () -> asked.incrementAndGet() == 1);

        DeliveryWithdrawnException e = assertThrows(DeliveryWithdrawnException.class,
                () -> slack.post("C0OPS", Message.text("alert"), delivery));

        assertTrue(e.getMessage().contains("01outboxkey-late"), e.getMessage());
        assertEquals(1, api.calls("chat.postMessage").size(), "the one try before the wait, none after");
        assertTrue(time.sleeps().contains(Duration.ofSeconds(20)), time.sleeps().toString());
    }

    @Test
    void aMessagePostedWithADeliveryKeyCanBeFoundAgainByIt() {
        MessageRef root = slack.post("C1", Message.text("root"), Delivery.keyed("01outboxkey-root"));
        MessageRef reply = slack.reply(root, Message.text("reply"), Delivery.keyed("01outboxkey-reply"));
        var since = java.time.Instant.now().minusSeconds(300);
        assertEquals(java.util.Optional.of(root), slack.findDelivered("C1", null, "01outboxkey-root", since));
        assertEquals(reply.id(), slack.findDelivered("C1", root, "01outboxkey-reply", since).orElseThrow().id());
        assertEquals(java.util.Optional.empty(), slack.findDelivered("C1", null, "never-sent", since));
        assertTrue(api.calls("chat.postMessage").get(0).param("metadata").contains("\"key\":\"01outboxkey-root\""),
                api.calls("chat.postMessage").get(0).params().toString());
    }
}
