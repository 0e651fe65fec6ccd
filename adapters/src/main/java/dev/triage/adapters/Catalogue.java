package dev.triage.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every command the bot answers, as data: what {@code /backend help}, Discord's slash-command registration, the
 * console's help and {@code ./triage commands} are all made from, so no platform keeps a list of its own. The core
 * builds it from what it registered (built-ins, action verbs and the team's {@code commands:}); an adapter renders it
 * its platform's way and knows no verb.
 */
public record Catalogue(List<Command> commands) {
    public static final Catalogue EMPTY = new Catalogue(List.of());

    public Catalogue {
        commands = List.copyOf(commands);
    }

    public java.util.Optional<Command> command(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** One slash command ({@code backend}, {@code demo}) and its subcommands, in help order. */
    public record Command(String name, String summary, List<Entry> subcommands) {
        public Command {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(summary, "summary");
            subcommands = List.copyOf(subcommands);
        }

        /**
         * Slack's usage hint (the manifest's {@code usage_hint}, one line under the command): the first subcommands in
         * help order, then the target.
         */
        public String usageHint() {
            String names = subcommands.stream().limit(6).map(Entry::name).reduce((a, b) -> a + "|" + b).orElse("help");
            return "[" + names + "|…] [TARGET]";
        }
    }

    /**
     * One subcommand.
     *
     * @param role   who may run it (for an action request: who may ask)
     * @param action it asks for an action (an approval card follows), so platforms may list it apart
     */
    public record Entry(String name, String help, String role, List<Param> params, boolean action) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(help, "help");
            params = List.copyOf(params);
        }

        /** {@code /backend logs [TARGET] [LINES]}. */
        public String synopsis(String command) {
            StringBuilder s = new StringBuilder("/" + command + " " + name);
            params.forEach(p -> s.append(' ').append(p.synopsis()));
            return s.toString();
        }
    }

    /** How a parameter is typed: what a platform offers for it, and how its value is written into the command's text. */
    public enum Kind {
        /** A target name, offered from the configured targets. */
        TARGET,
        /** An incident's number. */
        INCIDENT,
        /** A whole number of at least 1. */
        INTEGER,
        /** A length of time, written like 30m or 7d. */
        DURATION,
        /** One word or phrase of free text. */
        TEXT,
        /** Free text to the end of the line. */
        REST,
        /** On or off: written as {@code --NAME} when on, else left out. */
        FLAG
    }

    /**
     * A value a platform may offer for a parameter while it is typed (Discord's autocomplete): what is shown, and what is
     * written into the command.
     */
    public record Choice(String label, String value) {
        public Choice {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }

        /** The choices whose label or value start with {@code typed}, then those containing it, in the given order. */
        public static List<Choice> matching(String typed, List<Choice> choices) {
            String t = typed == null ? "" : typed.strip().toLowerCase(java.util.Locale.ROOT);
            List<Choice> starting = new java.util.ArrayList<>();
            List<Choice> containing = new java.util.ArrayList<>();
            for (Choice c : choices) {
                String label = c.label().toLowerCase(java.util.Locale.ROOT);
                String value = c.value().toLowerCase(java.util.Locale.ROOT);
                if (label.startsWith(t) || value.startsWith(t)) {
                    starting.add(c);
                } else if (label.contains(t) || value.contains(t)) {
                    containing.add(c);
                }
            }
            starting.addAll(containing);
            return List.copyOf(starting);
        }
    }

    /** One parameter, in the order it is written. */
    public record Param(String name, Kind kind, boolean required, String description) {
        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(description, "description");
        }

        String synopsis() {
            String word = kind == Kind.FLAG ? "--" + name : name.toUpperCase(Locale.ROOT);
            return required ? word : "[" + word + "]";
        }
    }

    /** The words a synopsis may use, each with its kind and the description platforms show. */
    private static final Map<String, Param> WORDS = Map.of(
            "TARGET", new Param("target", Kind.TARGET, true, "the target (a backend from the config)"),
            "NUMBER", new Param("number", Kind.INCIDENT, true, "the incident's number"),
            "LINES", new Param("lines", Kind.INTEGER, true, "how many lines"),
            "DURATION", new Param("duration", Kind.DURATION, true, "how long, e.g. 30m or 2h"),
            "WINDOW", new Param("window", Kind.DURATION, true, "the window, e.g. 7d or 30d"),
            "REASON", new Param("reason", Kind.REST, true, "why, in a few words"),
            "TEXT", new Param("text", Kind.REST, true, "the text"));

    /**
     * Reads a synopsis as people write it ({@code TARGET [--dry-run]}, {@code [TARGET] [LINES]}, {@code TARGET DURATION
     * [REASON]}) into typed parameters.
     *
     * @throws IllegalArgumentException for a word it doesn't know, naming it and the words it does
     */
    public static List<Param> parse(String synopsis) {
        List<Param> out = new ArrayList<>();
        if (synopsis == null || synopsis.isBlank()) {
            return out;
        }
        for (String token : synopsis.strip().split("\\s+")) {
            boolean optional = token.startsWith("[") && token.endsWith("]");
            String word = optional ? token.substring(1, token.length() - 1) : token;
            if (word.startsWith("--")) {
                String name = word.substring(2);
                out.add(new Param(name, Kind.FLAG, false, name.replace('-', ' ')));
                continue;
            }
            Param known = WORDS.get(word);
            if (known == null) {
                throw new IllegalArgumentException("a synopsis word must be one of " + new java.util.TreeSet<>(WORDS.keySet())
                        + " or --FLAG, not " + word + " (in \"" + synopsis + "\")");
            }
            out.add(new Param(known.name(), known.kind(), !optional,
                    optional && known.kind() == Kind.TARGET ? "the target; leave out for every target" : known.description()));
        }
        return out;
    }
}
