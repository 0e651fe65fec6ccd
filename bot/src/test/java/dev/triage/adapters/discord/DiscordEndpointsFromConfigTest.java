package dev.triage.adapters.discord;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adapters.discord.api_url} and {@code gateway_url} are what a running bot talks to: a bot process started with
 * only its config file logs in to the local fake, registers {@code /backend} there and answers a slash command there.
 */
class DiscordEndpointsFromConfigTest {
    private static final String TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private Process bot;

    @AfterEach
    void stop() throws Exception {
        if (bot != null) {
            bot.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (discord != null) {
            discord.close();
        }
    }

    @Test
    void aBotStartedFromItsConfigTalksToTheConfiguredEndpoints() throws Exception {
        discord = new FakeDiscord(Permission.getRaw(DiscordAdapter.PERMISSIONS));
        Path config = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - {name: prod, base_url: "http://127.0.0.1:9", checks: [tcp-connect], timeout: 1s}
                probing: {enabled: false}
                adapters:
                  console: {enabled: false}
                  discord:
                    token: ${DISCORD_BOT_TOKEN}
                    guild_ids: ["%s"]
                    api_url: %s
                    gateway_url: %s
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(discord.guildId, discord.restBaseUrl(), discord.gatewayUrl(), dir.resolve("t.db")));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.triage.bot.Main",
                "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("bot.log").toFile()));
        pb.environment().put("DISCORD_BOT_TOKEN", TOKEN);
        bot = pb.start();

        discord.await("the commands registered at the configured api_url",
                c -> c.method().equals("PUT") && c.path().endsWith("/guilds/" + discord.guildId + "/commands"));
        String status = FakeDiscord.snowflake();
        JsonArray target = new JsonArray();
        target.add(FakeDiscord.option("target", 3, "prod"));
        discord.dispatch("INTERACTION_CREATE", discord.slashCommand(status, FakeDiscord.snowflake(), "status", target));
        FakeDiscord.Call answer = discord.await("the answer through the configured gateway", c -> c.method().equals("PATCH")
                && c.path().startsWith("webhooks/" + discord.applicationId + "/interaction-token-" + status));
        assertTrue(answer.body().contains("prod — DOWN"), answer.body() + "\n" + log());
        assertTrue(!log().contains(TOKEN), "the token never appears in the log");
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("bot.log"));
    }
}
