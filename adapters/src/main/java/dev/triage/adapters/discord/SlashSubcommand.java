package dev.triage.adapters.discord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One subcommand of a Discord slash command ({@code /backend status}), declared as data: its name,
 * the description Discord shows, and its options in the order they become the command's text —
 * {@code /backend logs target:prod lines:50} reaches the core as {@code logs prod 50}. Checked as it
 * is built against Discord's rules (lower-case names of 1 to 32 characters, descriptions of 1 to 100,
 * at most 25 options, required options before optional ones). {@code group} puts it in a subcommand group
 * ({@code /backend action restart}); null keeps it at the top.
 */
public record SlashSubcommand(String name, String description, List<Option> options, String group) {
    static final int MAX_NAME = 32;
    static final int MAX_DESCRIPTION = 100;
    static final int MAX_OPTIONS = 25;
    static final Pattern NAME = Pattern.compile("[-_\\p{Ll}\\p{N}]{1,32}");

    /** The name of the option whose values autocomplete from the configured targets. */
    public static final String TARGET = "target";

    public SlashSubcommand {
        requireName("subcommand", name);
        requireDescription("/" + name, description);
        options = options == null ? List.of() : List.copyOf(options);
        if (options.size() > MAX_OPTIONS) {
            throw new IllegalArgumentException("subcommand " + name + " has " + options.size() + " options; Discord allows " + MAX_OPTIONS);
        }
        Set<String> seen = new HashSet<>();
        boolean optionalSeen = false;
        for (Option o : options) {
            if (!seen.add(o.name())) {
                throw new IllegalArgumentException("subcommand " + name + " declares the option " + o.name() + " twice");
            }
            if (o.required() && optionalSeen) {
                throw new IllegalArgumentException("subcommand " + name + ": the required option " + o.name()
                        + " must come before the optional ones (Discord's rule)");
            }
            optionalSeen |= !o.required();
        }
    }

    /** A subcommand at the top of its command (no group). */
    public SlashSubcommand(String name, String description, List<Option> options) {
        this(name, description, options, null);
    }

    public static SlashSubcommand of(String name, String description, Option... options) {
        return new SlashSubcommand(name, description, List.of(options));
    }

    /** How an option is typed in Discord and how its value is written into the command's text. */
    public enum Kind {
        /** A target name, autocompleted from the configured targets; written as typed. */
        TARGET,
        /** Free text; written as typed. */
        TEXT,
        /** A whole number of at least 1; written in decimal. */
        INTEGER,
        /** An incident's number, autocompleted from the open incidents; written in decimal. */
        INCIDENT,
        /** A true/false choice; when true, written as {@code --NAME} (e.g. {@code --dry-run}), else left out. */
        FLAG
    }

    /** One option of a subcommand. */
    public record Option(String name, String description, Kind kind, boolean required) {
        public Option {
            requireName("option", name);
            requireDescription("option " + name, description);
            Objects.requireNonNull(kind, "kind");
        }

        /** The {@code target} option, autocompleted from the configured targets. */
        public static Option target(boolean required) {
            return new Option(TARGET, required ? "the target (a backend from the config)" : "the target; leave out for every target",
                    Kind.TARGET, required);
        }

        public static Option integer(String name, String description) {
            return new Option(name, description, Kind.INTEGER, false);
        }

        public static Option flag(String name, String description) {
            return new Option(name, description, Kind.FLAG, false);
        }
    }

    /** What Discord registers before the core says what it answers: only help. */
    public static List<SlashSubcommand> defaults() {
        return List.of(of("help", "Every /backend command"));
    }

    /** The subcommand group that holds the action requests (an approval card follows each). */
    public static final String ACTION_GROUP = "action";
    /** The group that takes what doesn't fit at the top (Discord allows 25 subcommands and groups there). */
    public static final String MORE_GROUP = "more";

    /**
     * A command of the core's catalogue as Discord registers it: the read-only subcommands at the top, the action
     * requests in the group {@value #ACTION_GROUP} ({@code /backend action restart target:prod}), and past Discord's
     * 25 at the top the rest in {@value #MORE_GROUP}. Each parameter becomes a typed option; the text the core reads is
     * the same as typed ({@code restart prod}).
     *
     * @throws IllegalArgumentException when a group would hold more than Discord's 25, naming the command
     */
    public static List<SlashSubcommand> layout(dev.triage.adapters.Catalogue.Command command) {
        List<SlashSubcommand> top = new ArrayList<>();
        List<SlashSubcommand> actions = new ArrayList<>();
        for (dev.triage.adapters.Catalogue.Entry e : command.subcommands()) {
            (e.action() ? actions : top).add(from(e, e.action() ? ACTION_GROUP : null));
        }
        int room = MAX_OPTIONS - (actions.isEmpty() ? 0 : 1);
        List<SlashSubcommand> out = new ArrayList<>();
        if (top.size() > room) {
            List<SlashSubcommand> more = new ArrayList<>(top.subList(room - 1, top.size()));
            top = new ArrayList<>(top.subList(0, room - 1));
            more.replaceAll(x -> new SlashSubcommand(x.name(), x.description(), x.options(), MORE_GROUP));
            requireFits(command.name(), MORE_GROUP, more);
            out.addAll(top);
            out.addAll(more);
        } else {
            out.addAll(top);
        }
        requireFits(command.name(), ACTION_GROUP, actions);
        out.addAll(actions);
        return List.copyOf(out);
    }

    private static void requireFits(String command, String group, List<SlashSubcommand> subs) {
        if (subs.size() > MAX_OPTIONS) {
            throw new IllegalArgumentException("/" + command + " " + group + " would have " + subs.size() + " subcommands; Discord"
                    + " allows " + MAX_OPTIONS + " in a group. Define fewer commands under commands: in the config.");
        }
    }

    /** One catalogue entry as a subcommand: the help cut to Discord's 100 characters, each parameter typed. */
    static SlashSubcommand from(dev.triage.adapters.Catalogue.Entry e, String group) {
        List<Option> options = new ArrayList<>();
        for (dev.triage.adapters.Catalogue.Param p : e.params()) {
            Kind kind = switch (p.kind()) {
                case TARGET -> Kind.TARGET;
                case INCIDENT -> Kind.INCIDENT;
                case INTEGER -> Kind.INTEGER;
                case DURATION, TEXT, REST -> Kind.TEXT;
                case FLAG -> Kind.FLAG;
            };
            options.add(new Option(p.name(), cut(p.description()), kind, p.required() && kind != Kind.FLAG));
        }
        String help = Character.toUpperCase(e.help().charAt(0)) + e.help().substring(1);
        return new SlashSubcommand(e.name(), cut(help), options, group);
    }

    private static String cut(String text) {
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION - 1) + "…";
    }

    private static void requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a " + what + " name must be 1 to " + MAX_NAME
                    + " lower-case letters, digits, - or _ (Discord's rule), not '" + name + "'");
        }
    }

    private static void requireDescription(String what, String description) {
        if (description == null || description.isBlank() || description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("the description of " + what + " must be 1 to " + MAX_DESCRIPTION
                    + " characters (Discord's rule), got " + (description == null ? "none" : description.length()));
        }
    }
}
