package dev.triage.bot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.triage.config.Redactor;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logback, configured in code from {@link LogSettings}: one appender, one event per line — plain
 * ({@code 2026-12-01T03:12:00.123Z WARN  [thread] Logger - message}, a stack trace under it only for an unexpected
 * error) or JSON (logstash-logback-encoder: {@code @timestamp}, {@code level}, {@code logger_name}, {@code thread_name},
 * {@code message}, MDC and key-value pairs, {@code stack_trace} as one field) — every event through the
 * {@link Redactor} before it is encoded ({@link RedactingEncoder}), levels per logger with quiet defaults for the
 * libraries that are noisy about conditions Triage reports itself, and java.util.logging bridged in.
 */
public final class LogSetup {
    /** The plain line: UTC timestamp, level, thread, the logger's class name, the message. */
    static final String PLAIN_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level [%thread] %logger{0} - %msg%n%ex";

    /**
     * Levels that hold unless {@code TRIAGE_LOG_LEVELS} names the same logger. sshj reports a refused host key as an
     * ERROR from its promise machinery and twice more with a stack trace from its transport, and every connection it
     * drops likewise: the SSH executor says each of those once, in one line that says what to do. HikariCP logs each
     * connection a database restart broke with a stack trace; the store's own line says it once. The JDK's own loggers
     * (bridged from java.util.logging) stay at info under a debug root: at debug they print every trusted CA certificate
     * and a stack trace for every process started.
     */
    public static final Map<String, String> QUIET = orderedMap(
            "net.schmizz.concurrent", "off",
            "net.schmizz.sshj.transport.KeyExchanger", "off",
            "net.schmizz.sshj.transport.TransportImpl", "off",
            "com.zaxxer.hikari.pool.ProxyConnection", "error",
            "jdk", "info",
            "java", "info",
            "javax", "info",
            "sun", "info",
            "com.sun", "info");

    private LogSetup() {
    }

    /**
     * Configures the process's Logback context, bridges java.util.logging (the JDK's own loggers, pgjdbc) into it, and
     * writes each of {@code settings}' problems as one WARN line, whatever the levels.
     */
    public static void install(LogSettings settings, Redactor redactor, OutputStream out) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        configure(context, settings, redactor, out);
        // JUL levels follow Logback's, so a FINE record costs nothing when debug is off.
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        propagator.start();
        context.addListener(propagator);
        propagator.resetJULLevels();
        applyLevels(context, settings);   // again, now that the propagator hears them
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Resets {@code context} to the levels and the one appender {@code settings} ask for, writing to {@code out}. */
    public static void configure(LoggerContext context, LogSettings settings, Redactor redactor, OutputStream out) {
        context.reset();
        Encoder<ILoggingEvent> format = switch (settings.format()) {
            case PLAIN -> plain(context);
            case JSON -> json(context);
        };
        RedactingEncoder encoder = new RedactingEncoder(format, redactor, settings.format() == LogSettings.Format.PLAIN);
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setName(settings.format().name().toLowerCase(java.util.Locale.ROOT));
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        // Logback closes its stream when it stops (at exit, or a reconfiguration): never the process's stderr.
        appender.setOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        });
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        applyLevels(context, settings);
        for (String problem : settings.problems()) {
            LoggingEvent line = new LoggingEvent(Logger.class.getName(), context.getLogger(LogSettings.class), Level.WARN, problem,
                    null, null);
            appender.doAppend(line);
        }
    }

    private static void applyLevels(LoggerContext context, LogSettings settings) {
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(settings.rootLevel(), Level.INFO));
        Map<String, String> levels = new LinkedHashMap<>(QUIET);
        levels.putAll(settings.levels());
        levels.forEach((name, level) -> context.getLogger(name).setLevel(Level.toLevel(level, null)));
    }

    private static Encoder<ILoggingEvent> plain(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PLAIN_PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setTimeZone("UTC");
        encoder.setIncludeContext(false);   // the context's name and properties: the same on every line, noise
        return encoder;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
