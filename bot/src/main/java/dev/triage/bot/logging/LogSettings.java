package dev.triage.bot.logging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the process logs, read from its environment in one pass: {@code TRIAGE_LOG_FORMAT} ({@code plain}, the default,
 * or {@code json}), {@code TRIAGE_LOG_LEVEL} (the root level) and {@code TRIAGE_LOG_LEVELS} (levels per logger or
 * package, {@code dev.triage.checks.ssh=debug,com.slack=warn}). A bad value never stops the bot: it is left out, and
 * {@link #problems()} says which one and what was used instead, one line each.
 *
 * @param levels   levels per logger name, in the order given; a name given twice keeps its last level
 * @param problems one line per value that was not understood
 */
public record LogSettings(Format format, String rootLevel, Map<String, String> levels, List<String> problems) {

    /** Plain text lines for a person at a terminal, or one JSON object per line for a log collector. */
    public enum Format { PLAIN, JSON }

    /** The level names Logback understands, as they are written in the environment. */
    public static final List<String> LEVEL_NAMES = List.of("trace", "debug", "info", "warn", "error", "off");

    private static final Pattern LOGGER_NAME = Pattern.compile("[A-Za-z_$][\\w$-]*(\\.[A-Za-z_$][\\w$-]*)*");

    public LogSettings {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(rootLevel, "rootLevel");
        levels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(levels));
        problems = List.copyOf(problems);
    }

    /**
     * The settings in {@code env}.
     *
     * @param defaultLevel the root level when {@code TRIAGE_LOG_LEVEL} is not set (or not a level)
     */
    public static LogSettings fromEnv(Map<String, String> env, String defaultLevel) {
        List<String> problems = new ArrayList<>();
        Format format = format(env.get("TRIAGE_LOG_FORMAT"), problems);
        String root = defaultLevel;
        String asked = env.get("TRIAGE_LOG_LEVEL");
        if (asked != null && !asked.isBlank()) {
            String level = asked.strip().toLowerCase(Locale.ROOT);
            if (LEVEL_NAMES.contains(level)) {
                root = level;
            } else {
                problems.add("TRIAGE_LOG_LEVEL=" + asked + " is not a level (" + String.join(", ", LEVEL_NAMES)
                        + "); logging at " + defaultLevel + ".");
            }
        }
        return new LogSettings(format, root, levels(env.get("TRIAGE_LOG_LEVELS"), problems), problems);
    }

    private static Format format(String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return Format.PLAIN;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "plain", "text" -> Format.PLAIN;
            case "json" -> Format.JSON;
            default -> {
                problems.add("TRIAGE_LOG_FORMAT=" + value + " is not a log format (plain or json); logging plain lines.");
                yield Format.PLAIN;
            }
        };
    }

    private static Map<String, String> levels(String value, List<String> problems) {
        Map<String, String> levels = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return levels;
        }
        for (String given : value.split(",")) {
            String entry = given.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq).strip();
            String level = eq < 0 ? "" : entry.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            if (eq < 0 || !LOGGER_NAME.matcher(name).matches() || !LEVEL_NAMES.contains(level)) {
                problems.add("TRIAGE_LOG_LEVELS: \"" + entry + "\" is not LOGGER=LEVEL (a package or class name, and one of "
                        + String.join(", ", LEVEL_NAMES) + "); left out.");
                continue;
            }
            if (levels.containsKey(name) && !levels.get(name).equals(level)) {
                problems.add("TRIAGE_LOG_LEVELS names " + name + " twice (" + levels.get(name) + ", then " + level + "); using "
                        + level + ".");
            }
            levels.put(name, level);
        }
        return levels;
    }
}
