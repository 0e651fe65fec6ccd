package dev.triage.adapters.discord;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.triage.bot.TestBots;
import dev.triage.bot.demo.DemoBackend;
import dev.triage.bot.demo.DemoRestartAction;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.Access;
import dev.triage.config.HttpExpectation;
import dev.triage.config.Probing;
import dev.triage.config.StoreSettings;
import dev.triage.config.Target;
import dev.triage.config.TriageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.dv8tion.jda.api.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Discord end to end through the real core: a slash command answered through its hook; the backend
 * stops and the incident opens with a thread that is fed its diagnosis; a restart is requested by one
 * person and approved by another with a button click; the incident resolves in the same thread.
 */
class DiscordWithTheCoreTest {
    private FakeDiscord discord;
    private DemoBackend backend;
    private TestBots bot;

    @BeforeEach
    void start() throws Exception {
        discord = new FakeDiscord(Permission.getRaw(DiscordAdapter.PERMISSIONS));
        backend = new DemoBackend(InstantSource.system(), Duration.ofSeconds(3)).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (bot != null) {
            bot.close();
        }
        backend.close();
        discord.close();
    }

    private static JsonArray target(String name) {
        JsonArray options = new JsonArray();
        options.add(FakeDiscord.option("target", 3, name));
        return options;
    }

    /** An autocomplete interaction on {@code subcommand} with {@code focused} being typed; the callback Triage answered. */
    private JsonObject autocomplete(String subcommand, JsonObject focused) throws InterruptedException {
        focused.addProperty("focused", true);
        JsonArray options = new JsonArray();
        options.add(focused);
        String id = FakeDiscord.snowflake();
        JsonObject interaction = discord.slashCommand(id, FakeDiscord.snowflake(), subcommand, options);
        interaction.addProperty("type", 4);
        discord.dispatch("INTERACTION_CREATE", interaction);
        FakeDiscord.Call callback = discord.await("the choices for " + subcommand, c -> c.path().startsWith("interactions/" + id + "/"));
        assertTrue(callback.json().get("type").getAsInt() == 8, "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT: " + callback.body());
        return callback.json();
    }

    @Test
    void aSlashCommandAnApprovalClickAndAnIncidentThreadGoThroughTheCore() throws Exception {
        Path db = Files.createTempFile("triage-discord-", ".db");
        db.toFile().deleteOnExit();
        Target demo = new Target("demo", backend.baseUrl(), null, null, null, Duration.ofSeconds(2), null, null,
                List.of(new HttpExpectation("/docs", 200)), discord.channelId, null, null);
        TriageConfig config = new TriageConfig(List.of(demo), new TriageConfig.Channels(discord.channelId, discord.channelId),
                null, 0, new Access(Map.of("operator", Set.of("discord-role:" + discord.operatorRoleId)), Map.of(),
                Access.DEFAULT_ACTIONS, null), new StoreSettings("jdbc:sqlite:" + db, null, null),
                new Probing(true, 8, Map.of("demo", new Probing.TargetProbe(true, null, Duration.ofMillis(300), null, 2, 2,
                        Duration.ofMillis(100), null))));
        DiscordAdapter adapter = new DiscordAdapter(DiscordSettings.of("MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB", List.of(discord.guildId))
                .withTargetNames(config::targetNames).withEndpoints(discord.restBaseUrl(), discord.gatewayUrl()),
                InstantSource.system());
        bot = TestBots.start(config, adapter, Map.of("demo", List.of(new DemoRestartAction(backend,
                new HttpHealthCheck(new HttpProber())))));

        String oncall = FakeDiscord.snowflake();
        String lead = FakeDiscord.snowflake();
        String status = FakeDiscord.snowflake();
        discord.dispatch("INTERACTION_CREATE", discord.slashCommand(status, oncall, "status", target("demo")));
        FakeDiscord.Call answer = discord.await("the status answer", c -> c.method().equals("PATCH")
                && c.path().startsWith("webhooks/" + discord.applicationId + "/interaction-token-" + status));
        assertTrue(answer.body().contains("demo — UP"), answer.body());

        backend.stop();
        FakeDiscord.Call root = discord.await("the incident's root message", c -> c.method().equals("POST")
                && c.path().equals("channels/" + discord.channelId + "/messages") && c.body().contains("OPEN"));
        assertTrue(root.body().contains("demo is DOWN"), root.body());
        FakeDiscord.Call thread = discord.await("a thread on the root", c -> c.method().equals("POST") && c.path().matches(
                "channels/" + discord.channelId + "/messages/\\d+/threads"));
        String threadId = thread.path().replaceAll(".*/messages/(\\d+)/threads", "$1");
        discord.await("the diagnosis in the thread", c -> c.method().equals("POST")
                && c.path().equals("channels/" + threadId + "/messages") && c.body().contains("likely cause"));

        // While typing, the core offers the open incidents for an incident's number, and the targets for a target.
        JsonObject number = new JsonObject();   // a focused integer option comes as the text typed so far, here nothing
        number.addProperty("name", "number");
        number.addProperty("type", 4);
        number.addProperty("value", "");
        JsonObject incidentChoices = autocomplete("incident", number);
        JsonObject first = incidentChoices.getAsJsonObject("data").getAsJsonArray("choices").get(0).getAsJsonObject();
        assertTrue(first.get("name").getAsString().matches("#\\d+ demo — OPEN"), first.toString());
        assertTrue(first.get("value").isJsonPrimitive() && first.get("value").getAsJsonPrimitive().isNumber(), first.toString());
        JsonObject targetChoices = autocomplete("status", FakeDiscord.option("target", 3, "de"));
        assertTrue(targetChoices.getAsJsonObject("data").getAsJsonArray("choices").toString().contains("\"value\":\"demo\""),
                targetChoices.toString());

        String restart = FakeDiscord.snowflake();
        discord.dispatch("INTERACTION_CREATE", discord.slashCommand(restart, oncall, "restart", target("demo")));
        FakeDiscord.Call card = discord.await("the approval card", c -> c.method().equals("PATCH")
                && c.path().startsWith("webhooks/" + discord.applicationId + "/interaction-token-" + restart)
                && c.body().contains("approve:"));
        String approveId = card.body().replaceAll("(?s).*\"(approve:[0-9a-z]+)\".*", "$1");
        JsonObject original = card.json();
        String cardMessageId = original.has("id") ? original.get("id").getAsString() : FakeDiscord.snowflake();

        String selfClick = FakeDiscord.snowflake();
        discord.dispatch("INTERACTION_CREATE", discord.buttonClick(selfClick, oncall, cardMessageId, approveId));
        FakeDiscord.Call refusal = discord.await("the refusal to the requester", c -> c.path().startsWith("webhooks/")
                && c.path().contains("interaction-token-" + selfClick) && c.body().contains("someone else"));
        assertTrue(refusal.body().contains("\"flags\":64"), "ephemeral: " + refusal.body());

        String click = FakeDiscord.snowflake();
        discord.dispatch("INTERACTION_CREATE", discord.buttonClick(click, lead, cardMessageId, approveId));
        discord.await("the card edited with the outcome", c -> c.method().equals("PATCH") && c.body().contains("· done"));
        discord.await("the resolution in the incident's thread", c -> c.method().equals("POST")
                && c.path().equals("channels/" + threadId + "/messages") && c.body().contains("RESOLVED"));
    }
}
