package dev.triage.bot;

import dev.triage.config.Redactor;
import java.time.InstantSource;

/** Entry point: sets up logging, hands the command line to {@link Cli}, exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String level = System.getenv().getOrDefault("TRIAGE_LOG_LEVEL",
                args.length > 0 && args[0].equals("run") ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // sshj logs every refused host key as an ERROR from its promise machinery; the executor reports it once, clearly.
        System.setProperty("org.slf4j.simpleLogger.log.net.schmizz.concurrent", "off");
        // …and its transport logs the same refusal (and every connection it drops) twice more with a stack trace; each
        // becomes one RemoteAccessException that says what happened and what to do.
        System.setProperty("org.slf4j.simpleLogger.log.net.schmizz.sshj.transport.KeyExchanger", "off");
        System.setProperty("org.slf4j.simpleLogger.log.net.schmizz.sshj.transport.TransportImpl", "off");
        // HikariCP logs each connection a database restart broke with a stack trace; the store's own line says it once.
        System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari.pool.ProxyConnection", "error");
        // One redaction filter for everything the process prints — logs, stack traces, the console, the CLI's answers —
        // set up before the first logger, and told every secret the configuration holds once it is loaded.
        Redactor redactor = new Redactor();
        System.setOut(RedactingStream.around(System.out, redactor));
        System.setErr(RedactingStream.around(System.err, redactor));
        int code = new Cli(System.in, System.out, System.err, System.getenv(), InstantSource.system(), redactor).run(args);
        System.exit(code);
    }
}
