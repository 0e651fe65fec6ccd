package dev.triage.bot.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.discord.SlashSubcommand;
import dev.triage.bot.command.BuiltinCommands;
import dev.triage.config.Access;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every action verb is a /backend subcommand everywhere: the built-in list, Discord's registered subcommands, and a policy. */
class ActionVerbsTest {

    @Test
    void theCloudActionsHaveVerbs() {
        assertEquals("security-group-allow", ActionVerbs.VERBS.get("allow-sg"));
        assertEquals("ecs-redeploy", ActionVerbs.VERBS.get("redeploy"));
        assertEquals("ecs-grace-period", ActionVerbs.VERBS.get("grace-period"));
        assertEquals("grace-period", ActionVerbs.verbFor("ecs-grace-period"));
    }

    @Test
    void everyVerbIsBuiltInRegisteredOnDiscordAndHasADefaultPolicy() {
        List<String> discord = SlashSubcommand.defaults().stream().map(SlashSubcommand::name).toList();
        for (Map.Entry<String, String> verb : ActionVerbs.VERBS.entrySet()) {
            assertTrue(BuiltinCommands.names().contains(verb.getKey()), verb.getKey() + " is missing from commands/builtin.yaml");
            assertTrue(discord.contains(verb.getKey()), verb.getKey() + " is missing from Discord's default subcommands");
            assertTrue(Access.DEFAULT_ACTIONS.containsKey(verb.getValue()), verb.getValue() + " has no default approval policy");
        }
    }
}
