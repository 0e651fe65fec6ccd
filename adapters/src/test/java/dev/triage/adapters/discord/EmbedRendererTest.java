package dev.triage.adapters.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Discord renderings, as the JSON JDA sends ({@code MessageCreateData.toData()}), compared with golden
 * files under {@code src/test/resources/golden/discord}. After an intended change, rewrite them with
 * {@code -Dgolden.update=true} and review the diff.
 */
class EmbedRendererTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/discord");
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final EmbedRenderer renderer = new EmbedRenderer();

    @Test
    void statusOfADownTargetShowsTheWordColoursTheEmbedAndCarriesTheButtons() throws IOException {
        Message m = Message.builder("prod — DOWN (2 of 3 checks fail)")
                .tone(Tone.FAIL)
                .line(Tone.FAIL, "http-health", "GET https://api.example.com/health → 502 Bad Gateway (proxy: upstream down)", "388 ms")
                .line(Tone.FAIL, "tcp-connect", "api.example.com:8000 → connection refused", "2 ms")
                .line(Tone.OK, "http /docs", "200 in 97 ms", null)
                .footer("03:12 UTC · 412 ms")
                .button(new Message.Button("diagnose:prod", "Diagnose", Message.Button.Style.PRIMARY))
                .button(Message.Button.of("logs:prod", "Logs"))
                .build();

        assertMatchesGolden("status-down", m);
    }

    @Test
    void approvalCardWithFieldsAndDangerButton() throws IOException {
        Message m = Message.builder("Restart requested — prod (10.0.3.7) by @oncall")
                .tone(Tone.WARN)
                .field("Runs", "sudo -n systemctl restart langchain-backend")
                .field("Gate", "none")
                .field("Verify", "port 8000 listening within 30 s → local /health 200 (5 tries) → outside /health 200")
                .field("Needs", "one approver with role operator, not the requester")
                .footer("expires in 15 min")
                .button(new Message.Button("approval:42:approve", "Approve", Message.Button.Style.PRIMARY))
                .button(new Message.Button("approval:42:deny", "Deny", Message.Button.Style.DANGER))
                .build();

        assertMatchesGolden("approval-card", m);
    }

    @Test
    void diagnosisKeepsTheOrderOfPlainAndLabelledLines() throws IOException {
        Message m = Message.builder("prod — likely cause: the service is bound to 127.0.0.1 only (document 000, step 3)")
                .tone(Tone.FAIL)
                .line("Evidence")
                .line(null, "port-binding", "LISTEN 127.0.0.1:8000 users:((\"python\",pid=12345)) ← not reachable from outside", null)
                .line(Tone.OK, "local-health", "curl localhost:8000/health → 200 in 12 ms", null)
                .line("Ruled out: service down (systemd active, 2 h), firewall (ufw inactive), nginx (not in front)")
                .line("Fix: start the app with host 0.0.0.0 (app/main.py, uvicorn.run host=…) and restart it")
                .footer("11 checks in 1.4 s · slowest: journal 1.3 s")
                .button(Message.Button.of("request:restart-service:prod", "Request restart-service"))
                .build();

        assertMatchesGolden("diagnosis", m);
    }

    @Test
    void plainTextWithoutBodyIsTextOnlyAndMarkdownIsShownAsTyped() throws IOException {
        assertMatchesGolden("usage-info", Message.of(Tone.INFO, "Usage: /backend status [target] — **not bold** and __not underlined__"));
    }

    @Test
    void sevenButtonsGoIntoTwoRows() throws IOException {
        Message.Builder b = Message.builder("Pick a target");
        for (int i = 1; i <= 7; i++) {
            b.button(Message.Button.of("status:target-" + i, "target-" + i));
        }

        assertMatchesGolden("seven-buttons", b.build());
    }

    @Test
    void longValuesAndTextAreSplitNotDropped() throws IOException {
        Message m = Message.builder("t".repeat(2100))
                .tone(Tone.ERROR)
                .line(Tone.FAIL, "journal", ("Address already in use " + "y".repeat(40) + "\n").repeat(40), null)
                .build();

        assertMatchesGolden("long-text-split", m);
        List<JsonObject> parts = parts(m);
        assertEquals(2, parts.size(), "the 2,100-character title needs two messages");
        String all = String.join("", parts.stream().map(p -> p.get("content").getAsString()).toList());
        assertEquals(2100, all.chars().filter(c -> c == 't').count(), "no character of the title dropped");
        JsonArray fields = parts.get(1).getAsJsonArray("embeds").get(0).getAsJsonObject().getAsJsonArray("fields");
        assertEquals(3, fields.size(), "2,560 characters in three fields of at most 1,024");
        assertEquals("🔴 FAIL  journal (1/3)", fields.get(0).getAsJsonObject().get("name").getAsString());
        for (JsonElement f : fields) {
            assertTrue(f.getAsJsonObject().get("value").getAsString().length() <= EmbedRenderer.MAX_FIELD_VALUE);
        }
    }

    @Test
    void aHundredLinesFillEmbedsOfTwentyFiveFieldsWithinSixThousandCharacters() {
        Message.Builder b = Message.builder("fleet — 100 targets").tone(Tone.OK).footer("100 checks in 2.1 s");
        for (int i = 1; i <= 100; i++) {
            b.line(Tone.OK, "target-" + i, "200 in 12 ms · " + "x".repeat(100), null);
        }
        for (int i = 1; i <= 27; i++) {
            b.button(Message.Button.of("page:" + i, "Page " + i));
        }

        List<JsonObject> parts = parts(b.build());

        int fields = 0;
        int rows = 0;
        for (JsonObject part : parts) {
            JsonArray embeds = part.getAsJsonArray("embeds");
            assertTrue(embeds.size() <= EmbedRenderer.MAX_EMBEDS);
            int chars = 0;
            for (JsonElement e : embeds) {
                JsonArray f = e.getAsJsonObject().getAsJsonArray("fields");
                assertTrue(f == null || f.size() <= EmbedRenderer.MAX_FIELDS, "at most 25 fields");
                fields += f == null ? 0 : f.size();
                chars += embedLength(e.getAsJsonObject());
            }
            assertTrue(chars <= EmbedRenderer.MAX_EMBED_CHARS, "embeds of one message: " + chars);
            JsonArray components = part.getAsJsonArray("components");
            assertTrue(components.size() <= EmbedRenderer.MAX_ROWS);
            rows += components.size();
        }
        assertEquals(100, fields, "every line kept");
        assertEquals(6, rows, "27 buttons in rows of five");
        assertEquals(5, parts.getFirst().getAsJsonArray("components").size(), "the first message carries the first five rows");
        JsonArray lastEmbeds = parts.getLast().getAsJsonArray("embeds");
        assertEquals("100 checks in 2.1 s", lastEmbeds.get(lastEmbeds.size() - 1).getAsJsonObject()
                .getAsJsonObject("footer").get("text").getAsString(), "the footer closes the last embed");
    }

    @Test
    void anIdDiscordCannotCarryFailsNamingTheButton() {
        Message tooLong = Message.builder("t").button(Message.Button.of("x".repeat(101), "Approve")).build();
        Message twice = Message.builder("t").button(Message.Button.of("same", "A")).button(Message.Button.of("same", "B")).build();

        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> renderer.render(tooLong));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> renderer.render(twice));

        assertTrue(e1.getMessage().contains("'Approve'") && e1.getMessage().contains("100"), e1.getMessage());
        assertTrue(e2.getMessage().contains("'B'") && e2.getMessage().contains("'same'"), e2.getMessage());
    }

    @Test
    void aMessageAddressedToSomeoneMentionsOnlyThem() {
        JsonObject part = JsonParser.parseString(renderer.renderAddressedTo(Message.text("@everyone look"), "123456789012345678")
                .json().getFirst()).getAsJsonObject();

        assertTrue(part.get("content").getAsString().startsWith("<@123456789012345678> "));
        JsonObject mentions = part.getAsJsonObject("allowed_mentions");
        assertEquals("[]", mentions.getAsJsonArray("parse").toString(), "no @everyone, no roles: " + mentions);
        assertEquals("[\"123456789012345678\"]", mentions.getAsJsonArray("users").toString());
    }

    @Test
    void anEscalationMentionsTheRolesAndPeopleItPagesAndAllowsOnlyThose() {
        Message m = Message.builder("A person is needed: prod is still DOWN").tone(dev.triage.adapters.Tone.FAIL)
                .mentioning(List.of("discord-role:567856785678567856", "discord:123456789012345678", "slack-group:S0456",
                        "discord-role:@everyone"))
                .build();
        JsonObject part = JsonParser.parseString(renderer.render(m).json().getFirst()).getAsJsonObject();

        assertTrue(part.get("content").getAsString().startsWith("<@&567856785678567856> <@123456789012345678> "), part.toString());
        JsonObject mentions = part.getAsJsonObject("allowed_mentions");
        assertEquals("[]", mentions.getAsJsonArray("parse").toString(), "no @everyone: " + mentions);
        assertEquals("[\"567856785678567856\"]", mentions.getAsJsonArray("roles").toString());
        assertEquals("[\"123456789012345678\"]", mentions.getAsJsonArray("users").toString());
    }

    @Test
    void chunksBreakAtSpacesAndNeverInsideAnEscape() {
        assertEquals(List.of("aaaa", "bbbb"), EmbedRenderer.chunks("aaaa bbbb", 6));
        List<String> pieces = EmbedRenderer.chunks("abcd\\*efgh", 5);
        assertFalse(pieces.getFirst().endsWith("\\"), pieces.toString());
        assertEquals("abcd\\*efgh", String.join("", pieces));
    }

    private static int embedLength(JsonObject e) {
        int n = 0;
        if (e.has("description")) {
            n += e.get("description").getAsString().codePointCount(0, e.get("description").getAsString().length());
        }
        if (e.has("footer")) {
            String t = e.getAsJsonObject("footer").get("text").getAsString();
            n += t.codePointCount(0, t.length());
        }
        if (e.has("fields")) {
            for (JsonElement f : e.getAsJsonArray("fields")) {
                String name = f.getAsJsonObject().get("name").getAsString();
                String value = f.getAsJsonObject().get("value").getAsString();
                n += name.codePointCount(0, name.length()) + value.codePointCount(0, value.length());
            }
        }
        return n;
    }

    private List<JsonObject> parts(Message m) {
        return renderer.render(m).json().stream().map(j -> JsonParser.parseString(j).getAsJsonObject()).toList();
    }

    private void assertMatchesGolden(String name, Message m) throws IOException {
        JsonArray parts = new JsonArray();
        parts(m).forEach(parts::add);
        String actual = PRETTY.toJson(parts) + "\n";
        Path file = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), "no golden file " + file + "; write it with -Dgolden.update=true and review it");
        JsonElement expected = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(PRETTY.toJson(expected) + "\n", actual, "rendering differs from " + file);
    }
}
