package dev.triage.bot;

import dev.triage.config.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output and error as the process prints them — log lines, stack traces, the console adapter, the CLI's
 * answers — line by line through the {@link Redactor}. A PEM private key printed over several lines is removed
 * from its BEGIN line to its END line.
 */
final class RedactingStream extends OutputStream {
    private final OutputStream out;
    private final Redactor redactor;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean inPrivateKey;

    private RedactingStream(OutputStream out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    /** A print stream like {@code original}, redacting every line. */
    static PrintStream around(PrintStream original, Redactor redactor) {
        return new PrintStream(new RedactingStream(original, redactor), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void flushLine() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        String shown;
        if (inPrivateKey) {
            inPrivateKey = !Redactor.closesPrivateKey(text);
            shown = inPrivateKey ? "" : Redactor.MARK + "\n";
        } else if (Redactor.opensPrivateKey(text)) {
            inPrivateKey = true;
            shown = redactor.redact(text.substring(0, text.indexOf("-----BEGIN"))) + Redactor.MARK + "\n";
        } else {
            shown = redactor.redact(text);
        }
        out.write(shown.getBytes(StandardCharsets.UTF_8));
    }

    /** A partial line is written out as it is when the stream is flushed: prompts end without a newline. */
    @Override
    public synchronized void flush() throws IOException {
        if (line.size() > 0 && !inPrivateKey) {
            out.write(redactor.redact(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            line.reset();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}
