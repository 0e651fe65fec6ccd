package dev.triage.adapters.slack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the Slack adapter needs to run, independent of how the YAML names it. Null optional values
 * take their defaults; {@link #problems()} lists everything wrong before anything connects. Tokens
 * and the signing secret never appear in {@link #toString()}.
 *
 * @param mode           {@link Mode#SOCKET} (default: no public URL needed) or {@link Mode#HTTP}
 * @param botToken       the bot token, {@code xoxb-…}; always required
 * @param appToken       the app-level token, {@code xapp-…} with {@code connections:write}; Socket Mode only
 * @param signingSecret  the app's signing secret; HTTP mode only
 * @param httpPort       the port HTTP mode listens on (0 picks a free one); default 3000
 * @param httpPath       the path Slack posts commands and clicks to; default {@code /slack/events}
 * @param commands       the slash commands to answer; default {@code /backend}
 * @param roleCacheTtl   how long a user's Slack user groups are trusted before they are refreshed; default 5 min
 * @param apiBaseUrl     the Web API's base, e.g. {@code http://127.0.0.1:8080/api/} for a local fake; null for Slack's own
 */
public record SlackSettings(
        Mode mode,
        String botToken,
        String appToken,
        String signingSecret,
        int httpPort,
        String httpPath,
        List<String> commands,
        Duration roleCacheTtl,
        String apiBaseUrl) {

    public static final int DEFAULT_HTTP_PORT = 3000;
    public static final String DEFAULT_HTTP_PATH = "/slack/events";
    public static final List<String> DEFAULT_COMMANDS = List.of("/backend");
    public static final Duration DEFAULT_ROLE_CACHE_TTL = Duration.ofMinutes(5);

    private static final Pattern COMMAND = Pattern.compile("/[a-z0-9_-]{1,31}");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?i).*(\\.\\.\\.|…|changeme|change-me|your[-_]|placeholder|<|>|\\$\\{|x{6,}).*");

    /** How Slack reaches the bot. */
    public enum Mode {
        /** The bot opens a WebSocket to Slack: no public URL, needs an app-level token. */
        SOCKET,
        /** Slack posts to the bot's HTTP endpoint: needs a public URL and the signing secret. */
        HTTP;

        /** {@code socket} or {@code http}, any case; names the accepted values otherwise. */
        public static Mode parse(String value) {
            if (value == null || value.isBlank()) {
                return SOCKET;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "socket", "socket_mode", "socket-mode" -> SOCKET;
                case "http" -> HTTP;
                default -> throw new IllegalArgumentException(
                        "adapters.slack.mode must be socket or http, not '" + value + "'");
            };
        }
    }

    public SlackSettings {
        mode = mode == null ? Mode.SOCKET : mode;
        httpPath = httpPath == null || httpPath.isBlank() ? DEFAULT_HTTP_PATH : httpPath.strip();
        commands = commands == null || commands.isEmpty() ? DEFAULT_COMMANDS : List.copyOf(commands);
        roleCacheTtl = roleCacheTtl == null ? DEFAULT_ROLE_CACHE_TTL : roleCacheTtl;
    }

    /** Socket Mode with the default port, path, command and cache. */
    public static SlackSettings socketMode(String botToken, String appToken) {
        return new SlackSettings(Mode.SOCKET, botToken, appToken, null, DEFAULT_HTTP_PORT, null, null, null, null);
    }

    /** HTTP mode on {@code port} (0 for a free one) with the default path, command and cache. */
    public static SlackSettings httpMode(String botToken, String signingSecret, int port) {
        return new SlackSettings(Mode.HTTP, botToken, null, signingSecret, port, null, null, null, null);
    }

    public SlackSettings withApiBaseUrl(String url) {
        return new SlackSettings(mode, botToken, appToken, signingSecret, httpPort, httpPath, commands, roleCacheTtl, url);
    }

    public SlackSettings withRoleCacheTtl(Duration ttl) {
        return new SlackSettings(mode, botToken, appToken, signingSecret, httpPort, httpPath, commands, ttl, apiBaseUrl);
    }

    public SlackSettings withCommands(List<String> names) {
        return new SlackSettings(mode, botToken, appToken, signingSecret, httpPort, httpPath, names, roleCacheTtl, apiBaseUrl);
    }

    /**
     * Every problem, each naming its key under {@code adapters.slack} and what to do; empty when the
     * settings can be used. Values are never quoted for tokens or the secret.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        tokenProblem("bot_token", botToken, "xoxb-", "the Bot User OAuth Token from OAuth & Permissions", problems);
        if (mode == Mode.SOCKET) {
            tokenProblem("app_token", appToken, "xapp-",
                    "an app-level token with connections:write from Basic Information → App-Level Tokens", problems);
        } else {
            if (signingSecret == null || signingSecret.isBlank()) {
                problems.add("adapters.slack.signing_secret is missing: HTTP mode needs the Signing Secret from Basic Information");
            } else if (PLACEHOLDER.matcher(signingSecret).matches()) {
                problems.add("adapters.slack.signing_secret looks like a placeholder: set the Signing Secret from Basic Information");
            }
            if (httpPort < 0 || httpPort > 65_535) {
                problems.add("adapters.slack.http_port must be between 0 and 65535, not " + httpPort);
            }
            if (!httpPath.startsWith("/")) {
                problems.add("adapters.slack.http_path must start with /, not '" + httpPath + "'");
            }
        }
        for (String command : commands) {
            if (command == null || !COMMAND.matcher(command).matches()) {
                problems.add("adapters.slack.commands: '" + command + "' is not a slash command like /backend");
            }
        }
        if (roleCacheTtl.isNegative() || roleCacheTtl.isZero()) {
            problems.add("adapters.slack.role_cache_ttl must be positive, not " + roleCacheTtl);
        }
        return problems;
    }

    /** Throws one exception listing every problem; does nothing when there is none. */
    /**
     * Whether Triage may answer through {@code url}, a {@code response_url} a request came with: one on Slack's hooks
     * host ({@code https://hooks.slack.com/…}), or, with {@code api_base_url} set (a local fake, a proxy, GovSlack),
     * on that base's host or its {@code hooks.} host, with its scheme and port. Anything else is never called: the
     * answer goes to the channel instead.
     */
    public boolean answersThrough(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        try {
            java.net.URI given = java.net.URI.create(url.strip());
            java.net.URI api = java.net.URI.create(apiBaseUrl == null ? "https://slack.com/api/" : apiBaseUrl);
            if (given.getHost() == null || api.getHost() == null || given.getRawUserInfo() != null) {
                return false;
            }
            String host = given.getHost().toLowerCase(java.util.Locale.ROOT);
            String apiHost = api.getHost().toLowerCase(java.util.Locale.ROOT);
            return given.getScheme().equalsIgnoreCase(api.getScheme()) && given.getPort() == api.getPort()
                    && (host.equals(apiHost) || host.equals("hooks." + apiHost));
        } catch (IllegalArgumentException | NullPointerException notAUrl) {
            return false;
        }
    }

    public SlackSettings validated() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Slack settings are not usable:\n  - " + String.join("\n  - ", problems));
        }
        return this;
    }

    private static void tokenProblem(String key, String token, String prefix, String where, List<String> problems) {
        if (token == null || token.isBlank()) {
            problems.add("adapters.slack." + key + " is missing: set " + where + " (starts with " + prefix + ")");
        } else if (!token.startsWith(prefix)) {
            String kind = kindOf(token);
            problems.add("adapters.slack." + key + " must start with " + prefix + " but is "
                    + (kind == null ? "something else" : kind) + ": use " + where);
        } else if (token.length() < prefix.length() + 8 || PLACEHOLDER.matcher(token).matches()) {
            problems.add("adapters.slack." + key + " looks like a placeholder: set " + where);
        }
    }

    private static String kindOf(String token) {
        if (token.startsWith("xoxb-")) {
            return "a bot token (xoxb-)";
        } else if (token.startsWith("xapp-")) {
            return "an app-level token (xapp-)";
        } else if (token.startsWith("xoxp-")) {
            return "a user token (xoxp-)";
        } else if (token.startsWith("xoxe")) {
            return "a refresh or configuration token (xoxe)";
        }
        return null;
    }

    @Override
    public String toString() {
        return "SlackSettings[mode=" + mode.name().toLowerCase(Locale.ROOT)
                + ", botToken=" + redacted(botToken)
                + ", appToken=" + redacted(appToken)
                + ", signingSecret=" + (signingSecret == null || signingSecret.isBlank() ? "(none)" : "(set)")
                + ", httpPort=" + httpPort
                + ", httpPath=" + httpPath
                + ", commands=" + commands
                + ", roleCacheTtl=" + roleCacheTtl
                + ", apiBaseUrl=" + (apiBaseUrl == null ? "(slack.com)" : apiBaseUrl) + "]";
    }

    /** The token's kind only, e.g. {@code xoxb-…}: enough to spot a swapped token, nothing to use. */
    static String redacted(String token) {
        if (token == null || token.isBlank()) {
            return "(none)";
        }
        int dash = token.indexOf('-');
        return (dash > 0 && dash <= 5 ? token.substring(0, dash + 1) : "") + "…(redacted)";
    }
}
