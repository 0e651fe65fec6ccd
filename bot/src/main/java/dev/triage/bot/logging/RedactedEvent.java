package dev.triage.bot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.triage.config.Redactor;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A log event as an encoder may see it: every piece of text that can carry a secret — the formatted message, the
 * arguments, each exception's message down the cause chain, MDC values, key-value pairs, the thread's name — passed
 * through the {@link Redactor} before it is formatted, so a secret is removed before JSON escaping could disguise it.
 * With {@code oneLine}, line breaks in the message become {@code \n}, so a plain line is one event (and a host's
 * output can't forge a log line of its own). A library's stack trace for a network failure is folded into the
 * message ({@link NetworkFailures}).
 */
final class RedactedEvent implements ILoggingEvent {
    private final ILoggingEvent event;
    private final String message;
    private final Object[] arguments;
    private final IThrowableProxy throwable;
    private final Map<String, String> mdc;
    private final List<KeyValuePair> keyValues;
    private final String thread;

    RedactedEvent(ILoggingEvent event, Redactor redactor, boolean oneLine) {
        this.event = event;
        boolean folded = NetworkFailures.folds(event);
        String said = folded ? event.getFormattedMessage() + " (" + NetworkFailures.summary(event.getThrowableProxy()) + ")"
                : event.getFormattedMessage();
        String formatted = redactor.redact(said);
        this.message = oneLine ? oneLine(formatted) : formatted;
        Object[] args = event.getArgumentArray();
        this.arguments = args == null ? null : Arrays.stream(args).map(a -> plain(a) ? a : redactor.redact(String.valueOf(a))).toArray();
        this.throwable = event.getThrowableProxy() == null || folded ? null
                : new RedactedThrowable(event.getThrowableProxy(), redactor);
        Map<String, String> m = event.getMDCPropertyMap();
        if (m == null || m.isEmpty()) {
            this.mdc = Map.of();
        } else {
            Map<String, String> r = new LinkedHashMap<>();
            m.forEach((k, v) -> r.put(k, redactor.redact(v)));
            this.mdc = java.util.Collections.unmodifiableMap(r);
        }
        List<KeyValuePair> kv = event.getKeyValuePairs();
        this.keyValues = kv == null ? null : kv.stream()
                .map(p -> plain(p.value) ? p : new KeyValuePair(p.key, redactor.redact(String.valueOf(p.value)))).toList();
        this.thread = redactor.redact(event.getThreadName());
    }

    /** Numbers, booleans and nulls say nothing secret and keep their JSON type. */
    private static boolean plain(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean;
    }

    /** {@code text} with CR and LF written as {@code \r} and {@code \n}, and other control characters as {@code \\u} and four hex digits. */
    static String oneLine(String text) {
        if (text == null || text.chars().noneMatch(c -> c < 0x20 && c != '\t')) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append(c);
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    @Override
    public String getThreadName() {
        return thread;
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    /** The message as logged, its arguments already in it: the pattern alone could not be redacted meaningfully. */
    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public Object[] getArgumentArray() {
        return arguments;
    }

    @Override
    public String getFormattedMessage() {
        return message;
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return throwable;
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return mdc;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return mdc;
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return keyValues;
    }

    @Override
    public void prepareForDeferredProcessing() {
        // everything is read in the constructor
    }

    /** An exception as the encoders print it, with each message (and its causes' and suppressed ones') redacted. */
    static final class RedactedThrowable implements IThrowableProxy {
        private final IThrowableProxy proxy;
        private final String message;
        private final String overriding;
        private final IThrowableProxy cause;
        private final IThrowableProxy[] suppressed;

        RedactedThrowable(IThrowableProxy proxy, Redactor redactor) {
            this.proxy = proxy;
            this.message = redactor.redact(proxy.getMessage());
            this.overriding = redactor.redact(proxy.getOverridingMessage());
            // A cyclic proxy's cause is null in Logback: the cycle is only marked, never followed.
            this.cause = proxy.getCause() == null ? null : new RedactedThrowable(proxy.getCause(), redactor);
            IThrowableProxy[] s = proxy.getSuppressed();
            this.suppressed = s == null ? null : Arrays.stream(s).map(p -> new RedactedThrowable(p, redactor)).toArray(IThrowableProxy[]::new);
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public String getOverridingMessage() {
            return overriding;
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return cause;
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            return suppressed;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
