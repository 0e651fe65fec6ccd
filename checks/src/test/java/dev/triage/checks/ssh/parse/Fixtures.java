package dev.triage.checks.ssh.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a captured tool output from {@code src/test/resources/fixtures/TOOL/VARIANT.txt}. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String read(String tool, String variant) {
        String path = "/fixtures/" + tool + "/" + variant + ".txt";
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
