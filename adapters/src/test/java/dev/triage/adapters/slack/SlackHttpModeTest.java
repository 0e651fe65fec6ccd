package dev.triage.adapters.slack;

import dev.triage.adapters.testing.RecordingListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.CommandEvent;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Tone;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signed requests through the real Bolt app in HTTP mode, its Web API client pointed at a local fake. */
class SlackHttpModeTest {
    private static final String PATH = "/slack/events";

    private final FakeTime time = new FakeTime();
    private final RecordingListener listener = new RecordingListener();
    private FakeSlackApi api;
    private SlackAdapter slack;
    private SignedRequests slackSends;

    @BeforeEach
    void start() throws Exception {
        api = new FakeSlackApi();
    }

    private void startAdapter() throws Exception {
        SlackSettings settings = SlackSettings.httpMode("xoxb-test-0000-bot-token", SignedRequests.SIGNING_SECRET, 0)
                .withApiBaseUrl(api.baseUrl());
        slack = new SlackAdapter(settings, DeliveryPolicy.defaults(), time, time);
        slack.start(listener);
        slackSends = new SignedRequests(slack.httpPort(), PATH, SignedRequests.SIGNING_SECRET);
    }

    @AfterEach
    void stop() {
        if (slack != null) {
            slack.close();
        }
        api.close();
    }

    @Test
    void slashCommandIsAcknowledgedBeforeASlowListenerFinishes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        listener.whenCommand(e -> {
            entered.countDown();
            awaitQuietly(release);
        });
        startAdapter();

        HttpResponse<String> ack = slackSends.send(SignedRequests.slashCommand("C0OPS", "U0ANA", "ana", "/backend", "status prod"));

        assertEquals(200, ack.statusCode());
        assertEquals("", ack.body(), "an empty ack: the answer comes as a message");
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the listener got the command");
        assertEquals(1, release.getCount(), "the ack came back while the listener was still blocked");
        release.countDown();

