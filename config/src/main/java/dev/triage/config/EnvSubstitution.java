package dev.triage.config;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a config value with the environment's
 * value. Substitution happens per scalar after YAML parsing, so an environment value can never
 * change the structure of the file.
 */
final class EnvSubstitution {
    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;

    EnvSubstitution(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** @param missing receives the name of each variable that is unset and has no default */
    String apply(String text, Consumer<String> missing) {
        return apply(text, missing, value -> { });
    }

    /**
     * @param missing receives the name of each variable that is unset and has no default
     * @param used    receives each value put in from the environment (so a caller can hand a secret to the redaction filter)
     */
    String apply(String text, Consumer<String> missing, Consumer<String> used) {
        if (text == null || !text.contains("${")) {
            return text;
        }
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null || (value.isEmpty() && m.group(2) != null)) {
                value = m.group(2);
            }
            if (value == null) {
                missing.accept(m.group(1));
                value = "";
            } else if (env.containsKey(m.group(1)) && value.equals(env.get(m.group(1)))) {
                used.accept(value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean references(String text) {
        return text != null && REF.matcher(text).find();
    }
}
