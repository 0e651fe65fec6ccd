package dev.triage.bot.command;

import dev.triage.adapters.Message;
import dev.triage.config.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The subcommands of one slash command ({@code /backend}, {@code /demo}), dispatched by name, with
 * {@code help} generated from what is registered.
 */
public final class CommandSet {
    /**
     * Runs before every subcommand: access control as one filter in front of all commands, configured
     * as data. Throws {@link UsageException} to refuse.
     */
    @FunctionalInterface
    public interface Guard {
        Guard OPEN = (ctx, sub) -> { };

        void check(CommandContext ctx, Subcommand sub);
    }

    private final String command;
    private final String summary;
    private final Map<String, Subcommand> subcommands = new LinkedHashMap<>();
    private Guard guard = Guard.OPEN;

    public CommandSet(String command, String summary) {
        this.command = command;
        this.summary = summary;
        add(new Subcommand("help", "", "this list", (ctx, args) -> ctx.tell(help())));
    }

    public CommandSet add(Subcommand sub) {
        if (subcommands.putIfAbsent(sub.name(), sub) != null) {
            throw new IllegalArgumentException("/" + command + " " + sub.name() + " is registered twice");
        }
        return this;
    }

    /** Puts {@code sub} in place of the registered subcommand of the same name, keeping its place in help. */
    public CommandSet replace(Subcommand sub) {
        if (subcommands.replace(sub.name(), sub) == null) {
            throw new IllegalArgumentException("/" + command + " " + sub.name() + " is not registered, so it can't be replaced");
        }
        return this;
    }

    public java.util.Optional<Subcommand> find(String name) {
        return java.util.Optional.ofNullable(subcommands.get(name));
    }

    public String command() {
        return command;
    }

    public CommandSet guardedBy(Guard guard) {
        this.guard = guard;
        return this;
    }

    public void dispatch(CommandContext ctx) {
        List<String> words = new ArrayList<>(Arrays.asList(ctx.text().isBlank() ? new String[0] : ctx.text().strip().split("\\s+")));
        if (words.isEmpty()) {
            ctx.tell(help());
            return;
        }
        String name = words.remove(0).toLowerCase(Locale.ROOT);
        Subcommand sub = subcommands.get(name);
        if (sub == null) {
            throw new UsageException("Unknown command /" + command + " " + name
                    + Suggestions.closest(name, subcommands.keySet()).map(s -> " — did you mean /" + command + " " + s + "?").orElse(".")
                    + " /" + command + " help lists them all.");
        }
        guard.check(ctx, sub);
        sub.handler().handle(ctx, List.copyOf(words));
    }

    /** This command and its subcommands as data, in help order: what every platform registers. */
    public dev.triage.adapters.Catalogue.Command catalogue() {
        return new dev.triage.adapters.Catalogue.Command(command, summary,
                subcommands.values().stream().map(Subcommand::entry).toList());
    }

    public Message help() {
        Message.Builder m = Message.builder("/" + command + " — " + summary);
        for (Subcommand s : subcommands.values()) {
            m.line(null, s.synopsis(command), s.help(), null);
        }
        return m.build();
    }
}
