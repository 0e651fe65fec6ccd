package dev.triage.adapters.discord;

import dev.triage.adapters.testing.RecordingListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.CommandEvent;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Tone;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import net.dv8tion.jda.api.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter end to end against a fake Discord on 127.0.0.1: JDA logs in over the fake REST API,
 * identifies on the fake gateway, registers the commands, and receives interactions from it.
 */
class DiscordAdapterTest {
    private static final String TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";

    private FakeDiscord discord;
    private DiscordAdapter adapter;
    private final MutableClock clock = new MutableClock();
    private final BlockingQueue<MessageRef> posted = new LinkedBlockingQueue<>();

    @BeforeEach
    void startFake() throws Exception {
        discord = new FakeDiscord(Permission.getRaw(DiscordAdapter.PERMISSIONS));
    }

    @AfterEach
    void stop() throws Exception {
        if (adapter != null) {
            adapter.close();
        }
        discord.close();
    }

    private void start(RecordingListener listener) throws Exception {
        adapter = new DiscordAdapter(DiscordSettings.of(TOKEN, List.of(discord.guildId))
                .withTargetNames(() -> List.of("prod", "staging", "prod-eu"))
                .withEndpoints(discord.restBaseUrl(), discord.gatewayUrl()), clock);
        adapter.start(listener);
    }

    @Test
    void startRegistersBackendWithItsSubcommandsAndOptionsAsGuildCommands() throws Exception {
        start(new RecordingListener());

        FakeDiscord.Call put = discord.await("the guild commands",
                c -> c.method().equals("PUT") && c.path().equals("applications/" + discord.applicationId + "/guilds/" + discord.guildId + "/commands"));
        JsonArray commands = put.jsonArray();
        assertEquals(1, commands.size());
        JsonObject backend = commands.get(0).getAsJsonObject();
        assertEquals("backend", backend.get("name").getAsString());
        Map<String, JsonObject> top = byName(backend.getAsJsonArray("options"));
        assertEquals(List.of("help", "status", "diagnose", "logs", "ports", "silence", "whoami", "action"), List.copyOf(top.keySet()),
                "the listener's catalogue, in its order; the action requests in their group");
        assertEquals(2, top.get("action").get("type").getAsInt(), "SUB_COMMAND_GROUP");
        Map<String, JsonObject> subs = new java.util.LinkedHashMap<>(top);
        subs.putAll(byName(top.get("action").getAsJsonArray("options")));
        Map<String, JsonObject> silence = byName(subs.get("silence").getAsJsonArray("options"));
        assertEquals(List.of("target", "duration", "reason"), List.copyOf(silence.keySet()));
        assertTrue(silence.get("duration").get("required").getAsBoolean());
        JsonObject statusTarget = subs.get("status").getAsJsonArray("options").get(0).getAsJsonObject();
        assertEquals("target", statusTarget.get("name").getAsString());
        assertEquals(3, statusTarget.get("type").getAsInt(), "a string");
        assertTrue(statusTarget.get("autocomplete").getAsBoolean());
        assertEquals(false, statusTarget.get("required").getAsBoolean());
        Map<String, JsonObject> logs = byName(subs.get("logs").getAsJsonArray("options"));
        assertEquals(4, logs.get("lines").get("type").getAsInt(), "an integer");
        Map<String, JsonObject> restart = byName(subs.get("restart").getAsJsonArray("options"));
        assertTrue(restart.get("target").get("required").getAsBoolean());
        assertEquals(5, restart.get("dry-run").get("type").getAsInt(), "a boolean");

        JsonObject identify = awaitIdentify();
        assertEquals(1, identify.getAsJsonObject("d").get("intents").getAsInt(), "GUILDS only: no privileged intent");
    }

