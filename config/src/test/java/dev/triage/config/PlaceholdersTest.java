package dev.triage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one set of placeholder rules that config secrets, env files and Render's env vars are judged by. */
class PlaceholdersTest {

    @Test
    void eachKindOfUnfilledValueIsNamedWithoutTheValue() {
        assertEquals(Optional.of("empty"), Placeholders.problem("  "));
        assertEquals(Optional.of("a placeholder (your-…)"), Placeholders.problem("your-supabase-service-role-key"));
        assertEquals(Optional.of("a placeholder (your-…)"), Placeholders.problem("postgres://your-user:pw@db/app"));
        assertEquals(Optional.of("a placeholder (changeme)"), Placeholders.problem("CHANGE_ME"));
        assertEquals(Optional.of("a placeholder (placeholder)"), Placeholders.problem("api-key-placeholder"));
        assertEquals(Optional.of("a placeholder (xxx)"), Placeholders.problem("sk-xxxx"));
        assertEquals(Optional.of("a placeholder (<…>)"), Placeholders.problem("<your_database_url>"));
    }

    @Test
    void realValuesThatMerelyContainTheLettersAreNotPlaceholders() {
        for (String real : new String[] {"https://box-prod.example.com", "aXxXb9", "sk-live-7f3a9", "yourself", "production"}) {
            assertTrue(Placeholders.problem(real).isEmpty(), real);
        }
    }
}
