package dev.triage.bot.command;

import java.util.List;
import java.util.Objects;

/**
 * One {@code /backend SUB …} command, declared in one line: its name, argument synopsis, help line,
 * the role it needs by default (config can change it) and its handler.
 */
public record Subcommand(String name, String args, String help, String role, Handler handler, boolean action) {

    /** Read-only: everyone may run it unless the config says otherwise. */
    public static final String EVERYONE = "everyone";

    public Subcommand(String name, String args, String help, Handler handler) {
        this(name, args, help, EVERYONE, handler);
    }

    public Subcommand(String name, String args, String help, String role, Handler handler) {
        this(name, args, help, role, handler, false);
    }

    /** The same command, marked as asking for an action (an approval card follows). */
    public Subcommand asAction() {
        return new Subcommand(name, args, help, role, handler, true);
    }

    /** Its parameters, typed, as its synopsis declares them ({@code TARGET [--dry-run]}). */
    public java.util.List<dev.triage.adapters.Catalogue.Param> params() {
        return dev.triage.adapters.Catalogue.parse(args);
    }

    /** As the catalogue every platform registers lists it. */
    public dev.triage.adapters.Catalogue.Entry entry() {
        return new dev.triage.adapters.Catalogue.Entry(name, help, role, params(), action);
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
        dev.triage.adapters.Catalogue.parse(args);   // a synopsis word it doesn't know fails here, at registration
    }

    public String synopsis(String command) {
        return "/" + command + " " + name + (args.isEmpty() ? "" : " " + args);
    }
}
