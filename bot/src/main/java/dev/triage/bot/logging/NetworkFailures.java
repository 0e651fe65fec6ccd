package dev.triage.bot.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.io.IOException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The libraries' stack traces for expected conditions, folded into their line. The Slack SDK logs each failed Socket
 * Mode reconnect at ERROR with the whole trace, HikariCP a database that doesn't answer, JDA a dropped gateway: a
 * network that failed, which the trace explains no better than its messages. An event from a logger outside
 * {@code dev.triage} whose exception has an I/O failure or a timeout anywhere among its causes keeps its level and
 * says the chain of exceptions on the same line ({@code … (IOException: closed; caused by ConnectException: Connection
 * refused)}). Triage's own code attaches an exception only to what it did not expect, so its traces stay.
 */
final class NetworkFailures {
    private static final int MAX_CHAIN = 4;

    private NetworkFailures() {
    }

    /** Whether {@code event}'s exception is a library's report of a network failure, said in one line. */
    static boolean folds(ILoggingEvent event) {
        String logger = event.getLoggerName();
        if (logger == null || logger.startsWith("dev.triage.") || !(event.getThrowableProxy() instanceof ThrowableProxy proxy)) {
            return false;
        }
        for (Throwable t : chain(proxy.getThrowable())) {
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /** {@code IOException: closed; caused by ConnectException: Connection refused}: each cause once, no frames. */
    static String summary(IThrowableProxy proxy) {
        List<String> parts = new ArrayList<>();
        for (IThrowableProxy p = proxy; p != null && parts.size() < MAX_CHAIN; p = p.getCause()) {
            String name = p.getClassName().substring(p.getClassName().lastIndexOf('.') + 1);
            String message = p.getMessage();
            IThrowableProxy cause = p.getCause();
            // A wrapper's message is often its cause's toString() (new IOException(cause)): said once, by the cause.
            boolean repeats = message == null || cause != null && (message.equals(cause.getClassName() + ": " + cause.getMessage())
                    || message.equals(cause.getMessage()));
            parts.add(repeats ? name : name + ": " + message);
        }
        return String.join("; caused by ", parts);
    }

    private static List<Throwable> chain(Throwable top) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = top; t != null && seen.put(t, true) == null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
