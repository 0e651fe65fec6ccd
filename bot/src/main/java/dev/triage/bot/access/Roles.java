package dev.triage.bot.access;

import dev.triage.adapters.Requester;
import dev.triage.config.Access;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a person, as the platform presented them, to Triage's roles. Members are written
 * {@code PLATFORM:ID}: {@code console:lead}, {@code cli:deploy} (the OS user at {@code ./triage action}), {@code slack:U0123}, {@code slack-group:S0456},
 * {@code discord:1234} (a user) and {@code discord-role:5678}. Resolved at every use, so a role taken
 * away (or a Slack group left) counts from the next click on.
 */
public final class Roles {
    private final Access access;

    public Roles(Access access) {
        this.access = access;
    }

    public Set<String> of(Requester who) {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, Set<String>> role : access.roles().entrySet()) {
            for (String member : role.getValue()) {
                if (matches(member, who)) {
                    out.add(role.getKey());
                    break;
                }
            }
        }
        return out;
    }

    public boolean has(Requester who, String role) {
        return Access.EVERYONE.equals(role) || of(who).contains(role);
    }

    /** How a person is written in {@code roles:}, for messages that tell them what to ask for. */
    public static String memberId(Requester who) {
        return who.platform() + ":" + who.userId();
    }

    private static boolean matches(String member, Requester who) {
        int colon = member.indexOf(':');
        String kind = member.substring(0, colon);
        String id = member.substring(colon + 1);
        return switch (kind) {
            case "console" -> who.platform().equals("console") && who.userId().equals(id);
            case "cli" -> who.platform().equals("cli") && who.userId().equals(id);
            case "slack" -> who.platform().equals("slack") && who.userId().equals(id);
            case "slack-group" -> who.platform().equals("slack") && who.platformRoles().contains(id);
            case "discord" -> who.platform().equals("discord") && who.userId().equals(id);
            case "discord-role" -> who.platform().equals("discord") && who.platformRoles().contains(id);
            default -> false;
        };
    }
}
