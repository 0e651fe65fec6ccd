package dev.triage.adapters.slack;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders the message model as Block Kit, a pure function: the title with its status symbol and
 * word, a section per line, the fields, the footer as a context line, and the buttons as actions
 * whose {@code value} (and, where Slack allows, {@code action_id}) is the button's opaque id.
 * Keeps within Slack's limits: 50 blocks, 3000 characters per text, 10 fields per section,
 * 5 buttons per actions block; what is cut short ends with {@code …}.
 */
public final class BlockKitRenderer {
    static final int MAX_BLOCKS = 50;
    static final int MAX_TEXT = 3000;
    static final int MAX_HEADER = 150;
    static final int MAX_FIELD = 2000;
    static final int FIELDS_PER_SECTION = 10;
    static final int BUTTONS_PER_ACTIONS = 5;
    static final int MAX_BUTTON_LABEL = 75;
    static final int MAX_ACTION_ID = 255;
    static final int MAX_BUTTON_VALUE = 2000;
    static final int MAX_FALLBACK_TEXT = 3000;
    static final String ACTION_ID_PREFIX = "triage-button-";

    public RenderedMessage render(Message message) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(title(message));
        String page = mentions(message);
        if (!page.isEmpty()) {
            blocks.add(section(page));
        }
        List<LayoutBlock> fields = fields(message.fields());
        List<LayoutBlock> footer = footer(message.footer());
        List<LayoutBlock> actions = actions(message.buttons());
        int lineBudget = Math.max(1, MAX_BLOCKS - blocks.size() - fields.size() - footer.size() - actions.size());
        blocks.addAll(lines(message.lines(), lineBudget));
        blocks.addAll(fields);
        blocks.addAll(footer);
        blocks.addAll(actions);
        return new RenderedMessage(page.isEmpty() ? fallbackText(message) : page + " " + fallbackText(message), blocks);
    }

    /**
     * Slack's own mention syntax for the message's Slack members, which notifies them: {@code <!subteam^S0456>} for a user
     * group, {@code <@U0123>} for a person; an id that isn't one of Slack's is left out, never pasted as markup.
     */
    static String mentions(Message m) {
        List<String> out = new ArrayList<>();
        for (String member : m.mentionsOn("slack")) {
            String id = member.substring(member.indexOf(':') + 1);
            if (!id.matches("[A-Z0-9]{1,40}")) {
                continue;
            }
            out.add(member.startsWith("slack-group:") ? "<!subteam^" + id + ">" : "<@" + id + ">");
        }
        return String.join(" ", out);
    }

    private static LayoutBlock title(Message m) {
        String title = m.tone() == Tone.INFO ? m.title() : m.tone().symbol() + " " + m.tone().word() + "  " + m.title();
        if (title.length() <= MAX_HEADER) {
            return HeaderBlock.builder().text(plainText(pt -> pt.text(title).emoji(true))).build();
        }
        return section("*" + truncate(escape(title), MAX_TEXT - 2) + "*");
    }

    private static List<LayoutBlock> lines(List<Message.Line> lines, int budget) {
        List<String> texts = lines.stream().map(BlockKitRenderer::line).toList();
        int perSection = Math.max(1, (texts.size() + budget - 1) / budget);
        List<LayoutBlock> sections = new ArrayList<>();
        for (int i = 0; i < texts.size(); i += perSection) {
            sections.add(section(String.join("\n", texts.subList(i, Math.min(texts.size(), i + perSection)))));
        }
        return sections;
    }

    private static String line(Message.Line line) {
        StringBuilder s = new StringBuilder();
        if (line.tone() != Tone.INFO) {
            s.append(line.tone().symbol()).append(' ').append(line.tone().word()).append("  ");
        }
        if (!line.label().isEmpty()) {
            s.append('*').append(escape(line.label())).append("*  ");
        }
        s.append(escape(line.text()));
        if (line.detail() != null && !line.detail().isBlank()) {
            s.append("  ·  ").append(escape(line.detail()));
        }
        return s.toString().strip();
    }

    private static List<LayoutBlock> fields(List<Message.Field> fields) {
        List<LayoutBlock> sections = new ArrayList<>();
        for (int i = 0; i < fields.size(); i += FIELDS_PER_SECTION) {
            List<TextObject> texts = new ArrayList<>();
            for (Message.Field f : fields.subList(i, Math.min(fields.size(), i + FIELDS_PER_SECTION))) {
                texts.add(markdownText(truncate("*" + escape(f.name()) + "*\n" + escape(f.value()), MAX_FIELD)));
            }
            sections.add(SectionBlock.builder().fields(texts).build());
        }
        return sections;
    }

    private static List<LayoutBlock> footer(String footer) {
        if (footer == null || footer.isBlank()) {
            return List.of();
        }
        return List.of(ContextBlock.builder()
                .elements(List.of(markdownText(truncate(escape(footer.strip()), MAX_TEXT))))
                .build());
    }

    private static List<LayoutBlock> actions(List<Message.Button> buttons) {
        List<LayoutBlock> blocks = new ArrayList<>();
        Set<String> actionIds = new HashSet<>();
        List<BlockElement> row = new ArrayList<>();
        for (int i = 0; i < buttons.size(); i++) {
            row.add(button(buttons.get(i), i, actionIds));
            if (row.size() == BUTTONS_PER_ACTIONS || i == buttons.size() - 1) {
                blocks.add(ActionsBlock.builder().elements(List.copyOf(row)).build());
                row.clear();
            }
        }
        return blocks;
    }

    private static ButtonElement button(Message.Button b, int index, Set<String> actionIds) {
        if (b.id().isEmpty() || b.id().length() > MAX_BUTTON_VALUE) {
            throw new IllegalArgumentException("button '" + b.label() + "' has an id of " + b.id().length()
                    + " characters; Slack carries 1 to " + MAX_BUTTON_VALUE);
        }
        // action_id must be unique in a message and at most 255 characters; the id itself always rides in value.
        String actionId = b.id().length() <= MAX_ACTION_ID && actionIds.add(b.id()) ? b.id() : ACTION_ID_PREFIX + index;
        actionIds.add(actionId);
        String label = truncate(b.label(), MAX_BUTTON_LABEL);
        return ButtonElement.builder()
                .text(plainText(pt -> pt.text(label).emoji(true)))
                .actionId(actionId)
                .value(b.id())
                .style(switch (b.style()) {
                    case PRIMARY -> "primary";
                    case DANGER -> "danger";
                    case DEFAULT -> null;
                })
                .build();
    }

    /** The plain text for notifications: the title with its status word, then one line per line of evidence. */
    static String fallbackText(Message m) {
        StringBuilder s = new StringBuilder();
        if (m.tone() != Tone.INFO) {
            s.append(m.tone().symbol()).append(' ').append(m.tone().word()).append("  ");
        }
        s.append(m.title());
        for (Message.Line line : m.lines()) {
            s.append('\n');
            if (line.tone() != Tone.INFO) {
                s.append(line.tone().word()).append("  ");
            }
            if (!line.label().isEmpty()) {
                s.append(line.label()).append("  ");
            }
            s.append(line.text());
            if (line.detail() != null && !line.detail().isBlank()) {
                s.append("  (").append(line.detail()).append(')');
            }
        }
        return truncate(escape(s.toString()), MAX_FALLBACK_TEXT);
    }

    private static SectionBlock section(String mrkdwn) {
        return SectionBlock.builder().text(markdownText(truncate(mrkdwn, MAX_TEXT))).build();
    }

    /** Slack's three control characters in text; everything else is shown as typed. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** At most {@code max} characters, the last one {@code …} when cut; never splits a surrogate pair. */
    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
