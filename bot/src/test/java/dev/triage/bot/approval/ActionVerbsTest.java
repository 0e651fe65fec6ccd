package dev.triage.bot.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void everyVerbIsBuiltInAndHasADefaultPolicy() {
        // Discord registers whatever the catalogue holds (DiscordRegistersTheCatalogueTest): no list of its own to keep.
        for (Map.Entry<String, String> verb : ActionVerbs.VERBS.entrySet()) {
            assertTrue(BuiltinCommands.names().contains(verb.getKey()), verb.getKey() + " is missing from commands/builtin.yaml");
            assertTrue(Access.DEFAULT_ACTIONS.containsKey(verb.getValue()), verb.getValue() + " has no default approval policy");
        }
    }
}
