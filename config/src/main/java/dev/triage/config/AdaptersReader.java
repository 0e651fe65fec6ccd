package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * {@code channels:} and {@code adapters:} (console, Slack, Discord). Reads through the shared {@link ConfigNodes} of
 * the file's walk: {@code ${VAR}}, one problem sink, the secrets.
 */
final class AdaptersReader extends ConfigNodes {
    AdaptersReader(ConfigNodes shared) {
        super(shared);
    }

    TriageConfig.Channels channels(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return TriageConfig.Channels.DEFAULT;
        }
        if (!node.isObject()) {
            problem("channels", "must be a mapping with default and incidents (got " + kind(node) + ")");
            return null;
        }
        keys(node, "channels", Set.of("default", "incidents"));
        return new TriageConfig.Channels(string(node, "channels", "default", false), string(node, "channels", "incidents", false));
    }

    TriageConfig.Adapters adapters(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return TriageConfig.Adapters.CONSOLE_ONLY;
        }
        if (!node.isObject()) {
            problem("adapters", "must be a mapping of console, slack, discord (got " + kind(node) + ")");
            return null;
        }
        keys(node, "adapters", Set.of("console", "slack", "discord"));
        boolean console = true;
        if (node.has("console")) {
            JsonNode c = node.get("console");
            keys(c, "adapters.console", Set.of("enabled"));
            console = bool(c, "adapters.console", "enabled", true);
        }
        TriageConfig.Slack slack = null;
        JsonNode s = node.path("slack");
        if (s.isObject() && bool(s, "adapters.slack", "enabled", true)) {
            slack = slack(s);
        } else if (!s.isMissingNode() && !s.isObject()) {
            problem("adapters.slack", "must be a mapping (got " + kind(s) + ")");
        }
        TriageConfig.Discord discord = null;
        JsonNode d = node.path("discord");
        if (d.isObject() && bool(d, "adapters.discord", "enabled", true)) {
            keys(d, "adapters.discord", Set.of("enabled", "token", "guild_ids", "api_url", "gateway_url"));
            Secret token = secret(d, "adapters.discord", "token");
            List<String> guilds = d.has("guild_ids") ? stringList(d.get("guild_ids"), "adapters.discord.guild_ids") : List.of();
            if (guilds.isEmpty()) {
                problem("adapters.discord.guild_ids", "required: the ids of the servers (guilds) where /backend is registered"
                        + " (Discord: Server Settings → Widget, or right-click the server with Developer Mode on → Copy Server ID)");
            }
            for (int i = 0; i < guilds.size(); i++) {
                if (!guilds.get(i).matches("\\d{17,20}")) {
                    problem("adapters.discord.guild_ids[" + i + "]", "a guild id is a 17–20 digit number (got " + guilds.get(i) + ")");
                }
            }
            if (token != null && token.reveal().split("\\.").length != 3) {
                problem("adapters.discord.token", "is not a bot token: Discord bot tokens have three dot-separated parts"
                        + " (Developer Portal → your application → Bot → Reset Token)");
            }
            URI apiUrl = url(d, "adapters.discord", "api_url");
            URI gatewayUrl = webSocketUrl(d, "adapters.discord", "gateway_url");
            discord = new TriageConfig.Discord(token, guilds, apiUrl == null ? null : apiUrl.toString(),
                    gatewayUrl == null ? null : gatewayUrl.toString());
        } else if (!d.isMissingNode() && !d.isObject()) {
            problem("adapters.discord", "must be a mapping (got " + kind(d) + ")");
        }
        return new TriageConfig.Adapters(console, slack, discord);
    }

    TriageConfig.Slack slack(JsonNode s) {
        String p = "adapters.slack";
        keys(s, p, Set.of("enabled", "mode", "bot_token", "app_token", "signing_secret", "http_port", "http_path", "api_url"));
        String mode = string(s, p, "mode", false);
        mode = mode == null ? "socket" : mode;
        if (!Set.of("socket", "http").contains(mode)) {
            problem(p + ".mode", "must be socket or http (got " + mode + ")");
        }
        Secret bot = secret(s, p, "bot_token");
        if (bot != null && !bot.reveal().startsWith("xoxb-")) {
            problem(p + ".bot_token", "is not a bot token: bot tokens start with xoxb- (Slack app → OAuth & Permissions)");
        }
        Secret app = null;
        Secret signing = null;
        if ("socket".equals(mode)) {
            app = secret(s, p, "app_token");
            if (app != null && !app.reveal().startsWith("xapp-")) {
                problem(p + ".app_token", "is not an app-level token: they start with xapp- (Slack app → Basic Information → App-Level Tokens, scope connections:write)");
            }
        } else {
            signing = secret(s, p, "signing_secret");
        }
        Integer httpPort = s.has("http_port") ? port(s.get("http_port"), p + ".http_port", false) : Integer.valueOf(3000);
        String httpPath = string(s, p, "http_path", false);
        URI apiUrl = url(s, p, "api_url");
        return new TriageConfig.Slack(mode, bot, app, signing, httpPort == null ? 3000 : httpPort,
                httpPath == null ? "/slack/events" : httpPath, apiUrl == null ? null : apiUrl.toString());
    }

}
