package dev.triage.adapters.discord;

import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.MarkdownSanitizer;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

/**
 * Renders the message model for Discord, a pure function. The title, with its status symbol and
 * word, is the message's text (so it shows in notifications and without colour); the evidence is an
 * embed coloured by tone: leading plain lines as its description, then a field per labelled line and
 * per fact in the model's order, the footer last. Buttons become components whose {@code custom_id}
 * is the button's opaque id, five to a row.
 *
 * <p>Keeps within Discord's limits by splitting, never by dropping: 2,000 characters of text per
 * message, 4,096 per description, 256 per field name, 1,024 per field value (a longer value goes on
 * in further fields named {@code (2/3)} …), 25 fields per embed, 6,000 characters of embeds and 10
 * embeds per message, 5 rows of buttons per message. What does not fit goes into further messages;
 * the first one carries the title and the buttons, so the message a click or an edit refers to is
 * always the first.
 */
public final class EmbedRenderer {
    static final int MAX_CONTENT = net.dv8tion.jda.api.entities.Message.MAX_CONTENT_LENGTH;
    static final int MAX_DESCRIPTION = MessageEmbed.DESCRIPTION_MAX_LENGTH;
    static final int MAX_FIELD_NAME = MessageEmbed.TITLE_MAX_LENGTH;
    static final int MAX_FIELD_VALUE = MessageEmbed.VALUE_MAX_LENGTH;
    static final int MAX_FOOTER = MessageEmbed.TEXT_MAX_LENGTH;
    static final int MAX_EMBED_CHARS = MessageEmbed.EMBED_MAX_LENGTH_BOT;
    static final int MAX_FIELDS = MessageEmbed.MAX_FIELD_AMOUNT;
    static final int MAX_EMBEDS = net.dv8tion.jda.api.entities.Message.MAX_EMBED_COUNT;
    static final int BUTTONS_PER_ROW = 5;
    static final int MAX_ROWS = net.dv8tion.jda.api.entities.Message.MAX_COMPONENT_COUNT;
    static final int MAX_CUSTOM_ID = 100;
    static final int MAX_LABEL = 80;
    /** A field needs a name and a value; this invisible one stands in where there is none. */
    static final String BLANK = "\u200b";
    static final String MORE_BUTTONS = "More actions";

    /** Renders {@code message} for a channel, mentioning (and so notifying) nobody. */
    public DiscordRendering render(Message message) {
        return render(message, null);
    }

    /**
     * Renders {@code message} addressed to one person: the text starts with their mention, the only
     * mention allowed to notify. For places where Discord cannot show a message to one person alone.
     */
    public DiscordRendering renderAddressedTo(Message message, String userId) {
        return render(message, userId);
    }

