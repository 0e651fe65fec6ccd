package dev.triage.adapters.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.triage.adapters.Catalogue;
import dev.triage.bot.TestBots;
import dev.triage.config.TriageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real core registers on Discord is its catalogue — every built-in, every action verb, every team command —
 * with each parameter typed, and nothing else: the adapter knows no verb of its own.
 */
class DiscordRegistersTheCatalogueTest {
    @TempDir
    Path dir;

    private FakeDiscord discord;
    private TestBots bot;

    @AfterEach
    void stop() throws Exception {
        if (bot != null) {
            bot.close();
        }
        if (discord != null) {
            discord.close();
        }
    }

    @Test
    void everyCommandOfTheCatalogueAndOnlyThoseIsRegisteredWithTypedOptions() throws Exception {
        discord = new FakeDiscord(Permission.getRaw(DiscordAdapter.PERMISSIONS));
        Path file = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - {name: prod, base_url: "http://127.0.0.1:9", checks: [http-health]}
                probing: {enabled: false}
                commands:
                  - {name: reach, help: can we reach it at all, runs: {checks: [tcp-connect, http-health]}}
                  - {name: bounce, help: restart the app with a second pair of eyes, runs: {action: restart-service}}
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(dir.resolve("t.db")));
        TriageConfig config = TestBots.load(file, Map.of());
        DiscordAdapter adapter = new DiscordAdapter(DiscordSettings.of("MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB",
                List.of(discord.guildId)).withTargetNames(config::targetNames).withEndpoints(discord.restBaseUrl(), discord.gatewayUrl()),
                InstantSource.system());
        bot = TestBots.start(config, adapter, Map.of());

        FakeDiscord.Call put = discord.await("the guild commands", c -> c.method().equals("PUT") && c.path().endsWith("/commands"));
        JsonObject backend = put.jsonArray().get(0).getAsJsonObject();
        Map<String, JsonObject> registered = new LinkedHashMap<>();
        for (JsonElement e : backend.getAsJsonArray("options")) {
            JsonObject o = e.getAsJsonObject();
            if (o.get("type").getAsInt() == 2) {   // a group: its subcommands
                o.getAsJsonArray("options").forEach(s -> registered.put(s.getAsJsonObject().get("name").getAsString(), s.getAsJsonObject()));
            } else {
                registered.put(o.get("name").getAsString(), o);
            }
        }

        Catalogue.Command catalogue = bot.catalogue().command("backend").orElseThrow();
        List<String> expected = new ArrayList<>();
        catalogue.subcommands().forEach(s -> expected.add(s.name()));
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(registered.keySet()),
                "Discord registers exactly the catalogue");
        for (String name : List.of("incidents", "incident", "ack", "note", "silence", "unsilence", "uptime", "probes", "reach", "bounce",
                "restart", "allow-sg", "set-backend-url")) {
            assertTrue(registered.containsKey(name), name + " is registered on Discord");
        }
        for (Catalogue.Entry entry : catalogue.subcommands()) {
            List<String> options = new ArrayList<>();
            JsonObject sub = registered.get(entry.name());
            if (sub.has("options")) {
                sub.getAsJsonArray("options").forEach(o -> options.add(o.getAsJsonObject().get("name").getAsString()));
            }
            assertEquals(entry.params().stream().map(Catalogue.Param::name).toList(), options, entry.name() + "'s options");
        }
        JsonObject silence = registered.get("silence");
        assertEquals(List.of(3, 3, 3), typesOf(silence), "target, duration and reason are strings");
        assertEquals(true, silence.getAsJsonArray("options").get(0).getAsJsonObject().get("autocomplete").getAsBoolean());
        assertEquals(List.of(4), typesOf(registered.get("incident")), "an incident's number is an integer");
        assertEquals(List.of(3, 5), typesOf(registered.get("bounce")), "a team's action command: target and the --dry-run flag");
    }

    private static List<Integer> typesOf(JsonObject sub) {
        List<Integer> types = new ArrayList<>();
        sub.getAsJsonArray("options").forEach(o -> types.add(o.getAsJsonObject().get("type").getAsInt()));
        return types;
    }
}
