package dev.triage.adapters.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

/**
 * Block Kit renderings compared with golden files under {@code src/test/resources/golden/slack}.
 * After an intended change, rewrite them with {@code -Dgolden.update=true} and review the diff.
 */
class BlockKitRendererTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/slack");
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final BlockKitRenderer renderer = new BlockKitRenderer();

    @Test
    void statusOfADownTarget() throws IOException {
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
    void plainInfoMessageHasNoStatusWordAndEscapesSlackControlCharacters() throws IOException {
        Message m = Message.builder("Usage: /backend status [target]")
                .line("Targets: <prod> & <staging>")
                .build();

        assertMatchesGolden("usage-info", m);
    }

    @Test
    void moreThanFiveButtonsAreSplitIntoSeveralActionsBlocks() throws IOException {
        Message.Builder b = Message.builder("Pick a target").tone(Tone.INFO);
        for (int i = 1; i <= 7; i++) {
            b.button(Message.Button.of("status:target-" + i, "target-" + i));
        }

        assertMatchesGolden("seven-buttons", b.build());
    }

    @Test
    void longTextIsTruncatedWithAnEllipsisWithinSlackLimits() throws IOException {
        Message m = Message.builder("x".repeat(200))
                .tone(Tone.ERROR)
                .line(Tone.FAIL, "journal", "y".repeat(3500), null)
                .button(Message.Button.of("b", "z".repeat(100)))
                .build();

        JsonArray blocks = render(m).getAsJsonArray("blocks");

        String title = blocks.get(0).getAsJsonObject().getAsJsonObject("text").get("text").getAsString();
        assertEquals("section", blocks.get(0).getAsJsonObject().get("type").getAsString(), "too long for a header");
        assertTrue(title.length() <= BlockKitRenderer.MAX_TEXT && title.contains("❓ ERROR"), title);
        String line = blocks.get(1).getAsJsonObject().getAsJsonObject("text").get("text").getAsString();
        assertEquals(BlockKitRenderer.MAX_TEXT, line.length());
        assertTrue(line.endsWith("…"));
        String label = blocks.get(2).getAsJsonObject().getAsJsonArray("elements").get(0).getAsJsonObject()
                .getAsJsonObject("text").get("text").getAsString();
        assertEquals(BlockKitRenderer.MAX_BUTTON_LABEL, label.length());
    }

    @Test
    void manyLinesArePackedToStayWithinFiftyBlocks() {
        Message.Builder b = Message.builder("fleet — 120 targets").tone(Tone.OK).footer("120 checks in 2.1 s");
        for (int i = 1; i <= 120; i++) {
            b.line(Tone.OK, "target-" + i, "200 in 12 ms", null);
        }
        for (int i = 1; i <= 6; i++) {
            b.button(Message.Button.of("page:" + i, "Page " + i));
        }

        JsonArray blocks = render(b.build()).getAsJsonArray("blocks");

        assertTrue(blocks.size() <= BlockKitRenderer.MAX_BLOCKS, "blocks: " + blocks.size());
        String all = blocks.toString();
        assertTrue(all.contains("target-1*") && all.contains("target-120*"), "no line dropped");
        assertEquals("actions", blocks.get(blocks.size() - 1).getAsJsonObject().get("type").getAsString());
    }

    @Test
    void duplicateOrOverlongIdsKeepTheIdInValueWithAUniqueActionId() {
        String longId = "approval:" + "9".repeat(300);
        Message m = Message.builder("t")
                .button(Message.Button.of("same", "A"))
                .button(Message.Button.of("same", "B"))
                .button(Message.Button.of(longId, "C"))
                .build();

        JsonArray buttons = render(m).getAsJsonArray("blocks").get(1).getAsJsonObject().getAsJsonArray("elements");

        assertEquals("same", buttons.get(0).getAsJsonObject().get("action_id").getAsString());
        assertEquals("triage-button-1", buttons.get(1).getAsJsonObject().get("action_id").getAsString());
        assertEquals("same", buttons.get(1).getAsJsonObject().get("value").getAsString());
        assertEquals("triage-button-2", buttons.get(2).getAsJsonObject().get("action_id").getAsString());
        assertEquals(longId, buttons.get(2).getAsJsonObject().get("value").getAsString());
    }

    @Test
    void anIdSlackCannotCarryFailsNamingTheButton() {
        Message m = Message.builder("t").button(Message.Button.of("x".repeat(2001), "Approve")).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> renderer.render(m));

        assertTrue(e.getMessage().contains("'Approve'"), e.getMessage());
    }

    @Test
    void anEscalationNotifiesTheSlackGroupsAndPeopleItPagesAndNothingElse() {
        Message m = Message.builder("A person is needed: prod is still DOWN").tone(Tone.FAIL)
                .mentioning(java.util.List.of("slack-group:S0456", "slack:U0123", "discord-role:5678", "slack:<!channel>"))
                .build();

        JsonObject json = render(m);

        assertTrue(json.get("text").getAsString().startsWith("<!subteam^S0456> <@U0123> 🔴 FAIL  A person is needed"), json.toString());
        assertEquals("<!subteam^S0456> <@U0123>", json.getAsJsonArray("blocks").get(1).getAsJsonObject().getAsJsonObject("text")
                .get("text").getAsString(), "its own section, after the title; a malformed id is left out");
    }

    @Test
    void aMessageThatPagesNobodyHasNoMentionSection() {
        JsonObject json = render(Message.builder("prod — UP").tone(Tone.OK).build());
        assertTrue(!json.toString().contains("subteam") && json.get("text").getAsString().startsWith("✅"), json.toString());
    }

    private JsonObject render(Message m) {
        RenderedMessage rendered = renderer.render(m);
        JsonObject json = new JsonObject();
        json.addProperty("text", rendered.text());
        json.add("blocks", JsonParser.parseString(rendered.blocksJson()));
        return json;
    }

    private void assertMatchesGolden(String name, Message m) throws IOException {
        String actual = PRETTY.toJson(render(m)) + "\n";
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
