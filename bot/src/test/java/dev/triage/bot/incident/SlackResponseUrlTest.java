package dev.triage.bot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.adapters.slack.SignedRequests;
import dev.triage.bot.demo.DemoBackend;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A slash command's answers go back through its {@code response_url}, as Slack wants: they reach the person in a private
 * channel or a DM the bot was never invited to (where {@code chat.postMessage} answers {@code not_in_channel}), they
 * are not queued behind the channel's paced messages, and one command never uses its URL more than the five times
 * Slack allows. Messages others act on (an approval card) stay the bot's own channel messages, and the asker hears
 * through the URL when one can't be posted.
 */
class SlackResponseUrlTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NOT_IN_CHANNEL = "{\"ok\":false,\"error\":\"not_in_channel\"}";
    private final FakeSlackApi slack = new FakeSlackApi();
    private DemoBackend backend;
    private SlackDemoBot bot;

    SlackResponseUrlTest() throws Exception {
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (backend != null) {
            backend.close();
        }
        slack.close();
    }

    private void start() throws Exception {
        backend = new DemoBackend(InstantSource.system(), Duration.ofSeconds(3)).start();
        bot = SlackDemoBot.start(slack, backend, "demo", SlackDemoBot.UNPROBED);
    }

    private void command(String channel, String user, String text, String urlId) throws Exception {
        assertEquals(200, bot.signed().send(SignedRequests.slashCommand(channel, user, user.toLowerCase(), "/backend", text,
                slack.responseUrl(urlId, channel))).statusCode());
    }

    private List<FakeSlackApi.Call> responses(String urlId) {
        return slack.calls(FakeSlackApi.RESPONSE_URL).stream().filter(c -> urlId.equals(c.param("url_id"))).toList();
    }

    private static boolean says(FakeSlackApi.Call c, String text) {
        return c.param("text") != null && c.param("text").contains(text);
    }

    private FakeSlackApi.Call await(String what, String method, Predicate<FakeSlackApi.Call> match) throws InterruptedException {
        return slack.await(what, method, match, WAIT);
    }

    @Test
    void anAnswerReachesAPrivateChannelTheBotIsNotIn() throws Exception {
        start();
        slack.answerAlways("chat.postMessage", NOT_IN_CHANNEL);
        slack.answerAlways("chat.postEphemeral", "{\"ok\":false,\"error\":\"channel_not_found\"}");
        command("G_PRIVATE", "U_ONCALL", "status demo", "status");
        command("G_PRIVATE", "U_ONCALL", "statsu demo", "typo");

        FakeSlackApi.Call answer = await("the status answer", FakeSlackApi.RESPONSE_URL,
                c -> "status".equals(c.param("url_id")) && says(c, "demo — UP"));
        assertEquals("in_channel", answer.param("response_type"));
        assertTrue(answer.param("metadata").contains("\"triage_delivery\""), "the delivery key travels in the metadata");
        FakeSlackApi.Call refusal = await("the refusal of the typo", FakeSlackApi.RESPONSE_URL,
                c -> "typo".equals(c.param("url_id")) && says(c, "statsu"));
        assertEquals("ephemeral", refusal.param("response_type"), "only the asker sees a usage error");
        Thread.sleep(500);
        assertEquals(List.of(), slack.calls("chat.postMessage"), "nothing went to chat.postMessage, which this channel refuses");
        assertEquals(List.of(), slack.calls("chat.postEphemeral"));
        assertEquals(1, responses("status").size(), "the answer, once");
    }

    @Test
    void answersAreNotQueuedBehindTheChannelsPacedMessages() throws Exception {
        start();
        // Every channel message is rate limited for a while: whatever is queued in C_OPS waits.
        for (int i = 0; i < 30; i++) {
            slack.answerNext("chat.postMessage", 429, Map.of("Retry-After", "2"), "{\"ok\":false,\"error\":\"ratelimited\"}");
        }
        int commands = 50;
        Instant sent = Instant.now();
        for (int i = 0; i < commands; i++) {
            command("C_OPS", "U_ONCALL", "status demo", "burst-" + i);
        }
        for (int i = 0; i < commands; i++) {
            String id = "burst-" + i;
            await("the answer to command " + i, FakeSlackApi.RESPONSE_URL, c -> id.equals(c.param("url_id")) && says(c, "demo — UP"));
        }
        Duration all = Duration.between(sent, Instant.now());
        System.out.printf("%d /backend status answers through response_url while chat.postMessage answered 429: all in %d ms%n",
                commands, all.toMillis());
        for (int i = 0; i < commands; i++) {
            assertEquals(1, responses("burst-" + i).size(), "command " + i + " answered once");
        }
        assertEquals(List.of(), slack.calls("chat.postMessage"), "no answer waited in the channel's paced queue");
    }

    @Test
    void aDiagnosisUsesItsResponseUrlAtMostFiveTimesAndEndsOnTheVerdict() throws Exception {
        start();
        command("C_OPS", "U_ONCALL", "diagnose demo", "diag");
        FakeSlackApi.Call verdict = await("the verdict", FakeSlackApi.RESPONSE_URL,
                c -> "diag".equals(c.param("url_id")) && "true".equals(c.param("replace_original")) && says(c, "healthy"));
        Thread.sleep(1000);
        List<FakeSlackApi.Call> used = responses("diag");
        assertTrue(used.size() <= 5, "Slack takes five per response_url; used " + used.size());
        assertEquals("false", used.getFirst().param("replace_original"), "the first answer is a new message");
        assertTrue(used.stream().skip(1).allMatch(c -> "true".equals(c.param("replace_original"))), "later ones replace it");
        assertEquals(verdict, used.getLast(), "the last word is the verdict");
        assertEquals(List.of(), slack.calls("chat.postMessage"));
    }

    @Test
    void anExpiredResponseUrlFallsBackToTheChannel() throws Exception {
        start();
        slack.answerNext(FakeSlackApi.RESPONSE_URL, 404, Map.of(), "expired_url");
        command("C_OPS", "U_ONCALL", "status demo", "stale");
        FakeSlackApi.Call posted = await("the answer in the channel", "chat.postMessage",
                c -> "C_OPS".equals(c.param("channel")) && says(c, "demo — UP"));
        assertEquals(1, responses("stale").size(), "the refused response_url is not tried again");
        assertTrue(posted.deliveryKey() != null);
    }

    @Test
    void theAskerHearsThroughTheResponseUrlWhenTheirApprovalCardCantBePosted() throws Exception {
        start();
        slack.answerAlways("chat.postMessage", NOT_IN_CHANNEL);
        command("G_PRIVATE", "U_ONCALL", "restart demo", "ask");
        FakeSlackApi.Call told = await("word that the card can't be posted", FakeSlackApi.RESPONSE_URL,
                c -> "ask".equals(c.param("url_id")) && says(c, "couldn't post"));
        assertEquals("ephemeral", told.param("response_type"));
        assertTrue(says(told, "not_in_channel") && says(told, "/invite @Triage"), told.param("text"));
        assertTrue(slack.calls("chat.postMessage").stream().anyMatch(c -> says(c, "restart-service on demo")),
                "the card itself is the bot's own channel message, so it can be edited and threaded under");
    }
}
