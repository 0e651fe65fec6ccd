package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NginxTestParserTest {

    @Test
    void successfulTestSaysSyntaxOkAndTestSuccessful() {
        NginxTest test = NginxTestParser.parse(Fixtures.read("nginx-t", "success"));
        assertTrue(test.syntaxOk());
        assertTrue(test.successful());
        assertTrue(test.messages().isEmpty());
    }

    @Test
    void warningsDoNotFailTheTest() {
        NginxTest test = NginxTestParser.parse(Fixtures.read("nginx-t", "success-with-warning"));
        assertTrue(test.successful());
        assertEquals("warn", test.messages().get(0).level());
        assertTrue(test.firstFatal().isEmpty());
    }

    @Test
    void unexpectedBraceNamesFileAndLine() {
        NginxTest test = NginxTestParser.parse(Fixtures.read("nginx-t", "unexpected-brace"));
        assertFalse(test.successful());
        NginxMessage fatal = test.firstFatal().orElseThrow();
        assertEquals("emerg", fatal.level());
        assertEquals("unexpected \"}\"", fatal.text());
        assertEquals("/tmp/fx/ng/broken.conf:9", fatal.location());
    }

    @Test
    void unknownDirectiveIsTheReason() {
        NginxMessage fatal = NginxTestParser.parse(Fixtures.read("nginx-t", "unknown-directive")).firstFatal().orElseThrow();
        assertEquals("unknown directive \"proxy_pas\"", fatal.text());
        assertEquals(6, fatal.lineNo());
    }

    @Test
    void missingIncludeFileFails() {
        NginxTest test = NginxTestParser.parse(Fixtures.read("nginx-t", "missing-include"));
        assertFalse(test.successful());
        assertTrue(test.firstFatal().orElseThrow().text().contains("(2: No such file or directory)"));
    }

    @Test
    void syntaxOkButTestFailedWithoutRootIsAFailure() {
        NginxTest test = NginxTestParser.parse(Fixtures.read("nginx-t", "not-root"));
        assertTrue(test.syntaxOk());
        assertFalse(test.successful());
        assertTrue(test.firstFatal().orElseThrow().text().contains("Permission denied"));
    }

    @Test
    void olderNginxPrefixStyleIsRead() {
        NginxTest test = NginxTestParser.parse("""
                nginx: [emerg] unknown directive "proxy_pas" in /etc/nginx/sites-enabled/app:12
                nginx: configuration file /etc/nginx/nginx.conf test failed
                """);
        assertEquals("/etc/nginx/sites-enabled/app:12", test.firstFatal().orElseThrow().location());
    }
}
