package dev.triage.bot.command;

import java.util.List;
import java.util.Objects;

/**
 * One {@code /backend SUB …} command, declared in one line: its name, argument synopsis, help line,
 * the role it needs by default (config can change it) and its handler.
 */
public record Subcommand(String name, String args, String help, String role, Handler handler) {

    /** Read-only: everyone may run it unless the config says otherwise. */
    public static final String EVERYONE = "everyone";

    public Subcommand(String name, String args, String help, Handler handler) {
        this(name, args, help, EVERYONE, handler);
    }

    @FunctionalInterface
    public interface Handler {
        void handle(CommandContext ctx, List<String> args);
    }

    public Subcommand {
        Objects.requireNonNull(name, "name");
        args = args == null ? "" : args;
        Objects.requireNonNull(help, "help");
        role = role == null ? EVERYONE : role;
        Objects.requireNonNull(handler, "handler");
    }

    public String synopsis(String command) {
        return "/" + command + " " + name + (args.isEmpty() ? "" : " " + args);
    }
}
