package dev.triage.checks.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CappedOutputTest {

    @Test
    void keepsEverythingUnderTheCap() {
        CappedOutput output = new CappedOutput(10);
        output.drain(new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)));

        assertEquals("hello\n", output.text());
        assertFalse(output.truncated());
    }

    @Test
    void keepsTheCapAndReadsTheRestToTheEnd() {
        CountingStream in = new CountingStream(new byte[100_000]);
        CappedOutput output = new CappedOutput(10);

        output.drain(in);

        assertEquals(10, output.text().length());
        assertTrue(output.truncated());
        assertEquals(100_000, in.consumed);
    }

    @Test
    void keepsWhatWasReadWhenTheStreamBreaks() {
        CappedOutput output = new CappedOutput(100);
        output.drain(new InputStream() {
            private boolean sent;

            @Override
            public int read() throws IOException {
                throw new IOException("closed");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent) {
                    throw new IOException("channel closed");
                }
                sent = true;
                b[off] = 'x';
                return 1;
            }
        });

        assertEquals("x", output.text());
    }

    private static final class CountingStream extends ByteArrayInputStream {
        int consumed;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            consumed += Math.max(0, n);
            return n;
        }
    }
}
