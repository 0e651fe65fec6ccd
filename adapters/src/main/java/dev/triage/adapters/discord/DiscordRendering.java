package dev.triage.adapters.discord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * A message as Discord takes it: one or more parts, each within Discord's limits. The first part
 * carries the title and the buttons; further parts carry what did not fit.
 */
public record DiscordRendering(List<MessageCreateData> parts) {

    public DiscordRendering {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a rendering has at least one part");
        }
    }

    public MessageCreateData first() {
        return parts.getFirst();
    }

    public List<MessageCreateData> rest() {
        return parts.subList(1, parts.size());
    }

    static MessageEditData asEdit(MessageCreateData part) {
        return MessageEditData.fromCreateData(part);
    }

    /** Each part as the JSON body JDA sends for it. */
    public List<String> json() {
        return parts.stream().map(p -> new String(p.toData().toJson(), StandardCharsets.UTF_8)).toList();
    }
}
