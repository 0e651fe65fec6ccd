package dev.triage.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises values someone forgot to fill in — document 003's outage was a
 * {@code SUPABASE_SERVICE_KEY} left as {@code your-supabase-service-role-key}. The one home of these
 * rules: config validation (a secret that is a placeholder), the host {@code env} check (an env file's
 * values) and {@code render-service} (a Render service's env vars) all ask here. Answers with the kind of
 * placeholder, never the value.
 */
public final class Placeholders {
    private static final Pattern ANGLE_TEMPLATE = Pattern.compile("^<.*>$");
    /** A run of three or more x on its own ({@code xxx}, {@code sk-xxxx}), not inside a word ({@code box}, {@code aXxXb9}). */
    private static final Pattern X_RUN = Pattern.compile("(?i)(?:^|[^a-z0-9])x{3,}(?:$|[^a-z0-9])");

    private Placeholders() {
    }

    /** Why {@code value} looks unfilled, e.g. "empty" or "a placeholder (your-…)"; empty when it looks real. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("empty");
        }
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("your-") || lower.startsWith("your_") || lower.contains("://your-")) {
            return Optional.of("a placeholder (your-…)");
        }
        if (lower.contains("changeme") || lower.contains("change-me") || lower.contains("change_me")) {
            return Optional.of("a placeholder (changeme)");
        }
        if (lower.contains("placeholder")) {
            return Optional.of("a placeholder (placeholder)");
        }
        if (X_RUN.matcher(v).find()) {
            return Optional.of("a placeholder (xxx)");
        }
        if (ANGLE_TEMPLATE.matcher(v).matches()) {
            return Optional.of("a placeholder (<…>)");
        }
        return Optional.empty();
    }

    /** Whether {@code value} is empty (blank). */
    public static boolean empty(String value) {
        return value == null || value.isBlank();
    }
}