    @Test
    void slashCommandIsDeferredAtOnceThenAnsweredThroughTheInteractionHook() throws Exception {
        RecordingListener listener = new RecordingListener().whenCommand(e -> posted.add(adapter.post(e.channel(),
                Message.builder("prod — DOWN (2 of 3 checks fail)").tone(Tone.FAIL)
                        .line(Tone.FAIL, "http-health", "GET /health → 502", "388 ms")
                        .button(Message.Button.of("diagnose:prod", "Diagnose")).build())));
        start(listener);
        String interaction = FakeDiscord.snowflake();
        String user = FakeDiscord.snowflake();
        JsonArray options = new JsonArray();
        options.add(FakeDiscord.option("target", 3, "prod"));

        discord.dispatch("INTERACTION_CREATE", discord.slashCommand(interaction, user, "status", options));

        FakeDiscord.Call callback = discord.await("the defer", c -> c.path().startsWith("interactions/" + interaction + "/"));
        assertEquals("POST", callback.method());
        assertEquals(5, callback.json().get("type").getAsInt(), "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE");
        CommandEvent event = listener.nextCommand();
        assertEquals("backend", event.command());
        assertEquals("status prod", event.text());
        assertEquals(discord.channelId, event.channel());
        assertEquals(user, event.user().userId());
        assertEquals("discord", event.user().platform());
        assertEquals("Ana (on call)", event.user().displayName());
        assertEquals(Set.of(discord.operatorRoleId), event.user().platformRoles());

        FakeDiscord.Call answer = discord.await("the answer through the hook",
                c -> c.path().startsWith("webhooks/" + discord.applicationId + "/interaction-token-" + interaction));
        assertEquals("PATCH", answer.method());
        assertTrue(answer.path().endsWith("/messages/@original"), answer.path());
        assertTrue(answer.json().get("content").getAsString().contains("**FAIL**  prod — DOWN"), answer.body());
        assertEquals("diagnose:prod", answer.json().getAsJsonArray("components").get(0).getAsJsonObject()
                .getAsJsonArray("components").get(0).getAsJsonObject().get("custom_id").getAsString());
        MessageRef ref = posted.poll(10, TimeUnit.SECONDS);
        assertNotNull(ref);
        assertEquals(discord.channelId, ref.channel());
        assertEquals(List.of(), discord.calls("POST", "channels/\\d+/messages"), "no channel message: the hook answered");

        adapter.update(ref, Message.of(Tone.OK, "prod — UP"));
        FakeDiscord.Call edit = discord.await("the edit", c -> c.method().equals("PATCH") && c.path().endsWith("/messages/" + ref.id()));
        assertTrue(edit.path().startsWith("webhooks/"), "edited through the hook while it lives: " + edit.path());
    }

    @Test
    void postAfterTheHooksLifeGoesToTheChannelInstead() throws Exception {
        RecordingListener listener = new RecordingListener();
        start(listener);
        String interaction = FakeDiscord.snowflake();
        discord.dispatch("INTERACTION_CREATE", discord.slashCommand(interaction, FakeDiscord.snowflake(), "diagnose", new JsonArray()));
        CommandEvent event = listener.nextCommand();
        assertEquals("diagnose", event.text());

        clock.advance(Duration.ofMinutes(15));
        MessageRef ref = adapter.post(event.channel(), Message.text("Diagnosing prod … 7 of 11 checks done"));

        FakeDiscord.Call sent = discord.await("a channel message", c -> c.method().equals("POST") && c.path().equals("channels/" + discord.channelId + "/messages"));
        assertEquals("Diagnosing prod … 7 of 11 checks done", sent.json().get("content").getAsString());
        assertEquals(discord.channelId, ref.channel());
        assertEquals(List.of(), discord.calls("PATCH", "webhooks/.*"), "the expired hook was not used");
    }

