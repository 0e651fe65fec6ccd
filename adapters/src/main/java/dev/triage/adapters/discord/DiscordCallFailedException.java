package dev.triage.adapters.discord;

import dev.triage.adapters.ChatCallFailedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;

/** A Discord call that did not succeed: what was asked, where, and Discord's reason in words. */
public final class DiscordCallFailedException extends ChatCallFailedException {
    private final String operation;
    private final String channel;
    private final String reason;

    DiscordCallFailedException(String operation, String channel, String reason, Throwable cause) {
        super("Discord " + operation + (channel == null ? "" : " in channel " + channel) + " failed: " + reason, cause);
        this.operation = operation;
        this.channel = channel;
        this.reason = reason;
    }

    /** Wraps {@code failure} unless it already is one, unwrapping the futures' wrappers first. */
    static DiscordCallFailedException of(String operation, String channel, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof DiscordCallFailedException known) {
            return known;
        }
        return new DiscordCallFailedException(operation, channel, reasonOf(cause), cause);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Discord's error in words, with what to do where it is a setup problem. */
    static String reasonOf(Throwable cause) {
        if (cause instanceof InsufficientPermissionException e) {
            return "the bot lacks the permission " + e.getPermission().getName()
                    + " there; give its role that permission in the channel (docs/discord.md lists them all)";
        }
        if (cause instanceof ErrorResponseException e) {
            return e.getMeaning() + " (Discord error " + e.getErrorCode() + ")";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    public String operation() {
        return operation;
    }

    public String channel() {
        return channel;
    }

    public String reason() {
        return reason;
    }
}
