package dev.triage.bot.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.config.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Logback as {@link LogSetup} configures it, on a context of its own, writing into memory. */
class LogSetupTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A configured secret with characters JSON escapes: its encoded form is not its own text. */
    static final String DB_PASSWORD = "pa\"ss\\word-4711";
    static final String SLACK = "xoxb-1234567890-0987654321-PlantedInALogLine";

    final Redactor redactor = new Redactor();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final LoggerContext context = new LoggerContext();

    Logger configured(Map<String, String> env) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        LogSetup.configure(context, LogSettings.fromEnv(env, "info"), redactor, out);
        return context.getLogger("dev.triage.checks.ssh.HostConnection");
    }

    List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    @Test
    void aPlainLineIsOneEventWithTimestampLevelThreadLoggerAndMessage() {
        configured(Map.of()).warn("SSH connection to {} was refused:\nnothing listens there", "127.0.0.1:2222");
        List<String> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN  \\[[^]]*] HostConnection - "
                + "SSH connection to 127\\.0\\.0\\.1:2222 was refused:\\\\nnothing listens there"), lines.get(0));
    }

    @Test
    void aPlainLineCarriesAStackTraceOnlyWhenAnExceptionIsLogged() {
        Logger log = configured(Map.of());
        log.warn("SSH host key of 127.0.0.1:2222 has CHANGED");
        log.error("check journal on prod crashed", new IllegalStateException("index 3 out of bounds"));
        List<String> lines = lines();
        assertFalse(lines.get(0).contains("Exception"), lines.get(0));
        assertEquals("java.lang.IllegalStateException: index 3 out of bounds", lines.get(2));
        assertTrue(lines.get(3).startsWith("\tat "), lines.toString());
    }

    @Test
    void aJsonLineHasTheFieldsAndAStackTraceAsOneField() {
        Logger log = configured(Map.of("TRIAGE_LOG_FORMAT", "json"));
        context.getMDCAdapter().put("target", "prod");
        log.atWarn().addKeyValue("port", 8000).log("first line\nsecond line");
        context.getMDCAdapter().clear();
        log.error("probe of prod crashed", new IllegalStateException("boom", new java.io.IOException("cause")));
        List<String> lines = lines();
        assertEquals(2, lines.size(), lines.toString());
        JsonNode first = parse(lines.get(0));
        assertEquals("first line\nsecond line", first.get("message").asText());
        assertEquals("WARN", first.get("level").asText());
        assertEquals("dev.triage.checks.ssh.HostConnection", first.get("logger_name").asText());
        assertEquals(Thread.currentThread().getName(), first.get("thread_name").asText());
        assertTrue(first.get("@timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z"), first.toString());
        assertEquals("prod", first.get("target").asText());
        assertEquals(8000, first.get("port").asInt());
        JsonNode second = parse(lines.get(1));
        assertEquals("ERROR", second.get("level").asText());
        String trace = second.get("stack_trace").asText();
        assertTrue(trace.startsWith("java.lang.IllegalStateException: boom\n\tat "), trace);
        assertTrue(trace.contains("Caused by: java.io.IOException: cause"), trace);
    }

    @Test
    void aLibrarysNetworkFailureIsOneLineWithItsCausesButABugKeepsItsTrace() {
        configured(Map.of());
        Logger slack = context.getLogger("com.slack.api.socket_mode.SocketModeClient");
        slack.error("Failed to reconnect to the Socket Mode server: {}", "closed",
                new java.io.IOException("closed", new java.net.ConnectException("Connection refused")));
        slack.error("Failed to poll a message", new NullPointerException("session"));
        context.getLogger("dev.triage.bot.probe.Prober").warn("probe of prod crashed", new java.io.UncheckedIOException(
                new java.io.IOException("disk full")));
        List<String> lines = lines();
        assertTrue(lines.get(0).endsWith("ERROR [" + Thread.currentThread().getName() + "] SocketModeClient - Failed to reconnect"
                + " to the Socket Mode server: closed (IOException: closed; caused by ConnectException: Connection refused)"), lines.get(0));
        assertTrue(lines.get(1).endsWith("SocketModeClient - Failed to poll a message"), lines.get(1));
        assertEquals("java.lang.NullPointerException: session", lines.get(2));
        assertTrue(lines.get(3).startsWith("\tat "), lines.get(3));
        int prober = lines.indexOf(lines.stream().filter(l -> l.contains("probe of prod crashed")).findFirst().orElseThrow());
        assertTrue(lines.get(prober + 1).startsWith("java.io.UncheckedIOException: java.io.IOException: disk full"), lines.toString());
    }

    @Test
    void aLibrarysNetworkFailureInJsonHasNoStackTraceField() {
        configured(Map.of("TRIAGE_LOG_FORMAT", "json"));
        context.getLogger("com.zaxxer.hikari.pool.HikariPool").error("triage-store - Exception during pool initialization.",
                new java.sql.SQLException("Connection to 127.0.0.1:5432 refused.", new java.io.IOException(
                        new java.net.ConnectException("Connection refused"))));
        JsonNode event = parse(lines().get(0));
        assertFalse(event.has("stack_trace"), event.toString());
        assertEquals("triage-store - Exception during pool initialization. (SQLException: Connection to 127.0.0.1:5432 refused.;"
                + " caused by IOException; caused by ConnectException: Connection refused)", event.get("message").asText());
    }

    @Test
    void aSecretIsRedactedInEveryJsonFieldEvenOneJsonWouldEscape() {
        redactor.seen(DB_PASSWORD);
        Logger log = configured(Map.of("TRIAGE_LOG_FORMAT", "json"));
        context.getMDCAdapter().put("dsn", "postgresql://triage:" + DB_PASSWORD + "@db:5432/triage");
        log.atWarn().addKeyValue("header", "Authorization: Bearer " + SLACK)
                .log("the store refused password {} and token {}", DB_PASSWORD, SLACK);
        context.getMDCAdapter().clear();
        log.error("could not connect", new IllegalStateException("login with " + DB_PASSWORD + " failed",
                new RuntimeException("token=" + SLACK)));
        String printed = out.toString(StandardCharsets.UTF_8);
        for (String line : lines()) {
            JsonNode event = parse(line);
            for (JsonNode value : event) {
                assertFalse(value.asText().contains(DB_PASSWORD) || value.asText().contains(SLACK), "a secret in " + line);
            }
        }
        assertFalse(printed.contains(SLACK), printed);
        assertFalse(printed.contains("word-4711"), printed);
        JsonNode first = parse(lines().get(0));
        assertEquals("the store refused password [redacted] and token [redacted]", first.get("message").asText());
        assertEquals("postgresql://[redacted]@db:5432/triage", first.get("dsn").asText());
        String trace = parse(lines().get(1)).get("stack_trace").asText();
        assertTrue(trace.contains("login with [redacted] failed") && trace.contains("token=[redacted]"), trace);
    }

    @Test
    void aSecretIsRedactedInPlainLinesAndTheirStackTraces() {
        redactor.seen(DB_PASSWORD);
        Logger log = configured(Map.of());
        log.error("the store refused {}", DB_PASSWORD, new IllegalStateException("token " + SLACK));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertFalse(printed.contains(DB_PASSWORD) || printed.contains(SLACK), printed);
        assertTrue(printed.contains("the store refused [redacted]") && printed.contains("IllegalStateException: token [redacted]"),
                printed);
    }

    @Test
    void levelsPerPackageOverrideTheRootAndTheQuietDefaults() {
        configured(Map.of("TRIAGE_LOG_LEVEL", "warn",
                "TRIAGE_LOG_LEVELS", "dev.triage.checks.ssh=debug, com.slack=error,net.schmizz.sshj.transport.TransportImpl=info"));
        assertEquals(Level.WARN, context.getLogger("dev.triage.bot.Cli").getEffectiveLevel());
        assertEquals(Level.DEBUG, context.getLogger("dev.triage.checks.ssh.HostConnection").getEffectiveLevel());
        assertEquals(Level.ERROR, context.getLogger("com.slack.api.bolt.App").getEffectiveLevel());
        assertEquals(Level.INFO, context.getLogger("net.schmizz.sshj.transport.TransportImpl").getEffectiveLevel());
        assertEquals(Level.OFF, context.getLogger("net.schmizz.sshj.transport.KeyExchanger").getEffectiveLevel());
        assertEquals(Level.OFF, context.getLogger("net.schmizz.concurrent.Promise").getEffectiveLevel());
        assertEquals(Level.ERROR, context.getLogger("com.zaxxer.hikari.pool.ProxyConnection").getEffectiveLevel());
        assertTrue(lines().isEmpty(), lines().toString());
    }

    @Test
    void underADebugRootTheJdksOwnLoggersStayAtInfoUnlessNamed() {
        configured(Map.of("TRIAGE_LOG_LEVEL", "debug", "TRIAGE_LOG_LEVELS", "com.sun.net.httpserver=debug"));
        assertEquals(Level.DEBUG, context.getLogger("dev.triage.bot.Cli").getEffectiveLevel());
        assertEquals(Level.INFO, context.getLogger("jdk.event.security").getEffectiveLevel());
        assertEquals(Level.INFO, context.getLogger("java.lang.ProcessBuilder").getEffectiveLevel());
        assertEquals(Level.DEBUG, context.getLogger("com.sun.net.httpserver").getEffectiveLevel());
    }

    @Test
    void eachBadSettingIsOneWarningLineNamingItAndTheRestStillApplies() {
        Logger log = configured(Map.of("TRIAGE_LOG_LEVEL", "error", "TRIAGE_LOG_FORMAT", "xml",
                "TRIAGE_LOG_LEVELS", "dev.triage.checks.ssh=debug,com.slack=loud,sshj,,dev.triage.checks.ssh=trace"));
        List<String> lines = lines();
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).endsWith("WARN  [" + Thread.currentThread().getName()
                + "] LogSettings - TRIAGE_LOG_FORMAT=xml is not a log format (plain or json); logging plain lines."), lines.get(0));
        assertTrue(lines.get(1).contains("TRIAGE_LOG_LEVELS: \"com.slack=loud\" is not LOGGER=LEVEL"), lines.get(1));
        assertTrue(lines.get(2).contains("TRIAGE_LOG_LEVELS: \"sshj\" is not LOGGER=LEVEL"), lines.get(2));
        assertTrue(lines.get(3).contains("TRIAGE_LOG_LEVELS names dev.triage.checks.ssh twice (debug, then trace); using trace."),
                lines.get(3));
        assertEquals(Level.ERROR, context.getLogger("dev.triage.bot").getEffectiveLevel());
        assertTrue(log.isTraceEnabled(), "the entry given last holds");
    }

    @Test
    void aLevelThatIsNoLevelKeepsTheDefault() {
        LogSettings s = LogSettings.fromEnv(Map.of("TRIAGE_LOG_LEVEL", "loud"), "info");
        assertEquals("info", s.rootLevel());
        assertEquals(List.of("TRIAGE_LOG_LEVEL=loud is not a level (trace, debug, info, warn, error, off); logging at info."),
                s.problems());
        assertEquals(LogSettings.Format.JSON, LogSettings.fromEnv(Map.of("TRIAGE_LOG_FORMAT", " JSON "), "info").format());
    }
}
