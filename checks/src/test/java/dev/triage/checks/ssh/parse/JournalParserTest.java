package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JournalParserTest {

    private static final String READY = "API server is ready!";

    private static Set<JournalPattern> patterns(String variant) {
        return JournalParser.parse(Fixtures.read("journal", variant), null).patterns();
    }

    @Test
    void healthyStartHasNoPatternsAndShowsTheReadyMarker() {
        JournalScan scan = JournalParser.parse(Fixtures.read("journal", "healthy-start"), READY);
        assertTrue(scan.matches().isEmpty());
        assertEquals(JournalScan.ReadyMarker.SEEN, scan.readyMarker());
        assertEquals(7, scan.lineCount());
    }

    @Test
    void uvicornBindFailureIsAddressInUseInAnyCase() {
        assertTrue(patterns("address-in-use").contains(JournalPattern.EADDRINUSE));
    }

    @Test
    void nodeListenErrorIsEaddrinuse() {
        assertTrue(patterns("node-eaddrinuse").contains(JournalPattern.EADDRINUSE));
    }

    @Test
    void missingPythonModuleIsTracebackAndModuleNotFound() {
        JournalScan scan = JournalParser.parse(Fixtures.read("journal", "module-not-found-traceback"), READY);
        assertEquals(EnumSet.of(JournalPattern.TRACEBACK, JournalPattern.MODULE_NOT_FOUND), scan.patterns());
        assertEquals(JournalScan.ReadyMarker.MISSING, scan.readyMarker());
        assertEquals(8, scan.lineCount(), "the -- Logs begin at header is not a log line");
    }

    @Test
    void aDatabaseThatDoesNotAnswerInTimeIsEtimedoutNotAStopTimeout() {
        assertEquals(EnumSet.of(JournalPattern.ETIMEDOUT), patterns("database-connection-timeout"));
        assertFalse(patterns("sigterm-and-missing-file").contains(JournalPattern.ETIMEDOUT),
                "systemd's \"State 'stop-sigterm' timed out\" is a stop timeout, not a connection timeout");
    }

    @Test
    void refusedDatabaseAndRedisAreConnectionRefused() {
        Set<JournalPattern> found = patterns("database-connection-refused");
        assertTrue(found.contains(JournalPattern.ECONNREFUSED));
        assertTrue(found.contains(JournalPattern.TRACEBACK));
    }

    @Test
    void oomKillByTheUnitOrTheKernelIsOom() {
        assertTrue(patterns("oom-killed").contains(JournalPattern.OOM));
        assertTrue(patterns("oom-killed").contains(JournalPattern.SIGKILL));
        assertTrue(patterns("kernel-oom-killer").contains(JournalPattern.OOM));
    }

    @Test
    void stopTimeoutShowsSigtermAndSigkillAndMissingEnvFileIsEnoent() {
        Set<JournalPattern> found = patterns("sigterm-and-missing-file");
        assertTrue(found.containsAll(EnumSet.of(JournalPattern.SIGTERM, JournalPattern.SIGKILL, JournalPattern.ENOENT)));
    }

    @Test
    void npmErrorsAreEnoentAndSigterm() {
        assertEquals(EnumSet.of(JournalPattern.SIGTERM, JournalPattern.ENOENT), patterns("npm-sigterm-enoent"));
    }

    @Test
    void readyMarkerAfterTheLastErrorMeansTheServiceRecovered() {
        String log = Fixtures.read("journal", "address-in-use") + Fixtures.read("journal", "healthy-start");
        JournalScan scan = JournalParser.parse(log, READY);
        assertTrue(scan.readyAfterLastMatch());
        assertFalse(JournalParser.parse(Fixtures.read("journal", "healthy-start")
                + Fixtures.read("journal", "address-in-use"), READY).readyAfterLastMatch());
    }

    @Test
    void aReadyMarkerFromBeforeTheLatestStartDoesNotCount() {
        String log = """
                Mar 04 09:00:01 web systemd[1]: Starting langchain-backend.service - LangChain FastAPI Backend...
                Mar 04 09:00:09 web python[100]: API server is ready!
                Mar 04 09:12:40 web systemd[1]: Stopping langchain-backend.service - LangChain FastAPI Backend...
                Mar 04 09:12:41 web systemd[1]: Starting langchain-backend.service - LangChain FastAPI Backend...
                Mar 04 09:12:44 web python[200]: INFO:     Loading embedding model
                """;
        JournalScan restarted = JournalParser.parse(log, "API server is ready!");
        assertEquals(JournalScan.ReadyMarker.MISSING, restarted.readyMarker(), "ready belongs to the run before the restart");
        JournalScan ready = JournalParser.parse(log + "Mar 04 09:12:52 web python[200]: API server is ready!\n", "API server is ready!");
        assertEquals(JournalScan.ReadyMarker.SEEN, ready.readyMarker());
    }

    @Test
    void noEntriesMarkerIsZeroLines() {
        JournalScan scan = JournalParser.parse(Fixtures.read("journal", "no-entries"), READY);
        assertEquals(0, scan.lineCount());
        assertEquals(JournalScan.ReadyMarker.MISSING, scan.readyMarker());
    }

    @Test
    void anS3KeyOrAFileThatDoesNotExistIsEnoent() {
        JournalScan scan = JournalParser.parse(Fixtures.read("journal", "s3-path-mismatch"), READY);
        assertEquals(EnumSet.of(JournalPattern.ENOENT), scan.patterns());
        assertEquals(2, scan.matches().size(), scan.matches()::toString);
        assertTrue(scan.matches().get(0).line().contains("Key \"chatbot_app.py\" does not exist"));
        assertTrue(scan.matches().get(1).line().endsWith("File does not exist: src/chatbot_app.py"));
        assertTrue(JournalPattern.ENOENT.matches("An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist."));
        assertTrue(JournalPattern.ENOENT.matches("FileNotFoundError: [Errno 2] No such file or directory: 'config/game_glossary.json'"));
    }

    @Test
    void aMissingDatabaseOrTableIsNotAMissingFile() {
        assertFalse(JournalPattern.ENOENT.matches("FATAL:  database \"triage\" does not exist"));
        assertFalse(JournalPattern.ENOENT.matches("ERROR:  relation \"users\" does not exist"));
    }
}
