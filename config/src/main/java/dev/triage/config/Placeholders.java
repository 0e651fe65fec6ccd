package dev.triage.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Recognises values someone forgot to fill in — document 003's outage was a
 * {@code SUPABASE_SERVICE_KEY} left as {@code your-supabase-service-role-key}. Shared by config
 * validation and the host {@code env} check. Answers with the kind of placeholder, never the value.
 */
public final class Placeholders {
    private Placeholders() {
    }

    /** Why {@code value} looks unfilled, e.g. "empty" or "a placeholder (your-…)"; empty when it looks real. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("empty");
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("your-") || v.startsWith("your_")) {
            return Optional.of("a placeholder (your-…)");
        }
        if (v.contains("changeme") || v.contains("change-me") || v.contains("change_me")) {
            return Optional.of("a placeholder (changeme)");
        }
        if (v.contains("placeholder")) {
            return Optional.of("a placeholder (placeholder)");
        }
        if (v.matches("x{3,}") || v.startsWith("xxx") || v.endsWith("xxx")) {
            return Optional.of("a placeholder (xxx)");
        }
        if (v.startsWith("<") && v.endsWith(">")) {
            return Optional.of("a placeholder (<…>)");
        }
        return Optional.empty();
    }
}