    @Test
    void aQueuedMessageSentAgainAfterACrashInDoubtIsOneMessageByItsNonce() throws Exception {
        RecordingListener listener = new RecordingListener();
        start(listener);
        // A command waits for its answer in the channel: an alert from the outbox must not take its hook.
        discord.dispatch("INTERACTION_CREATE", discord.slashCommand(FakeDiscord.snowflake(), FakeDiscord.snowflake(), "status",
                new JsonArray()));
        CommandEvent event = listener.nextCommand();

        MessageRef first = adapter.post(event.channel(), Message.text("OPEN  prod is DOWN"), dev.triage.adapters.Delivery.keyed("1m8rr25vm6xwrp60m"));
        MessageRef again = adapter.post(event.channel(), Message.text("OPEN  prod is DOWN"), dev.triage.adapters.Delivery.keyed("1m8rr25vm6xwrp60m"));

        List<FakeDiscord.Call> posts = discord.calls("POST", "channels/" + discord.channelId + "/messages");
        assertEquals(2, posts.size(), "sent twice, as after a crash between sending and recording");
        for (FakeDiscord.Call c : posts) {
            assertEquals("1m8rr25vm6xwrp60m.0", c.json().get("nonce").getAsString());
            assertTrue(c.json().get("enforce_nonce").getAsBoolean(), "Discord is told to keep one message per nonce");
        }
        assertEquals(first.id(), again.id(), "Discord handed back the message it had: one message in the channel");
        assertEquals(List.of(), discord.calls("PATCH", "webhooks/.*"), "the command's hook still waits for its own answer");
        String hashed = DiscordAdapter.nonce("a-delivery-key-longer-than-twenty-five", 3);
        assertTrue(hashed.length() <= 25 && hashed.endsWith(".3"), "long keys are hashed to fit Discord's 25 characters: " + hashed);
    }

