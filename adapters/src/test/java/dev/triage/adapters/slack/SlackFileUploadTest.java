package dev.triage.adapters.slack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Delivery;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Tone;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message with a picture, through the real Slack client to the local fake speaking Slack's wire format: the three steps
 * of the external upload ({@code files.upload} is retired), into the right thread, one file per picture — also when every
 * step is rate limited — and a send in doubt found by its delivery key instead of shared twice.
 */
class SlackFileUploadTest {
    private static final String CHANNEL = "C0INC";
    private final FakeTime time = new FakeTime();
    private FakeSlackApi api;
    private SlackAdapter slack;
    private byte[] png;

    @BeforeEach
    void start() throws IOException {
        api = new FakeSlackApi();
        slack = new SlackAdapter(SlackSettings.httpMode("xoxb-test-0000-bot-token", SignedRequests.SIGNING_SECRET, 0)
                .withApiBaseUrl(api.baseUrl()), DeliveryPolicy.defaults(), time, time);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB), "png", out);
        png = out.toByteArray();
    }

    @AfterEach
    void stop() {
        slack.close();
        api.close();
    }

    private Message chart() {
        return Message.builder("Uptime chart: prod, last 24h").tone(Tone.INFO)
                .image(new Message.Image("uptime-prod-24h-20261122T0316Z.png", "Uptime chart of prod, last 24h: 99.7 % up", png))
                .build();
    }

    @Test
    void aPictureIsUploadedInThreeStepsAndSharedOnceInTheThreadItBelongsTo() {
        MessageRef root = slack.post(CHANNEL, Message.text("OPEN prod is DOWN"));

        MessageRef ref = slack.reply(root, chart(), Delivery.keyed("item-42"));

        var url = api.calls("files.getUploadURLExternal");
        assertEquals(1, url.size());
        assertEquals("uptime-prod-24h-20261122T0316Z-item-42.png", url.get(0).param("filename"), "the file's name carries the key");
        assertEquals(Integer.toString(png.length), url.get(0).param("length"));
        assertEquals("Uptime chart of prod, last 24h: 99.7 % up", url.get(0).param("alt_txt"));
        var upload = api.calls(FakeSlackApi.UPLOAD);
        assertEquals(1, upload.size());
        assertNull(upload.get(0).param("authorization"), "the upload URL grants the upload; the token never goes there");
        var complete = api.calls("files.completeUploadExternal");
        assertEquals(1, complete.size());
        assertEquals(CHANNEL, complete.get(0).param("channel_id"));
        assertEquals(root.id(), complete.get(0).param("thread_ts"));
        assertTrue(complete.get(0).param("initial_comment").contains("Uptime chart: prod, last 24h"), complete.get(0).params().toString());
        assertEquals(List.of(), api.calls("files.upload"), "the retired method is never called");

        List<FakeSlackApi.FakeFile> shared = api.sharedFiles(CHANNEL, root.id());
        assertEquals(1, shared.size());
        assertArrayEquals(png, shared.get(0).bytes);
        assertEquals("Uptime chart of prod, last 24h: 99.7 % up", shared.get(0).title);
        assertEquals(root.id(), ref.threadId());
        assertEquals(List.of(), api.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") != null).toList(),
                "the picture is the file's share, not another message");
    }

    @Test
    void aStormOf429sOnEveryStepWaitsOutEachRetryAfterAndStillSharesExactlyOneFile() {
        MessageRef root = slack.post(CHANNEL, Message.text("OPEN prod is DOWN"));
        for (String method : List.of("files.getUploadURLExternal", FakeSlackApi.UPLOAD, "files.completeUploadExternal")) {
            for (int i = 0; i < 4; i++) {   // four refusals: the fifth and last try of each step goes through
                api.answerNext(method, 429, Map.of("Retry-After", Integer.toString(3 + i)), "{\"ok\":false,\"error\":\"ratelimited\"}");
            }
        }

        slack.reply(root, chart(), Delivery.keyed("item-43"));

        assertEquals(5, api.calls("files.getUploadURLExternal").size());
        assertEquals(5, api.calls(FakeSlackApi.UPLOAD).size());
        assertEquals(5, api.calls("files.completeUploadExternal").size());
        assertEquals(1, api.calls("files.completeUploadExternal").stream().map(c -> c.param("files")).distinct().count(),
                "every retry of the share names the same file: " + api.calls("files.completeUploadExternal"));
        assertEquals(1, api.sharedFiles().size(), "one file, wherever");
        assertEquals(1, api.sharedFiles(CHANNEL, root.id()).size(), "in the incident's thread");
        assertTrue(time.sleeps().containsAll(List.of(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5),
                Duration.ofSeconds(6))), "each Retry-After waited out: " + time.sleeps());
    }

    @Test
    void aSendInDoubtIsFoundInTheThreadByTheKeyInTheFilesName() {
        MessageRef root = slack.post(CHANNEL, Message.text("OPEN prod is DOWN"));
        slack.reply(root, chart(), Delivery.keyed("item-44"));

        Optional<MessageRef> found = slack.findDelivered(CHANNEL, root, "item-44", time.instant().minusSeconds(60));
        Optional<MessageRef> other = slack.findDelivered(CHANNEL, root, "item-45", time.instant().minusSeconds(60));

        assertEquals(api.sharedFiles(CHANNEL, root.id()).get(0).id, found.orElseThrow().id());
        assertEquals(Optional.empty(), other);
    }

    @Test
    void aPicturePostedInAChannelIsSharedThereWithoutAThread() {
        slack.post(CHANNEL, chart(), Delivery.keyed("item-46"));

        assertEquals(1, api.sharedFiles(CHANNEL, null).size());
        assertNull(api.calls("files.completeUploadExternal").get(0).param("thread_ts"));
    }

    @Test
    void withoutTheFilesWriteScopeTheChartsMessageGoesWithoutItAndSaysWhy() {
        MessageRef root = slack.post(CHANNEL, Message.text("OPEN prod is DOWN"));
        api.answerNext("files.getUploadURLExternal", 200, Map.of(), "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"files:write\"}");

        slack.reply(root, chart(), Delivery.keyed("item-47"));

        assertEquals(List.of(), api.sharedFiles());
        var posted = api.calls("chat.postMessage").stream().filter(c -> root.id().equals(c.param("thread_ts"))).toList();
        assertEquals(1, posted.size(), "one message in the thread instead");
        assertTrue(posted.get(0).param("blocks").contains("lacks the files:write scope"), posted.get(0).param("blocks"));
        assertEquals("item-47", posted.get(0).deliveryKey(), "with its key, so a send in doubt is found like any message");
    }
}
