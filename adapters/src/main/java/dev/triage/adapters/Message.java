package dev.triage.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The plain message model every adapter renders in its own way: a title (the answer first), lines
 * with a status (the evidence), fields (name/value facts), buttons (what to do), and a footer
 * (timings), and at most one picture (an uptime chart). Immutable; build one with {@link #builder(String)}.
 *
 * @param image a picture shown with the message, or null: Slack uploads it into the message's thread
 *              ({@code files.getUploadURLExternal} → upload → {@code files.completeUploadExternal}), Discord attaches it
 *              to the embed, the console writes it to a file and prints the path
 */
public record Message(String title, Tone tone, List<Line> lines, List<Field> fields, List<Button> buttons, String footer,
                      Image image, List<String> mentions) {

    public Message {
        Objects.requireNonNull(title, "title");
        tone = tone == null ? Tone.INFO : tone;
        lines = lines == null ? List.of() : List.copyOf(lines);
        fields = fields == null ? List.of() : List.copyOf(fields);
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /** A message without a picture that pages nobody. */
    public Message(String title, Tone tone, List<Line> lines, List<Field> fields, List<Button> buttons, String footer) {
        this(title, tone, lines, fields, buttons, footer, null, null);
    }

    /**
     * The members of {@code PLATFORM:ID} form ({@code slack-group:S0456}, {@code discord-role:5678}, as in the
     * config's {@code roles:}) of {@code platform}'s kinds: {@code slack} → {@code slack}, {@code slack-group}.
     */
    public List<String> mentionsOn(String platform) {
        return mentions.stream().filter(m -> m.startsWith(platform + ":") || m.startsWith(platform + "-")).toList();
    }

    public static Message text(String title) {
        return new Message(title, Tone.INFO, List.of(), List.of(), List.of(), null);
    }

    public static Message of(Tone tone, String title) {
        return new Message(title, tone, List.of(), List.of(), List.of(), null);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** This message with {@code image} (null: without one). */
    public Message withImage(Image image) {
        return new Message(title, tone, lines, fields, buttons, footer, image, mentions);
    }

    /**
     * A PNG picture: its file name ({@code chart.png}), a line saying what it shows (for alt text and plain-text
     * notifications), and its bytes. Kept in the outbox with the message, so a restart delivers the same picture.
     */
    public record Image(String name, String alt, byte[] png) {
        public Image {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(alt, "alt");
            Objects.requireNonNull(png, "png");
            if (!name.matches("[A-Za-z0-9._-]{1,80}\\.png")) {
                throw new IllegalArgumentException("an image's name is letters, digits, . _ - and ends in .png: " + name);
            }
            if (png.length < 8 || (png[0] & 0xff) != 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
                throw new IllegalArgumentException("image " + name + " is not a PNG");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Image i && name.equals(i.name) && alt.equals(i.alt) && java.util.Arrays.equals(png, i.png);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, alt, java.util.Arrays.hashCode(png));
        }

        @Override
        public String toString() {
            return "Image[" + name + ", " + png.length + " bytes]";
        }
    }

    /** One line of evidence: {@code FAIL  http-health  GET …/health → 503   3 ms}. */
    public record Line(Tone tone, String label, String text, String detail) {
        public Line {
            tone = tone == null ? Tone.INFO : tone;
            label = label == null ? "" : label;
            text = text == null ? "" : text;
        }

        public static Line plain(String text) {
            return new Line(null, "", text, null);
        }
    }

    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A button carries an opaque id the core understands; adapters never interpret it.
     */
    public record Button(String id, String label, Style style) {
        public enum Style { DEFAULT, PRIMARY, DANGER }

        public Button {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            style = style == null ? Style.DEFAULT : style;
        }

        public static Button of(String id, String label) {
            return new Button(id, label, Style.DEFAULT);
        }
    }

    public static final class Builder {
        private final String title;
        private Tone tone = Tone.INFO;
        private final List<Line> lines = new ArrayList<>();
        private final List<Field> fields = new ArrayList<>();
        private final List<Button> buttons = new ArrayList<>();
        private String footer;
        private Image image;
        private final List<String> mentions = new ArrayList<>();

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        public Builder tone(Tone tone) {
            this.tone = tone;
            return this;
        }

        public Builder line(Tone tone, String label, String text, String detail) {
            lines.add(new Line(tone, label, text, detail));
            return this;
        }

        public Builder line(String text) {
            lines.add(Line.plain(text));
            return this;
        }

        public Builder field(String name, String value) {
            fields.add(new Field(name, value));
            return this;
        }

        public Builder button(Button button) {
            buttons.add(button);
            return this;
        }

        public Builder footer(String footer) {
            this.footer = footer;
            return this;
        }

        public Builder image(Image image) {
            this.image = image;
            return this;
        }

        /**
         * Whom the message pages (notifies), as {@code PLATFORM:ID} members: each platform mentions those of its own kinds
         * ({@code slack:U1}, {@code slack-group:S1}; {@code discord:1}, {@code discord-role:2}; {@code console:lead}).
         */
        public Builder mentioning(List<String> members) {
            mentions.addAll(members);
            return this;
        }

        public Message build() {
            return new Message(title, tone, lines, fields, buttons, footer, image, mentions);
        }
    }
}
