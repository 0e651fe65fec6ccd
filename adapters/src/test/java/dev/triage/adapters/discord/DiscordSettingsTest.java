package dev.triage.adapters.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.Permission;
import org.junit.jupiter.api.Test;

class DiscordSettingsTest {
    private static final String TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";
    private static final String GUILD = "123456789012345678";

    @Test
    void tokenAndOneGuildAreEnough() {
        DiscordSettings s = DiscordSettings.of(TOKEN, List.of(GUILD));

        assertEquals(List.of(), s.problems());
        assertEquals(List.of("backend"), s.commands());
        assertEquals(List.of("help"), s.subcommands().stream().map(SlashSubcommand::name).toList(),
                "until the core says what it answers, only help: the adapter knows no verb");
    }

    @Test
    void toStringNeverShowsTheToken() {
        String shown = DiscordSettings.of(TOKEN, List.of(GUILD)).toString();

        assertFalse(shown.contains("MTIz") || shown.contains("GaBcDe") || shown.contains("abcdefgh"), shown);
        assertTrue(shown.contains("token=(set, redacted)"), shown);
    }

    @Test
    void everyProblemIsNamedWithItsKeyAndNeverQuotesTheToken() {
        List<String> problems = new DiscordSettings("Bot " + TOKEN, List.of("12345", GUILD, GUILD), List.of("/Backend"), null, null,
                "ftp://x", null).problems();

        assertEquals(5, problems.size(), problems.toString());
        assertEquals("adapters.discord.token starts with 'Bot ': give the token alone, without the prefix", problems.get(0));
        assertTrue(problems.get(1).startsWith("adapters.discord.guild_ids: '12345' is not a server id"), problems.get(1));
        assertEquals("adapters.discord.guild_ids lists " + GUILD + " twice", problems.get(2));
        assertTrue(problems.get(3).startsWith("adapters.discord.commands: 'Backend' is not a slash command name"), problems.get(3));
        assertTrue(problems.get(4).startsWith("adapters.discord.rest_base_url must start with http://"), problems.get(4));
        assertFalse(String.join("\n", problems).contains("GaBcDe"));
    }

    @Test
    void missingTokenAndGuildsAndAClientSecretAreExplained() {
        assertEquals(2, DiscordSettings.of(null, null).problems().size());
        assertTrue(DiscordSettings.of("${DISCORD_BOT_TOKEN}", List.of(GUILD)).problems().getFirst().contains("placeholder"));
        assertTrue(DiscordSettings.of("abcdefghijklmnopqrstuvwxyz012345", List.of(GUILD)).problems().getFirst()
                .contains("looks like the OAuth2 client secret"));
    }

    @Test
    void adapterRefusesUnusableSettingsBeforeConnecting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiscordAdapter(DiscordSettings.of(TOKEN, List.of())));

        assertTrue(e.getMessage().contains("adapters.discord.guild_ids is empty"), e.getMessage());
    }

    @Test
    void subcommandsFollowDiscordsRules() {
        IllegalArgumentException upper = assertThrows(IllegalArgumentException.class, () -> SlashSubcommand.of("Status", "x"));
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> SlashSubcommand.of("logs", "x",
                SlashSubcommand.Option.integer("lines", "n"), SlashSubcommand.Option.target(true)));

        assertTrue(upper.getMessage().contains("'Status'"), upper.getMessage());
        assertTrue(order.getMessage().contains("required option target must come before"), order.getMessage());
    }

    @Test
    void optionsBecomeTheCommandTextInDeclaredOrder() {
        SlashCommandCatalog catalog = SlashCommandCatalog.of(DiscordSettings.of(TOKEN, List.of(GUILD))
                .withSubcommands(SlashSubcommand.layout(dev.triage.adapters.testing.TestCatalogue.backend())));
        Map<String, String> logs = new LinkedHashMap<>();
        logs.put("lines", "50");
        logs.put("target", "prod");
        Map<String, String> restart = new LinkedHashMap<>();
        restart.put("target", "prod");
        restart.put("dry-run", "true");

        assertEquals("logs prod 50", catalog.textOf("logs", logs));
        assertEquals("restart prod --dry-run", catalog.textOf("restart", restart));
        assertEquals("restart prod", catalog.textOf("restart", Map.of("target", "prod", "dry-run", "false")));
        assertEquals("status", catalog.textOf("status", Map.of()));
    }

    @Test
    void targetSuggestionsPutPrefixMatchesFirstAndStopAtTwentyFive() {
        List<String> many = java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> "svc-" + i).toList();

        assertEquals(List.of("prod", "prod-eu", "eu-prod"), SlashCommandCatalog.suggestions("PRO", List.of("staging", "eu-prod", "prod", "prod-eu")));
        assertEquals(25, SlashCommandCatalog.suggestions("", many).size());
    }

    @Test
    void invitePermissionsAreTheDocumentedInteger() {
        assertEquals(311385246720L, Permission.getRaw(DiscordAdapter.PERMISSIONS));
        assertEquals("https://discord.com/oauth2/authorize?client_id=42&scope=bot+applications.commands&permissions=311385246720",
                DiscordAdapter.inviteUrl("42"));
    }

    @Test
    void aCatalogueLargerThanDiscordsTopLevelKeepsTheActionsInTheirGroupAndTheRestInMore() {
        List<dev.triage.adapters.Catalogue.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            entries.add(new dev.triage.adapters.Catalogue.Entry("read-" + i, "read " + i, "everyone",
                    dev.triage.adapters.Catalogue.parse("[TARGET]"), false));
        }
        for (int i = 0; i < 14; i++) {
            entries.add(new dev.triage.adapters.Catalogue.Entry("fix-" + i, "fix " + i, "operator",
                    dev.triage.adapters.Catalogue.parse("TARGET [--dry-run]"), true));
        }
        List<SlashSubcommand> laid = SlashSubcommand.layout(new dev.triage.adapters.Catalogue.Command("backend", "x", entries));
        long top = laid.stream().filter(x -> x.group() == null).count();
        assertEquals(23, top, "23 subcommands + the groups action and more = Discord's 25");
        assertEquals(7, laid.stream().filter(x -> SlashSubcommand.MORE_GROUP.equals(x.group())).count());
        assertEquals(14, laid.stream().filter(x -> SlashSubcommand.ACTION_GROUP.equals(x.group())).count());
        assertEquals(44, laid.size(), "every command registered");

        List<dev.triage.adapters.Catalogue.Entry> tooMany = new java.util.ArrayList<>();
        for (int i = 0; i < 26; i++) {
            tooMany.add(new dev.triage.adapters.Catalogue.Entry("fix-" + i, "fix", "operator", List.of(), true));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlashSubcommand.layout(new dev.triage.adapters.Catalogue.Command("backend", "x", tooMany)));
        assertTrue(e.getMessage().contains("/backend action would have 26 subcommands"), e.getMessage());
    }
}
