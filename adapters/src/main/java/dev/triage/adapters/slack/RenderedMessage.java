package dev.triage.adapters.slack;

import com.google.gson.Gson;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import java.util.List;
import java.util.Objects;

/**
 * A message as Slack takes it: Block Kit blocks, and the plain {@code text} Slack shows in
 * notifications and to screen readers.
 */
public record RenderedMessage(String text, List<LayoutBlock> blocks) {
    private static final Gson GSON = GsonFactory.createSnakeCase();

    public RenderedMessage {
        Objects.requireNonNull(text, "text");
        blocks = List.copyOf(blocks);
    }

    /** The blocks as the JSON array the Web API receives. */
    public String blocksJson() {
        return GSON.toJson(blocks);
    }
}
