package dev.triage.bot.command;

/**
 * Bad input from a person: the message says what was wrong and what to do instead, and is shown to
 * that person only. Never carries a stack trace to chat.
 */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
