package dev.triage.config;

import java.util.List;
import java.util.Objects;

/**
 * One {@code /backend SUB} as data, from {@code commands:} in the config or the built-in list in the jar.
 * A team's definition with a built-in's name overrides that command's help and role (and, when it says
 * what it runs, its handler); a new name adds a subcommand. {@code access.commands} still wins over
 * {@link #role()} when both name a role for the same subcommand.
 *
 * @param name subcommand name, e.g. {@code db-check}
 * @param help the help line; null keeps the built-in's
 * @param role the role needed to run it; null keeps the built-in's (or, for a new command, everyone —
 *             the action's approver role for an action)
 * @param runs what it runs; null keeps the built-in's handler
 */
public record CommandDefinition(String name, String help, String role, Runs runs) {

    public CommandDefinition {
        Objects.requireNonNull(name, "name");
    }

    /** What a command runs on its target. */
    public sealed interface Runs permits Checks, RunbookRun, ActionRun, Builtin {
    }

    /** Runs these checks and shows them like {@code /backend status}. */
    public record Checks(List<String> ids) implements Runs {
        public Checks {
            ids = List.copyOf(ids);
        }
    }

    /** Diagnoses with this runbook. */
    public record RunbookRun(String runbook) implements Runs {
    }

    /** Asks for this action, approved as its policy says. */
    public record ActionRun(String actionId) implements Runs {
    }

    /** The handler written in Java under this name. */
    public record Builtin(String name) implements Runs {
    }
}
