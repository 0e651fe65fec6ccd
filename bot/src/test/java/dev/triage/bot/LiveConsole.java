package dev.triage.bot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real command line running in the background with a keyboard the test types on, for stories that
 * wait on the bot's own schedule (probes). Waits are bounded polls for output, never timing assertions.
 */
public final class LiveConsole implements AutoCloseable {
    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit;

    public LiveConsole(Map<String, String> env, String... args) throws IOException {
        PipedInputStream in = new PipedInputStream(keyboard, 1 << 16);
        PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
        exit = CompletableFuture.supplyAsync(() -> new Cli(in, out, out, env, InstantSource.system()).run(args));
    }

    public void type(String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    public String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the screen, from {@code from} on, matches {@code regex}; returns the match. */
    public Matcher await(String regex, int from, Duration within) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        Instant end = Instant.now().plus(within);
        while (Instant.now().isBefore(end)) {
            String s = screen();
            Matcher m = p.matcher(s);
            if (m.find(Math.min(from, s.length()))) {
                return m;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no /" + regex + "/ on the screen within " + within.toSeconds() + " s; screen:\n" + screen());
    }

    /** Ends the input and returns the exit code. */
    public int finish() throws Exception {
        keyboard.close();
        return exit.get();
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            finish();
        }
    }
}
