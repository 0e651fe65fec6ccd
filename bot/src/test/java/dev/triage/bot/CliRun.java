package dev.triage.bot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;

/** Runs the real command line in-process with given input and environment, capturing both outputs. */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String input, Map<String, String> env, String... args) {
        return run(false, input, env, args);
    }

    /** As typed at a terminal: {@code input} is what the person answers when asked. */
    public static CliRun atTerminal(String input, String... args) {
        return run(true, input, Map.of(), args);
    }

    private static CliRun run(boolean terminal, String input, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Cli(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, InstantSource.system(), new dev.triage.config.Redactor(), terminal).run(args);
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static CliRun of(String... args) {
        return of("", Map.of(), args);
    }
}