        CommandEvent event = listener.nextCommand();
        assertEquals("backend", event.command());
        assertEquals("status prod", event.text());
        assertEquals("C0OPS", event.channel());
        assertEquals("U0ANA", event.user().userId());
        assertEquals("ana", event.user().displayName());
        assertEquals("slack", event.user().platform());
    }

    @Test
    void answersLandInTheCommandsChannelAndRepliesInItsThread() throws Exception {
        listener.whenCommand(e -> {
            MessageRef answer = slack.post(e.channel(), Message.of(Tone.FAIL, "prod — DOWN"));
            MessageRef reply = slack.reply(answer, Message.text("03:12  probe  http-health FAIL ×3 → DOWN"));
            slack.reply(reply, Message.text("03:13  ack  @lead acknowledged"));
            slack.update(answer, Message.of(Tone.WARN, "prod — ACKNOWLEDGED by @lead"));
            slack.ephemeral(e.channel(), e.user().userId(), Message.text("Usage: /backend status [target]"));
        });
        startAdapter();

        slackSends.send(SignedRequests.slashCommand("C0OPS", "U0ANA", "ana", "/backend", "status prod"));
        listener.nextCommand();
        awaitCalls("chat.postEphemeral", 1);

        List<FakeSlackApi.Call> posts = api.calls("chat.postMessage");
        assertEquals(3, posts.size());
        String root = "1700000000.000101";
        assertEquals("C0OPS", posts.get(0).param("channel"));
        assertNull(posts.get(0).param("thread_ts"), "the answer starts a conversation, not a thread");
        assertTrue(posts.get(0).param("text").contains("FAIL"), "the fallback text carries the status word");
        assertEquals("C0OPS", posts.get(1).param("channel"));
        assertEquals(root, posts.get(1).param("thread_ts"));
        assertEquals(root, posts.get(2).param("thread_ts"), "a reply to a reply stays in the root's thread");
        assertEquals("xoxb-", posts.get(0).tokenKind());

        FakeSlackApi.Call update = api.calls("chat.update").getFirst();
        assertEquals("C0OPS", update.param("channel"));
        assertEquals(root, update.param("ts"));
        assertTrue(update.param("blocks").contains("ACKNOWLEDGED"));

        FakeSlackApi.Call ephemeral = api.calls("chat.postEphemeral").getFirst();
        assertEquals("C0OPS", ephemeral.param("channel"));
        assertEquals("U0ANA", ephemeral.param("user"));
    }

    @Test
    void buttonClickBecomesAButtonEventForTheClickerAndTheMessage() throws Exception {
        startAdapter();

        HttpResponse<String> ack = slackSends.send(SignedRequests.buttonClick(
                "C0OPS", "U0LEAD", "lead", "approve:42", "1700000000.000200", "1700000000.000100"));

        assertEquals(200, ack.statusCode());
        ButtonEvent click = listener.nextClick();
        assertEquals("approve:42", click.buttonId());
        assertEquals("U0LEAD", click.user().userId());
        assertEquals("lead", click.user().displayName());
        assertEquals("C0OPS", click.channel());
        assertEquals(new MessageRef("C0OPS", "1700000000.000200", "1700000000.000100"), click.message());
    }

    @Test
    void clickOnAThreadRootHasNoThreadId() throws Exception {
        startAdapter();

        slackSends.send(SignedRequests.buttonClick("C0OPS", "U0LEAD", "lead", "ack:42", "1700000000.000100", "1700000000.000100"));

        assertEquals(new MessageRef("C0OPS", "1700000000.000100", null), listener.nextClick().message());
    }

    @Test
    void wrongSignatureIsRefused() throws Exception {
        startAdapter();

        HttpResponse<String> response = slackSends.send(
                SignedRequests.slashCommand("C0OPS", "U0ANA", "ana", "/backend", "restart prod"), Instant.now(), "not-the-secret");

        assertEquals(401, response.statusCode());
        assertTrue(listener.commands.isEmpty());
    }

    @Test
    void timestampOlderThanFiveMinutesIsRefused() throws Exception {
        startAdapter();

        HttpResponse<String> response = slackSends.send(
                SignedRequests.slashCommand("C0OPS", "U0ANA", "ana", "/backend", "restart prod"),
                Instant.now().minus(Duration.ofMinutes(6)), SignedRequests.SIGNING_SECRET);

        assertEquals(401, response.statusCode());
        assertTrue(listener.commands.isEmpty());
    }

    @Test
    void userGroupsBecomePlatformRolesReadOncePerTtl() throws Exception {
        api.answerAlways("usergroups.list", """
                {"ok":true,"usergroups":[{"id":"S0ONCALL","handle":"oncall","users":["U0ANA","U0LEAD"]},\
                {"id":"S0OPERATORS","handle":"operators","users":["U0LEAD"]}]}""");
        startAdapter();

        slackSends.send(SignedRequests.slashCommand("C0OPS", "U0LEAD", "lead", "/backend", "status"));
        assertEquals(Set.of("S0ONCALL", "S0OPERATORS"), listener.nextCommand().user().platformRoles());
        int authTestsAfterFirst = api.calls("auth.test").size();
        slackSends.send(SignedRequests.slashCommand("C0OPS", "U0ANA", "ana", "/backend", "status"));
        assertEquals(Set.of("S0ONCALL"), listener.nextCommand().user().platformRoles());
        slackSends.send(SignedRequests.slashCommand("C0OPS", "U0BOB", "bob", "/backend", "status"));
        assertEquals(Set.of(), listener.nextCommand().user().platformRoles());

        FakeSlackApi.Call list = api.calls("usergroups.list").getFirst();
        assertEquals(1, api.calls("usergroups.list").size(), "membership is cached, not read per command");
        assertEquals(authTestsAfterFirst, api.calls("auth.test").size(), "Bolt checks the token once, not per command");
        assertTrue(Set.of("1", "true").contains(list.param("include_users")), "asks for the members with the groups");
    }

    @Test
    void missingUserGroupsScopeDegradesToNoRoles() throws Exception {
        api.answerAlways("usergroups.list", """
                {"ok":false,"error":"missing_scope","needed":"usergroups:read","provided":"commands,chat:write"}""");
        startAdapter();

        slackSends.send(SignedRequests.slashCommand("C0OPS", "U0LEAD", "lead", "/backend", "status"));
        CommandEvent first = listener.nextCommand();
        slackSends.send(SignedRequests.slashCommand("C0OPS", "U0LEAD", "lead", "/backend", "status"));
        CommandEvent second = listener.nextCommand();

        assertEquals(Set.of(), first.user().platformRoles());
        assertEquals(Set.of(), second.user().platformRoles());
        assertEquals(1, api.calls("usergroups.list").size(), "a refusal is remembered for the TTL too");
    }

    @Test
    void aRefusedBotTokenStopsTheStartWithAClearMessage() throws Exception {
        api.answerAlways("auth.test", "{\"ok\":false,\"error\":\"invalid_auth\"}");
        slack = new SlackAdapter(SlackSettings.httpMode("xoxb-test-0000-revoked-token", SignedRequests.SIGNING_SECRET, 0)
                .withApiBaseUrl(api.baseUrl()), DeliveryPolicy.defaults(), time, time);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> slack.start(listener));

        assertTrue(e.getMessage().startsWith("Slack refused adapters.slack.bot_token (invalid_auth)"), e.getMessage());
        assertFalse(e.getMessage().contains("revoked-token"), "no token in the message");
        assertEquals(-1, slack.httpPort(), "nothing listens");
    }

    @Test
    void everyConfiguredSlashCommandIsAnswered() throws Exception {
        SlackSettings settings = SlackSettings.httpMode("xoxb-test-0000-bot-token", SignedRequests.SIGNING_SECRET, 0)
                .withApiBaseUrl(api.baseUrl())
                .withCommands(List.of("/backend", "/triage"));
        slack = new SlackAdapter(settings, DeliveryPolicy.defaults(), time, time);
        slack.start(listener);
        slackSends = new SignedRequests(slack.httpPort(), PATH, SignedRequests.SIGNING_SECRET);

        assertEquals(200, slackSends.send(SignedRequests.slashCommand("C0OPS", "U0ANA", "ana", "/triage", "help")).statusCode());

        assertEquals("triage", listener.nextCommand().command());
    }

    private void awaitCalls(String method, int count) throws InterruptedException {
        for (int i = 0; i < 1000 && api.calls(method).size() < count; i++) {
            Thread.sleep(10);
        }
        assertEquals(count, api.calls(method).size(), method + " calls");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
