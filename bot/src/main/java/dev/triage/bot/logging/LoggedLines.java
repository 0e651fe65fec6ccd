package dev.triage.bot.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standard error in JSON mode: each line something prints there — the command line's own failure reports, a library
 * or the JDK writing to {@code System.err} — becomes one log event of the logger {@code stderr} (ERROR; WARN for a
 * line that starts with {@code WARNING}), so every line on stderr is a JSON object, redacted like any other event.
 */
public final class LoggedLines extends OutputStream {
    private static final Logger log = LoggerFactory.getLogger("stderr");
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    private LoggedLines() {
    }

    /** A print stream whose lines are logged. */
    public static PrintStream asPrintStream() {
        return new PrintStream(new LoggedLines(), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isBlank()) {
            return;
        }
        if (text.startsWith("WARNING")) {
            log.warn(text);
        } else {
            log.error(text);
        }
    }

    /** A partial line waits for its end: a line is one event. */
    @Override
    public void flush() {
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
    }
}
