package dev.triage.adapters.discord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;

/**
 * The slash commands as Discord registers them, and the way back: an invocation's subcommand and
 * option values into the plain text the core parses. Pure; no JDA connection needed.
 */
final class SlashCommandCatalog {
    static final String DESCRIPTION = "Triage: backend status, diagnosis and runbook fixes";
    static final int MAX_CHOICES = 25;
    static final int MAX_CHOICE = 100;

    private final List<String> commands;
    private volatile List<SlashSubcommand> subcommands;

    SlashCommandCatalog(List<String> commands, List<SlashSubcommand> subcommands) {
        this.commands = List.copyOf(commands);
        this.subcommands = List.copyOf(subcommands);
    }

    static SlashCommandCatalog of(DiscordSettings settings) {
        return new SlashCommandCatalog(settings.commands(), settings.subcommands());
    }

    /** Registers these instead of the settings' from now on: the core's catalogue, laid out for Discord. */
    void use(List<SlashSubcommand> subs) {
        this.subcommands = List.copyOf(subs);
    }

    boolean answers(String command) {
        return commands.contains(command);
    }

    /** One command per configured name, each with every subcommand and its options. */
    List<SlashCommandData> commandData() {
        List<SlashCommandData> data = new ArrayList<>();
        for (String name : commands) {
            SlashCommandData command = Commands.slash(name, DESCRIPTION).setContexts(InteractionContextType.GUILD);
            Map<String, SubcommandGroupData> groups = new java.util.LinkedHashMap<>();
            for (SlashSubcommand sub : subcommands) {
                SubcommandData subData = new SubcommandData(sub.name(), sub.description());
                for (SlashSubcommand.Option o : sub.options()) {
                    subData.addOptions(option(o));
                }
                if (sub.group() == null) {
                    command.addSubcommands(subData);
                } else {
                    groups.computeIfAbsent(sub.group(), g -> new SubcommandGroupData(g, groupDescription(g))).addSubcommands(subData);
                }
            }
            groups.values().forEach(command::addSubcommandGroups);
            data.add(command);
        }
        return data;
    }

    private static String groupDescription(String group) {
        return SlashSubcommand.ACTION_GROUP.equals(group) ? "Ask for a fix: another person with the approver role approves"
                : "More commands";
    }

    private static OptionData option(SlashSubcommand.Option o) {
        return switch (o.kind()) {
            case TARGET -> new OptionData(OptionType.STRING, o.name(), o.description(), o.required(), true);
            case TEXT -> new OptionData(OptionType.STRING, o.name(), o.description(), o.required());
            case INTEGER -> new OptionData(OptionType.INTEGER, o.name(), o.description(), o.required()).setMinValue(1);
            case INCIDENT -> new OptionData(OptionType.INTEGER, o.name(), o.description(), o.required(), true).setMinValue(1);
            case FLAG -> new OptionData(OptionType.BOOLEAN, o.name(), o.description(), o.required());
        };
    }

    /**
     * The command's text as the core reads it: the subcommand, then each given option in declared
     * order ({@code logs prod 50}, {@code restart prod --dry-run}). Options this catalog does not
     * declare (a command registered by another version) follow in the order Discord sent them.
     *
     * @param values the given options' values by name, as Discord's strings ({@code true} for a set flag)
     */
    String textOf(String subcommand, Map<String, String> values) {
        if (subcommand == null) {
            return String.join(" ", values.values());
        }
        List<String> words = new ArrayList<>();
        words.add(subcommand);
        Set<String> left = new LinkedHashSet<>(values.keySet());
        Optional<SlashSubcommand> declared = subcommands.stream().filter(s -> s.name().equals(subcommand)).findFirst();
        for (SlashSubcommand.Option o : declared.map(SlashSubcommand::options).orElse(List.of())) {
            String value = values.get(o.name());
            left.remove(o.name());
            if (value == null || value.isBlank()) {
                continue;
            }
            if (o.kind() == SlashSubcommand.Kind.FLAG) {
                if (Boolean.parseBoolean(value.strip())) {
                    words.add("--" + o.name());
                }
            } else {
                words.add(value.strip());
            }
        }
        for (String name : left) {
            String value = values.get(name);
            if (value != null && !value.isBlank()) {
                words.add(value.strip());
            }
        }
        return String.join(" ", words);
    }

    /**
     * Up to 25 target names for what has been typed so far: those starting with it first, then
     * those containing it, each in the configured order; case does not matter.
     */
    static List<String> suggestions(String typed, List<String> targets) {
        String t = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        List<String> starting = new ArrayList<>();
        List<String> containing = new ArrayList<>();
        for (String name : targets) {
            if (name == null || name.isBlank() || name.length() > MAX_CHOICE) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(t)) {
                starting.add(name);
            } else if (lower.contains(t)) {
                containing.add(name);
            }
        }
        starting.addAll(containing);
        return starting.stream().distinct().limit(MAX_CHOICES).toList();
    }

    List<SlashSubcommand> subcommands() {
        return subcommands;
    }

    /** How the option {@code option} of {@code subcommand} is typed, when this catalog declares it. */
    Optional<SlashSubcommand.Kind> kindOf(String subcommand, String option) {
        return subcommands.stream().filter(s -> s.name().equals(subcommand)).findFirst()
                .flatMap(s -> s.options().stream().filter(o -> o.name().equals(option)).findFirst())
                .map(SlashSubcommand.Option::kind);
    }

    @Override
    public String toString() {
        return "SlashCommandCatalog[" + commands + " × " + subcommands.stream().map(SlashSubcommand::name).toList() + "]";
    }
}
