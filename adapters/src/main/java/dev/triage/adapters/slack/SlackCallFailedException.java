package dev.triage.adapters.slack;

import dev.triage.adapters.ChatCallFailedException;

/**
 * A Web API call that did not succeed, after any retries: names the method, the channel and
 * Slack's error code ({@code channel_not_found}, {@code not_in_channel}, {@code HTTP 503} …).
 * Never carries a token.
 */
public final class SlackCallFailedException extends ChatCallFailedException {
    private final String method;
    private final String error;

    public SlackCallFailedException(String method, String channel, String error, Throwable cause) {
        super(method + (channel == null ? "" : " to " + channel) + " failed: " + error + hint(error), cause);
        this.method = method;
        this.error = error;
    }

    public SlackCallFailedException(String method, String channel, String error) {
        this(method, channel, error, null);
    }

    public String method() {
        return method;
    }

    /** Slack's error code, or {@code HTTP nnn} / the I/O failure's class when there was none. */
    public String error() {
        return error;
    }

    private static String hint(String error) {
        return switch (error) {
            case "not_in_channel", "channel_not_found" -> " (invite the bot to the channel: /invite @Triage)";
            case "missing_scope" -> " (add the scope in the app's OAuth & Permissions and reinstall the app)";
            case "invalid_auth", "not_authed", "token_revoked", "account_inactive" ->
                    " (check adapters.slack.bot_token: it must be the app's current xoxb- token)";
            default -> "";
        };
    }
}
