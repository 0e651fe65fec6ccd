package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvFileParserTest {

    @Test
    void completeFileHasEveryVariableSetWithQuotesExportAndCommentsHandled() {
        EnvFileScan scan = EnvFileParser.parse(Fixtures.read("env-file", "complete"));
        assertEquals(List.of("SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_KEY", "JWT_SECRET", "PORT", "NODE_ENV"),
                List.copyOf(scan.variables().keySet()));
        assertTrue(scan.variables().values().stream().allMatch(k -> k == EnvValueKind.SET));
        assertTrue(scan.malformedLines().isEmpty());
    }

    @Test
    void placeholdersEmptiesAndMalformedLinesAreClassified() {
        EnvFileScan scan = EnvFileParser.parse(Fixtures.read("env-file", "placeholders-and-gaps"));
        assertEquals(EnvValueKind.PLACEHOLDER, scan.kindOf("SUPABASE_URL"));
        assertEquals(EnvValueKind.PLACEHOLDER, scan.kindOf("SUPABASE_ANON_KEY"));
        assertEquals(EnvValueKind.PLACEHOLDER, scan.kindOf("SUPABASE_SERVICE_KEY"));
        assertEquals(EnvValueKind.EMPTY, scan.kindOf("JWT_SECRET"));
        assertEquals(EnvValueKind.PLACEHOLDER, scan.kindOf("OPENAI_API_KEY"));
        assertEquals(EnvValueKind.PLACEHOLDER, scan.kindOf("STRIPE_KEY"));
        assertEquals(EnvValueKind.PLACEHOLDER, scan.kindOf("SENTRY_DSN"));
        assertEquals(EnvValueKind.PLACEHOLDER, scan.kindOf("REDIS_URL"));
        assertEquals(EnvValueKind.SET, scan.kindOf("DATABASE_PASSWORD"));
        assertEquals(EnvValueKind.SET, scan.kindOf("PORT"));
        assertNull(scan.kindOf("NODE_ENV"));
        assertEquals(List.of(12), scan.malformedLines());
    }

    @Test
    void theScanHoldsNoValueAtAll() {
        String content = Fixtures.read("env-file", "complete") + Fixtures.read("env-file", "placeholders-and-gaps");
        String everything = EnvFileParser.parse(content).toString();
        assertFalse(everything.contains("PLANTED"), everything);
        assertFalse(everything.contains("your-"), everything);
    }

    @Test
    void realValuesThatMerelyContainXAreNotPlaceholders() {
        assertEquals(EnvValueKind.SET, EnvFileParser.classify("https://xxx-prod.example.com".replace("xxx", "box")));
        assertEquals(EnvValueKind.SET, EnvFileParser.classify("aXxXb9"));
        assertEquals(EnvValueKind.PLACEHOLDER, EnvFileParser.classify("XXXX"));
        assertEquals(EnvValueKind.EMPTY, EnvFileParser.classify("   "));
    }
}
