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
 * at most 25 options, required options before optional ones).
 */
public record SlashSubcommand(String name, String description, List<Option> options) {
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

    /**
     * The subcommands the core answers, mirroring {@code /backend help}: the read-only ones, the
     * runbooks' action verbs (each with {@code target} and {@code --dry-run}), {@code whoami} and {@code audit}.
     */
    public static List<SlashSubcommand> defaults() {
        List<SlashSubcommand> subs = new ArrayList<>();
        subs.add(of("status", "Run the status checks; without a target, every target in one line each", Option.target(false)));
        subs.add(of("diagnose", "Walk the runbook's decision path and name the likely cause, with the fix", Option.target(false)));
        subs.add(of("logs", "The service's last journal or compose log lines", Option.target(false),
                Option.integer("lines", "how many lines (default 30)")));
        subs.add(of("ports", "What listens on the target's host, and on which address", Option.target(false)));
        subs.add(of("targets", "The backends Triage knows and how it reaches them"));
        subs.add(of("help", "Every /backend command"));
        action(subs, "restart", "restart-service");
        action(subs, "start", "start-service");
        action(subs, "reload-units", "reload-units");
        action(subs, "restart-nginx", "restart-nginx");
        action(subs, "compose-restart", "compose-restart");
        action(subs, "compose-recreate", "compose-recreate");
        action(subs, "allow-port", "firewall-allow");
        action(subs, "allow-sg", "security-group-allow");
        action(subs, "redeploy", "ecs-redeploy");
        action(subs, "grace-period", "ecs-grace-period");
        action(subs, "render-deploy", "render-deploy");
        action(subs, "render-restart", "render-restart");
        action(subs, "set-backend-url", "vercel-set-backend-url");
        action(subs, "reboot", "reboot-host");
        subs.add(of("whoami", "Your roles, and how the config names you"));
        subs.add(of("audit", "The latest requests, decisions and outcomes", Option.target(false)));
        return List.copyOf(subs);
    }

    private static void action(List<SlashSubcommand> subs, String verb, String actionId) {
        subs.add(of(verb, "Ask for " + actionId + " (another person with the approver role approves)",
                Option.target(true), Option.flag("dry-run", "show the plan only")));
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
