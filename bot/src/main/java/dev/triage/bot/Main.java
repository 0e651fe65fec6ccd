package dev.triage.bot;

import dev.triage.bot.logging.LogSettings;
import dev.triage.bot.logging.LogSetup;
import dev.triage.bot.logging.LoggedLines;
import dev.triage.config.Redactor;
import java.io.PrintStream;
import java.time.InstantSource;
import org.slf4j.LoggerFactory;

/** Entry point: sets up logging, hands the command line to {@link Cli}, exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // One redaction filter for everything the process prints — logs, stack traces, the console, the CLI's answers —
        // set up before the first logger, and told every secret the configuration holds once it is loaded.
        Redactor redactor = new Redactor();
        LogSettings logs = LogSettings.fromEnv(System.getenv(), args.length > 0 && args[0].equals("run") ? "info" : "warn");
        PrintStream stderr = System.err;
        PrintStream redactedErr = RedactingStream.around(stderr, redactor);
        System.setOut(RedactingStream.around(System.out, redactor));
        if (logs.format() == LogSettings.Format.JSON) {
            // Each event is redacted field by field before it is encoded, then written as it is: a filter over the
            // finished JSON line could match across its quotes and escapes and break the object. Whatever else prints
            // to stderr becomes a log event too, so every line there is one JSON object.
            LogSetup.install(logs, redactor, stderr);
            System.setErr(LoggedLines.asPrintStream());
        } else {
            // Plain lines pass the line filter over stderr as well, as everything else printed there does.
            LogSetup.install(logs, redactor, redactedErr);
            System.setErr(redactedErr);
        }
        // A thread that dies of an exception nobody caught is a bug: one ERROR event with its stack trace.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> LoggerFactory.getLogger(Main.class)
                .error("thread {} died: {}", thread.getName(), e.toString(), e));
        int code = new Cli(System.in, System.out, System.err, System.getenv(), InstantSource.system(), redactor, interactive()).run(args);
        System.exit(code);
    }

    /**
     * Whether a person sits at this process's terminal (so {@code action} can ask before it runs): on JDK 22+ the
     * console says so ({@code Console.isTerminal}); on 21 there is a console only when input and output are a terminal.
     */
    private static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
