package dev.triage.bot.command;

import java.util.List;
import java.util.Objects;

/**
 * One {@code /backend SUB …} command, declared in one line: its name, argument synopsis, help line
 * and handler.
 */
public record Subcommand(String name, String args, String help, Handler handler) {

    @FunctionalInterface
    public interface Handler {
        void handle(CommandContext ctx, List<String> args);
    }

    public Subcommand {
        Objects.requireNonNull(name, "name");
        args = args == null ? "" : args;
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(handler, "handler");
    }

    public String synopsis(String command) {
        return "/" + command + " " + name + (args.isEmpty() ? "" : " " + args);
    }
}
