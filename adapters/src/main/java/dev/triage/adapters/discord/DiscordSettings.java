package dev.triage.adapters.discord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the Discord adapter needs to run, independent of how the YAML names it. Null optional values
 * take their defaults; {@link #problems()} lists everything wrong before anything connects. The
 * token never appears in {@link #toString()} nor in a problem.
 *
 * @param token        the bot token (Developer Portal → Bot → Reset Token); always required
 * @param guildIds     the servers (guilds) where the slash commands are registered, as snowflakes; at least one
 * @param commands     the slash commands to register and answer; default {@code backend}
 * @param subcommands  each command's subcommands and options; default {@link SlashSubcommand#defaults()}
 * @param targetNames  the target names the {@code target} option autocompletes from, asked for on each keystroke
 * @param restBaseUrl  the REST API's base, e.g. {@code http://127.0.0.1:8080/api/v10/} for a local fake; null for Discord's own
 * @param gatewayUrl   the gateway's WebSocket URL, e.g. {@code ws://127.0.0.1:8081/}; null for the one Discord names
 */
public record DiscordSettings(
        String token,
        List<String> guildIds,
        List<String> commands,
        List<SlashSubcommand> subcommands,
        Supplier<List<String>> targetNames,
        String restBaseUrl,
        String gatewayUrl) {

    public static final List<String> DEFAULT_COMMANDS = List.of("backend");
    static final int MAX_SUBCOMMANDS = 25;

    private static final Pattern SNOWFLAKE = Pattern.compile("[1-9][0-9]{15,19}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{18,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{20,}");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?i).*(\\.\\.\\.|…|changeme|change-me|your[-_]|placeholder|<|>|\\$\\{|x{6,}).*");
    private static final String WHERE_TOKEN = "the bot token from the Developer Portal → your application → Bot → Reset Token";

    public DiscordSettings {
        guildIds = guildIds == null ? List.of() : guildIds.stream().map(g -> g == null ? null : g.strip()).toList();
        commands = commands == null || commands.isEmpty() ? DEFAULT_COMMANDS
                : commands.stream().map(c -> c == null ? null : c.strip().replaceFirst("^/", "")).toList();
        subcommands = subcommands == null || subcommands.isEmpty() ? SlashSubcommand.defaults() : List.copyOf(subcommands);
        targetNames = targetNames == null ? List::of : targetNames;
    }

    /** The default command, subcommands and Discord's own endpoints, with no target names to suggest. */
    public static DiscordSettings of(String token, List<String> guildIds) {
        return new DiscordSettings(token, guildIds, null, null, null, null, null);
    }

    public DiscordSettings withTargetNames(Supplier<List<String>> names) {
        return new DiscordSettings(token, guildIds, commands, subcommands, Objects.requireNonNull(names, "names"), restBaseUrl, gatewayUrl);
    }

    public DiscordSettings withCommands(List<String> names) {
        return new DiscordSettings(token, guildIds, names, subcommands, targetNames, restBaseUrl, gatewayUrl);
    }

    public DiscordSettings withSubcommands(List<SlashSubcommand> subs) {
        return new DiscordSettings(token, guildIds, commands, subs, targetNames, restBaseUrl, gatewayUrl);
    }

    /** Points the adapter at a local fake Discord (tests) or a proxy. */
    public DiscordSettings withEndpoints(String restBaseUrl, String gatewayUrl) {
        return new DiscordSettings(token, guildIds, commands, subcommands, targetNames, restBaseUrl, gatewayUrl);
    }

    /**
     * Every problem, each naming its key under {@code adapters.discord} and what to do; empty when the
     * settings can be used. The token's value is never quoted.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        tokenProblem(problems);
        if (guildIds.isEmpty()) {
            problems.add("adapters.discord.guild_ids is empty: list the ids of the servers where /" + commands.getFirst()
                    + " should appear (Discord → User Settings → Advanced → Developer Mode, then right-click the server → Copy Server ID)");
        }
        Set<String> guilds = new HashSet<>();
        for (String guild : guildIds) {
            if (guild == null || !SNOWFLAKE.matcher(guild).matches()) {
                problems.add("adapters.discord.guild_ids: '" + guild + "' is not a server id (a number of 17 to 20 digits, from Copy Server ID)");
            } else if (!guilds.add(guild)) {
                problems.add("adapters.discord.guild_ids lists " + guild + " twice");
            }
        }
        Set<String> names = new HashSet<>();
        for (String command : commands) {
            if (command == null || !SlashSubcommand.NAME.matcher(command).matches()) {
                problems.add("adapters.discord.commands: '" + command + "' is not a slash command name (1 to 32 lower-case letters, digits, - or _)");
            } else if (!names.add(command)) {
                problems.add("adapters.discord.commands lists " + command + " twice");
            }
        }
        if (subcommands.size() > MAX_SUBCOMMANDS) {
            problems.add("a Discord slash command holds at most " + MAX_SUBCOMMANDS + " subcommands, not " + subcommands.size());
        }
        Set<String> subs = new HashSet<>();
        for (SlashSubcommand sub : subcommands) {
            if (!subs.add(sub.name())) {
                problems.add("the subcommand " + sub.name() + " is declared twice");
            }
        }
        urlProblem("rest_base_url", restBaseUrl, "http://", "https://", problems);
        urlProblem("gateway_url", gatewayUrl, "ws://", "wss://", problems);
        return problems;
    }

    /** Throws one exception listing every problem; returns these settings when there is none. */
    public DiscordSettings validated() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Discord settings are not usable:\n  - " + String.join("\n  - ", problems));
        }
        return this;
    }

    private void tokenProblem(List<String> problems) {
        if (token == null || token.isBlank()) {
            problems.add("adapters.discord.token is missing: set " + WHERE_TOKEN + ", e.g. token: ${DISCORD_BOT_TOKEN}");
        } else if (token.strip().regionMatches(true, 0, "Bot ", 0, 4)) {
            problems.add("adapters.discord.token starts with 'Bot ': give the token alone, without the prefix");
        } else if (PLACEHOLDER.matcher(token).matches()) {
            problems.add("adapters.discord.token looks like a placeholder: set " + WHERE_TOKEN);
        } else if (!TOKEN.matcher(token.strip()).matches()) {
            problems.add("adapters.discord.token is not shaped like a bot token (three dot-separated parts, about 70 characters)"
                    + (token.strip().matches("[A-Za-z0-9_-]{32}") ? "; it looks like the OAuth2 client secret" : "")
                    + ": use " + WHERE_TOKEN);
        }
    }

    private static void urlProblem(String key, String url, String plain, String secure, List<String> problems) {
        if (url == null) {
            return;
        }
        String lower = url.strip().toLowerCase(Locale.ROOT);
        if (!lower.startsWith(plain) && !lower.startsWith(secure)) {
            problems.add("adapters.discord." + key + " must start with " + plain + " or " + secure + ", not '" + url + "'");
        }
    }

    @Override
    public String toString() {
        return "DiscordSettings[token=" + (token == null || token.isBlank() ? "(none)" : "(set, redacted)")
                + ", guildIds=" + guildIds
                + ", commands=" + commands
                + ", subcommands=" + subcommands.stream().map(SlashSubcommand::name).toList()
                + ", restBaseUrl=" + (restBaseUrl == null ? "(discord.com)" : restBaseUrl)
                + ", gatewayUrl=" + (gatewayUrl == null ? "(from Discord)" : gatewayUrl) + "]";
    }
}
