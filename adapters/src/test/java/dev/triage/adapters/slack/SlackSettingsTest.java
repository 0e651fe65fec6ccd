package dev.triage.adapters.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlackSettingsTest {
    private static final String BOT = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp";
    private static final String APP = "xapp-1-A0TEST-1234567890-abcdef0123456789";

    @Test
    void socketModeWithBothTokensIsUsable() {
        assertEquals(List.of(), SlackSettings.socketMode(BOT, APP).problems());
    }

    @Test
    void toStringNeverShowsATokenOrTheSecret() {
        String shown = new SlackSettings(SlackSettings.Mode.HTTP, BOT, APP, "8f742231b10e8888abcd99yyyzzz85a5",
                3000, null, null, null, null).toString();

        assertFalse(shown.contains("1234567890"), shown);
        assertFalse(shown.contains("8f742231"), shown);
        assertTrue(shown.contains("botToken=xoxb-…(redacted)"), shown);
        assertTrue(shown.contains("signingSecret=(set)"), shown);
    }

    @Test
    void swappedTokensAreNamedByKind() {
        List<String> problems = SlackSettings.socketMode(APP, BOT).problems();

        assertEquals(List.of(
                "adapters.slack.bot_token must start with xoxb- but is an app-level token (xapp-): use the Bot User OAuth Token from OAuth & Permissions",
                "adapters.slack.app_token must start with xapp- but is a bot token (xoxb-): use an app-level token with connections:write from Basic Information → App-Level Tokens"),
                problems);
    }

    @Test
    void missingAndPlaceholderValuesAreNamed() {
        List<String> problems = new SlackSettings(SlackSettings.Mode.HTTP, "xoxb-your-bot-token", null, "",
                70_000, "slack", List.of("backend"), null, null).problems();

        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("adapters.slack.bot_token looks like a placeholder"), problems.get(0));
        assertTrue(problems.get(1).startsWith("adapters.slack.signing_secret is missing"), problems.get(1));
        assertTrue(problems.get(2).startsWith("adapters.slack.http_port must be between 0 and 65535"), problems.get(2));
        assertTrue(problems.get(3).startsWith("adapters.slack.http_path must start with /"), problems.get(3));
        assertTrue(problems.get(4).contains("'backend' is not a slash command"), problems.get(4));
    }

    @Test
    void adapterRefusesUnusableSettingsBeforeConnecting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlackAdapter(SlackSettings.socketMode(BOT, null)));

        assertTrue(e.getMessage().contains("adapters.slack.app_token is missing"), e.getMessage());
    }

    @Test
    void modeParsesTheYamlWordsAndNamesWhatItAccepts() {
        assertEquals(SlackSettings.Mode.SOCKET, SlackSettings.Mode.parse(null));
        assertEquals(SlackSettings.Mode.HTTP, SlackSettings.Mode.parse("HTTP"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlackSettings.Mode.parse("webhook"));
        assertEquals("adapters.slack.mode must be socket or http, not 'webhook'", e.getMessage());
    }
}