    @Test
    void garbledInteractionsNeverStopTheAdapterAndAGoodCommandIsAnsweredAfter() throws Exception {
        RecordingListener listener = new RecordingListener();
        start(listener);
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 200; n++) {
            JsonObject bad = random.nextBoolean()
                    ? discord.slashCommand(FakeDiscord.snowflake(), FakeDiscord.snowflake(), "status", new JsonArray())
                    : discord.buttonClick(FakeDiscord.snowflake(), FakeDiscord.snowflake(), FakeDiscord.snowflake(), "approve:x");
            switch (n % 8) {
                case 0 -> bad.remove("member");
                case 1 -> bad.remove("data");
                case 2 -> bad.getAsJsonObject("data").addProperty("options", "not a list");
                case 3 -> bad.addProperty("channel_id", "not-a-snowflake");
                case 4 -> bad.getAsJsonObject("data").addProperty(bad.get("type").getAsInt() == 2 ? "name" : "custom_id", "");
                case 5 -> bad.addProperty("type", 99);
                case 6 -> bad.addProperty("id", "\u0000" + random.nextInt());
                default -> bad.add("member", new JsonArray());
            }
            discord.dispatch("INTERACTION_CREATE", bad);
        }
        String good = FakeDiscord.snowflake();
        discord.dispatch("INTERACTION_CREATE", discord.slashCommand(good, FakeDiscord.snowflake(), "status", new JsonArray()));
        CommandEvent event = listener.nextCommand();
        while (!event.text().equals("status")) {
            event = listener.nextCommand();   // a garbled one JDA could still read reaches Triage as an ordinary command
        }
        assertEquals("status", event.text(), "the adapter still hears commands after 200 garbled interactions");
        adapter.post(event.channel(), Message.text("prod — UP"));
        discord.await("the good command's answer", c -> c.path().contains("interaction-token-" + good));
    }

    @Test
    void buttonClickIsDeferredAsAnEditAndDeliveredWithTheClickersIdAndRoles() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener().whenButton(e -> {
            adapter.ephemeral(e.channel(), e.user().userId(),
                    Message.of(Tone.WARN, "You asked for this restart, so someone else with role operator has to approve it."));
            answered.countDown();
        });
        start(listener);
        String interaction = FakeDiscord.snowflake();
        String clicker = FakeDiscord.snowflake();
        String card = FakeDiscord.snowflake();

        discord.dispatch("INTERACTION_CREATE", discord.buttonClick(interaction, clicker, card, "approval:42:approve"));

        FakeDiscord.Call callback = discord.await("the defer", c -> c.path().startsWith("interactions/" + interaction + "/"));
        assertEquals(6, callback.json().get("type").getAsInt(), "DEFERRED_UPDATE_MESSAGE");
        ButtonEvent click = listener.nextClick();
        assertEquals("approval:42:approve", click.buttonId());
        assertEquals(clicker, click.user().userId());
        assertEquals(Set.of(discord.operatorRoleId), click.user().platformRoles());
        assertEquals(new MessageRef(discord.channelId, card, null), click.message());

        FakeDiscord.Call refusal = discord.await("the private refusal",
                c -> c.method().equals("POST") && c.path().equals("webhooks/" + discord.applicationId + "/interaction-token-" + interaction));
        assertEquals(64, refusal.json().get("flags").getAsInt() & 64, "ephemeral: " + refusal.body());
        assertTrue(refusal.json().get("content").getAsString().contains("someone else with role operator"), refusal.body());
        assertTrue(answered.await(10, TimeUnit.SECONDS), "ephemeral() returned once Discord had the message");
    }

    @Test
    void privateAnswerToASlashCommandReplacesThePublicThinkingMessage() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener().whenCommand(e -> {
            adapter.ephemeral(e.channel(), e.user().userId(), Message.of(Tone.WARN, "No target named \"prdo\" — did you mean prod?"));
            answered.countDown();
        });
        start(listener);
        String interaction = FakeDiscord.snowflake();
        JsonArray options = new JsonArray();
        options.add(FakeDiscord.option("target", 3, "prdo"));
        discord.dispatch("INTERACTION_CREATE", discord.slashCommand(interaction, FakeDiscord.snowflake(), "status", options));
        String webhook = "webhooks/" + discord.applicationId + "/interaction-token-" + interaction;

        FakeDiscord.Call resolve = discord.await("the thinking message resolved", c -> c.path().equals(webhook + "/messages/@original"));
        FakeDiscord.Call secret = discord.await("the ephemeral follow-up", c -> c.path().equals(webhook));
        FakeDiscord.Call delete = discord.await("the public message removed", c -> c.path().equals(webhook + "/messages/@original"));

        assertEquals("PATCH", resolve.method());
        assertEquals(64, secret.json().get("flags").getAsInt() & 64, secret.body());
        assertEquals("DELETE", delete.method());
        assertTrue(answered.await(10, TimeUnit.SECONDS), "ephemeral() returned once the public message was gone");
    }

    @Test
    void aReplyStartsAThreadOnThePostedMessageAndFurtherRepliesLandInIt() throws Exception {
        start(new RecordingListener());
        MessageRef alert = adapter.post(discord.channelId, Message.builder("prod is DOWN since 03:12 UTC (3 failed probes)").tone(Tone.FAIL)
                .button(Message.Button.of("ack:42", "Acknowledge")).build());

        MessageRef first = adapter.reply(alert, Message.text("03:12  probe     http-health FAIL ×3 → DOWN"));
        MessageRef second = adapter.reply(first, Message.text("03:13  ack       @lead acknowledged"));
        adapter.update(second, Message.text("03:13  ack       @lead acknowledged (edited)"));
        adapter.update(alert, Message.of(Tone.OK, "prod RESOLVED after 4 min"));

        List<FakeDiscord.Call> threads = discord.calls("POST", "channels/\\d+/messages/\\d+/threads");
        assertEquals(1, threads.size(), "one thread: " + discord.calls);
        assertEquals("channels/" + discord.channelId + "/messages/" + alert.id() + "/threads", threads.getFirst().path());
        assertEquals("prod is DOWN since 03:12 UTC (3 failed probes)", threads.getFirst().json().get("name").getAsString());
        assertEquals(alert.id(), first.threadId(), "a thread's id is its starter message's id");
        assertEquals(alert.id(), second.threadId());
        List<FakeDiscord.Call> inThread = discord.calls("POST", "channels/" + alert.id() + "/messages");
        assertEquals(2, inThread.size(), "both replies in the thread: " + discord.calls);
        assertEquals(List.of("channels/" + alert.id() + "/messages/" + second.id(), "channels/" + discord.channelId + "/messages/" + alert.id()),
                discord.calls("PATCH", "channels/.*").stream().map(FakeDiscord.Call::path).toList(),
                "the reply edited in the thread, the alert in the channel");
        assertNull(alert.threadId());
    }

    private static byte[] png() throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 4, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    void aPictureGoesAsAnAttachmentTheEmbedShowsAndRateLimitedSendsStillMakeOneMessage() throws Exception {
        start(new RecordingListener());
        MessageRef alert = adapter.post(discord.channelId, Message.of(Tone.OK, "RESOLVED  prod was down 4 min"));
        byte[] png = png();
        Message chart = Message.builder("Uptime chart: prod, last 24h")
                .image(new Message.Image("uptime-prod-24h-20261122T0316Z.png", "Uptime chart of prod, last 24h: 99.7 % up", png)).build();
        discord.rateLimitNext(3, c -> c.method().equals("POST") && c.path().equals("channels/" + alert.id() + "/messages"));

        MessageRef ref = adapter.reply(alert, chart, dev.triage.adapters.Delivery.keyed("item-77"));

        List<FakeDiscord.Call> sends = discord.calls("POST", "channels/" + alert.id() + "/messages");
        assertEquals(4, sends.size(), "three 429s, then the message: " + discord.calls);
        for (FakeDiscord.Call c : sends) {
            assertEquals(1, c.files().size(), "multipart/form-data with the PNG as files[0]: " + c.body());
            FakeDiscord.Attached file = c.files().getFirst();
            assertEquals("files[0]", file.field());
            assertEquals("uptime-prod-24h-20261122T0316Z.png", file.filename());
            assertTrue(java.util.Arrays.equals(png, file.bytes()), "the whole PNG, on every try (" + file.bytes().length + " bytes)");
            JsonObject payload = c.json();
            assertEquals("attachment://uptime-prod-24h-20261122T0316Z.png",
                    payload.getAsJsonArray("embeds").get(0).getAsJsonObject().getAsJsonObject("image").get("url").getAsString(),
                    "the embed shows the attachment: " + c.body());
            assertEquals("item-77.0", payload.get("nonce").getAsString());
        }
        assertEquals(alert.id(), ref.threadId(), "in the message's thread");
        assertEquals(1, discord.calls("POST", "channels/\\d+/messages/\\d+/threads").size());
    }

    @Test
    void targetOptionAutocompletesFromTheConfiguredTargets() throws Exception {
        start(new RecordingListener());
        String interaction = FakeDiscord.snowflake();
        JsonArray options = new JsonArray();
        JsonObject focused = FakeDiscord.option("target", 3, "pro");
        focused.addProperty("focused", true);
        options.add(focused);
        JsonObject autocomplete = discord.slashCommand(interaction, FakeDiscord.snowflake(), "status", options);
        autocomplete.addProperty("type", 4);

        discord.dispatch("INTERACTION_CREATE", autocomplete);

        FakeDiscord.Call callback = discord.await("the choices", c -> c.path().startsWith("interactions/" + interaction + "/"));
        assertEquals(8, callback.json().get("type").getAsInt(), "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT");
        List<String> names = StreamSupport.stream(callback.json().getAsJsonObject("data").getAsJsonArray("choices").spliterator(), false)
                .map(c -> c.getAsJsonObject().get("name").getAsString()).toList();
        assertEquals(List.of("prod", "prod-eu"), names);
    }

    private JsonObject awaitIdentify() throws InterruptedException {
        for (JsonObject p; (p = discord.gatewayReceived.poll(10, TimeUnit.SECONDS)) != null; ) {
            if (p.get("op").getAsInt() == 2) {
                return p;
            }
        }
        throw new AssertionError("no IDENTIFY");
    }

    private static Map<String, JsonObject> byName(JsonArray array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonElement::getAsJsonObject)
                .collect(Collectors.toMap(o -> o.get("name").getAsString(), Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