    private DiscordRendering render(Message m, String addressee) {
        List<String> roles = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (String member : m.mentionsOn("discord")) {
            String id = member.substring(member.indexOf(':') + 1);
            if (id.matches("\\d{1,20}")) {
                (member.startsWith("discord-role:") ? roles : users).add(id);
            }
        }
        StringBuilder paged = new StringBuilder();
        roles.forEach(id -> paged.append("<@&").append(id).append("> "));
        users.forEach(id -> paged.append("<@").append(id).append("> "));
        String headline = (addressee == null ? "" : "<@" + addressee + "> ") + paged + headline(m);
        List<String> texts = chunks(headline, MAX_CONTENT);
        List<List<MessageEmbed>> embedGroups = embeds(m);
        List<ActionRow> rows = rows(m.buttons());

        int embedParts = embedGroups.size();
        int parts = Math.max(texts.size() + Math.max(0, embedParts - 1), (rows.size() + MAX_ROWS - 1) / MAX_ROWS);
        List<MessageCreateData> data = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            MessageCreateBuilder b = new MessageCreateBuilder();
            if (i < texts.size()) {
                b.setContent(texts.get(i));
            }
            int embedIndex = i - (texts.size() - 1);
            if (embedIndex >= 0 && embedIndex < embedParts) {
                b.setEmbeds(embedGroups.get(embedIndex));
            }
            List<ActionRow> partRows = rows.subList(Math.min(rows.size(), i * MAX_ROWS), Math.min(rows.size(), (i + 1) * MAX_ROWS));
            if (!partRows.isEmpty()) {
                b.setComponents(partRows);
            }
            if (b.isEmpty()) {
                b.setContent(MORE_BUTTONS);
            }
            // Only the mentions the message means notify: its addressee, or the members it pages (first part only).
            b.setAllowedMentions(addressee == null ? EnumSet.noneOf(net.dv8tion.jda.api.entities.Message.MentionType.class)
                    : EnumSet.of(net.dv8tion.jda.api.entities.Message.MentionType.USER));
            if (addressee != null) {
                b.mentionUsers(addressee);
            }
            if (i == 0 && !roles.isEmpty()) {
                b.mentionRoles(roles);
            }
            if (i == 0 && !users.isEmpty()) {
                b.mentionUsers(users);
            }
            data.add(b.build());
        }
        if (m.image() != null) {
            data.set(0, withImage(data.get(0), m));
        }
        return new DiscordRendering(data);
    }

    /**
     * The first part with the message's picture: the file as an attachment ({@code multipart/form-data}: the JSON as
     * {@code payload_json}, the PNG as {@code files[0]}) and its first embed showing it ({@code attachment://NAME}).
     */
    private static MessageCreateData withImage(MessageCreateData part, Message m) {
        Message.Image image = m.image();
        List<MessageEmbed> embeds = new ArrayList<>(part.getEmbeds());
        EmbedBuilder shown = embeds.isEmpty() ? new EmbedBuilder().setColor(colour(m.tone())) : new EmbedBuilder(embeds.getFirst());
        shown.setImage("attachment://" + image.name());
        if (embeds.isEmpty()) {
            shown.setDescription(escape(truncate(image.alt(), MAX_DESCRIPTION)));
            embeds.add(shown.build());
        } else {
            embeds.set(0, shown.build());
        }
        return net.dv8tion.jda.api.utils.messages.MessageCreateBuilder.from(part).setEmbeds(embeds)
                .addFiles(net.dv8tion.jda.api.utils.FileUpload.fromData(image.png(), image.name())).build();
    }

    /** The title with the status symbol and word (none for plain information), Markdown escaped. */
    static String headline(Message m) {
        String title = escape(m.title().strip());
        if (title.isEmpty()) {
            title = BLANK;
        }
        return m.tone() == Tone.INFO ? title : m.tone().symbol() + " **" + m.tone().word() + "**  " + title;
    }

    /** Discord's colour for each tone; the word is always shown as well. */
    static int colour(Tone tone) {
        return switch (tone) {
            case OK -> 0x2EB67D;
            case INFO -> 0x5865F2;
            case SKIPPED -> 0x99AAB5;
            case WARN -> 0xF0B232;
            case FAIL -> 0xED4245;
            case ERROR -> 0x9B59B6;
        };
    }

    private record Field(String name, String value) {
        int length() {
            return name.codePointCount(0, name.length()) + value.codePointCount(0, value.length());
        }
    }

    /** The embeds, grouped by the message that carries them; empty when there is no body. */
    private static List<List<MessageEmbed>> embeds(Message m) {
        String footer = m.footer() == null || m.footer().isBlank() ? null : truncate(escape(m.footer().strip()), MAX_FOOTER);
        int footerLength = footer == null ? 0 : footer.codePointCount(0, footer.length());

        StringBuilder lead = new StringBuilder();
        List<Field> fields = new ArrayList<>();
        List<String> plainRun = new ArrayList<>();
        boolean inLead = true;
        for (Message.Line line : m.lines()) {
            if (line.label().isBlank()) {
                if (inLead) {
                    lead.append(lead.isEmpty() ? "" : "\n").append(plainLine(line));
                } else {
                    plainRun.add(plainLine(line));
                }
                continue;
            }
            inLead = false;
            flushPlain(plainRun, fields);
            String name = (line.tone() == Tone.INFO ? "" : line.tone().symbol() + " " + line.tone().word() + "  ") + escape(line.label().strip());
            addSplit(fields, name, lineValue(line));
        }
        flushPlain(plainRun, fields);
        for (Message.Field f : m.fields()) {
            addSplit(fields, escape(f.name().strip()), escape(f.value().strip()));
        }

        int descriptionLimit = Math.min(MAX_DESCRIPTION, MAX_EMBED_CHARS - footerLength);
        List<String> description = chunks(lead.toString(), descriptionLimit);
        String firstDescription = description.isEmpty() ? null : description.getFirst();
        List<Field> overflow = new ArrayList<>();
        for (String rest : description.subList(Math.min(1, description.size()), description.size())) {
            addSplit(overflow, BLANK, rest);
        }
        overflow.addAll(fields);

        if (firstDescription == null && overflow.isEmpty() && footer == null) {
            return List.of();
        }
        return new Packer(colour(m.tone()), footerLength).pack(firstDescription, overflow, footer);
    }

    /** Fills embeds field by field, starting a new embed at 25 fields and a new message at 6,000 characters or 10 embeds. */
    private static final class Packer {
        private final int colour;
        private final int reserve;
        private final List<List<MessageEmbed>> messages = new ArrayList<>();
        private List<MessageEmbed> message = new ArrayList<>();
        private int messageChars;
        private EmbedBuilder embed;
        private int fieldsInEmbed;

        Packer(int colour, int reserve) {
            this.colour = colour;
            this.reserve = reserve;
        }

        List<List<MessageEmbed>> pack(String description, List<Field> fields, String footer) {
            embed = new EmbedBuilder().setColor(colour);
            if (description != null && !description.isEmpty()) {
                embed.setDescription(description);
                messageChars += description.codePointCount(0, description.length());
            }
            for (Field f : fields) {
                if (messageChars + f.length() + reserve > MAX_EMBED_CHARS) {
                    closeEmbed();
                    closeMessage();
                } else if (fieldsInEmbed == MAX_FIELDS) {
                    closeEmbed();
                    if (message.size() == MAX_EMBEDS) {
                        closeMessage();
                    }
                }
                embed.addField(f.name(), f.value(), false);
                fieldsInEmbed++;
                messageChars += f.length();
            }
            if (footer != null) {
                embed.setFooter(footer);
            }
            closeEmbed();
            closeMessage();
            return messages;
        }

        private void closeEmbed() {
            if (!embed.isEmpty()) {
                message.add(embed.build());
            }
            embed = new EmbedBuilder().setColor(colour);
            fieldsInEmbed = 0;
        }

        private void closeMessage() {
            if (!message.isEmpty()) {
                messages.add(List.copyOf(message));
            }
            message = new ArrayList<>();
            messageChars = 0;
        }
    }

    private static void flushPlain(List<String> run, List<Field> fields) {
        if (!run.isEmpty()) {
            addSplit(fields, BLANK, String.join("\n", run));
            run.clear();
        }
    }

    /** One field, or several named {@code name (1/3)} … when the value is longer than Discord takes. */
    private static void addSplit(List<Field> fields, String name, String value) {
        List<String> values = chunks(value.isBlank() ? BLANK : value, MAX_FIELD_VALUE);
        for (int i = 0; i < values.size(); i++) {
            if (values.size() == 1) {
                fields.add(new Field(truncate(name, MAX_FIELD_NAME), values.get(i)));
            } else {
                String suffix = " (" + (i + 1) + "/" + values.size() + ")";
                String base = BLANK.equals(name) ? "…" : name;
                fields.add(new Field(truncate(base, MAX_FIELD_NAME - suffix.length()) + suffix, values.get(i)));
            }
        }
    }

    private static String plainLine(Message.Line line) {
        StringBuilder s = new StringBuilder();
        if (line.tone() != Tone.INFO) {
            s.append(line.tone().symbol()).append(' ').append(line.tone().word()).append("  ");
        }
        s.append(escape(line.text().strip()));
        if (line.detail() != null && !line.detail().isBlank()) {
            s.append("  ·  ").append(escape(line.detail().strip()));
        }
        return s.toString().strip();
    }

    private static String lineValue(Message.Line line) {
        String text = escape(line.text().strip());
        if (line.detail() != null && !line.detail().isBlank()) {
            text = (text.isEmpty() ? "" : text + "  ·  ") + escape(line.detail().strip());
        }
        return text;
    }

    private static List<ActionRow> rows(List<Message.Button> buttons) {
        List<ActionRow> rows = new ArrayList<>();
        List<Button> row = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Message.Button b : buttons) {
            if (b.id().isEmpty() || b.id().length() > MAX_CUSTOM_ID) {
                throw new IllegalArgumentException("button '" + b.label() + "' has an id of " + b.id().length()
                        + " characters; Discord carries 1 to " + MAX_CUSTOM_ID + " as its custom_id");
            }
            if (!ids.add(b.id())) {
                throw new IllegalArgumentException("button '" + b.label() + "' repeats the id '" + b.id()
                        + "' of another button in the message; Discord needs each custom_id once per message");
            }
            String label = b.label().isBlank() ? b.id() : b.label().strip();
            ButtonStyle style = switch (b.style()) {
                case PRIMARY -> ButtonStyle.PRIMARY;
                case DANGER -> ButtonStyle.DANGER;
                case DEFAULT -> ButtonStyle.SECONDARY;
            };
            row.add(Button.of(style, b.id(), truncate(label, MAX_LABEL)));
            if (row.size() == BUTTONS_PER_ROW) {
                rows.add(ActionRow.of(row));
                row = new ArrayList<>();
            }
        }
        if (!row.isEmpty()) {
            rows.add(ActionRow.of(row));
        }
        return rows;
    }

    /** Discord Markdown in the core's text is shown as typed. */
    static String escape(String s) {
        return MarkdownSanitizer.escape(s);
    }

    /**
     * {@code s} in pieces of at most {@code max} characters, each broken after a line break or a space
     * where one lies in the second half of the piece; never inside a surrogate pair or after the
     * backslash of an escape. Empty for an empty string.
     */
    static List<String> chunks(String s, int max) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int end = Math.min(s.length(), start + max);
            if (end < s.length()) {
                int newline = s.lastIndexOf('\n', end - 1);
                int space = s.lastIndexOf(' ', end - 1);
                int soft = newline > start + max / 2 ? newline + 1 : space > start + max / 2 ? space + 1 : -1;
                if (soft > start) {
                    end = soft;
                }
                if (Character.isHighSurrogate(s.charAt(end - 1))) {
                    end--;
                }
                while (end - 1 > start && s.charAt(end - 1) == '\\') {
                    end--;
                }
            }
            String piece = s.substring(start, end).strip();
            if (!piece.isEmpty()) {
                out.add(piece);
            }
            start = end;
        }
        return out;
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
