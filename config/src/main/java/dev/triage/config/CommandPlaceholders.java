package dev.triage.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {placeholder}}s a remote command template may hold that a target's configuration fills:
 * the unit, the port, the env file… Shared by config validation (a team's {@code command} check may use
 * only these) and {@code CommandTemplates}, which fills them. Docker's {@code {{.Field}}} is not one.
 */
public final class CommandPlaceholders {
    /** A placeholder in a template: {@code {name}} with a lower-case name. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z_]*)}");

    /** The placeholders a target's settings fill, in the order they are listed in messages. */
    public static final Set<String> CONFIGURED = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(
            "compose_dir", "compose_service", "env_file", "health_path", "lines", "port", "public_port", "unit")));

    private CommandPlaceholders() {
    }

    /** The placeholders in {@code template} that no configured value fills, in the order they appear. */
    public static List<String> unknown(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!CONFIGURED.contains(m.group(1)) && !out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
