package dev.triage.adapters.discord;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Discord's side, on 127.0.0.1: a REST API (JDK HTTP server) that records every call and answers
 * what JDA asks on login and when it sends, and a gateway (WebSocket server) that says HELLO, answers
 * IDENTIFY with READY and the guild's GUILD_CREATE, acknowledges heartbeats, and dispatches the
 * interactions a test sends.
 */
final class FakeDiscord implements AutoCloseable {
    static final long DISCORD_EPOCH = 1_420_070_400_000L;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    final String botId = snowflake();
    final String applicationId = snowflake();
    final String guildId = snowflake();
    final String channelId = snowflake();
    final String operatorRoleId = snowflake();
    final String botRoleId = snowflake();
    /** What the bot may do in the guild: exactly the permissions the docs ask for. */
    final long botPermissions;

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final BlockingQueue<Call> callQueue = new LinkedBlockingQueue<>();
    final BlockingQueue<JsonObject> gatewayReceived = new LinkedBlockingQueue<>();
    final CountDownLatch identified = new CountDownLatch(1);

    private final HttpServer rest;
    private final Gateway gateway;
    private final AtomicInteger sequence = new AtomicInteger();

    /** A file a call carried ({@code files[N]} of a multipart/form-data body). */
    record Attached(String field, String filename, String contentType, byte[] bytes) {
    }

    /**
     * One REST call as the fake received it. For a multipart/form-data call (a message with files), {@code body} is its
     * {@code payload_json} part and {@code files} the file parts.
     */
    record Call(String method, String path, String query, String body, List<Attached> files) {
        Call(String method, String path, String query, String body) {
            this(method, path, query, body, List.of());
        }

        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        JsonArray jsonArray() {
            return JsonParser.parseString(body).getAsJsonArray();
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    FakeDiscord(long botPermissions) throws IOException, InterruptedException {
        this.botPermissions = botPermissions;
        rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rest.createContext("/", this::handle);
        rest.start();
        gateway = new Gateway();
        gateway.start();
        if (!gateway.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the fake gateway did not start");
        }
    }

    String restBaseUrl() {
        return "http://127.0.0.1:" + rest.getAddress().getPort() + "/api/v10/";
    }

    String gatewayUrl() {
        return "ws://127.0.0.1:" + gateway.getPort() + "/";
    }

    /** A snowflake made now: JDA expires interaction hooks 15 minutes after the snowflake's time. */
    static String snowflake() {
        return Long.toString(((System.currentTimeMillis() - DISCORD_EPOCH) << 22) | (SEQUENCE.incrementAndGet() & 0xFFF));
    }

    // ---- REST ----

    private void handle(HttpExchange ex) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        List<Attached> files = List.of();
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null && type.startsWith("multipart/form-data")) {
            Multipart parts = Multipart.parse(raw, type);
            body = parts.text("payload_json");
            files = parts.files();
        }
        String path = ex.getRequestURI().getPath().replaceFirst("^/api/v10/", "");
        Call call = new Call(ex.getRequestMethod(), path, ex.getRequestURI().getQuery(), body, files);
        calls.add(call);
        callQueue.add(call);
        Answer answer = rateLimited.test(call) ? new Answer(429,
                "{\"message\":\"You are being rate limited.\",\"retry_after\":0.05,\"global\":false}") : answer(call);
        if (answer.status == 429) {
            // Discord's own 429 (not Cloudflare's): the bucket's headers, retry_after in the body and Retry-After in seconds.
            ex.getResponseHeaders().add("Retry-After", "1");
            ex.getResponseHeaders().add("Via", "1.1 google");   // from Discord's servers, not Cloudflare's edge
            ex.getResponseHeaders().add("X-RateLimit-Limit", "5");
            ex.getResponseHeaders().add("X-RateLimit-Remaining", "0");
            ex.getResponseHeaders().add("X-RateLimit-Reset", Double.toString(System.currentTimeMillis() / 1000.0 + 0.05));
            ex.getResponseHeaders().add("X-RateLimit-Reset-After", "0.05");
            ex.getResponseHeaders().add("X-RateLimit-Bucket", "fake-messages-bucket");
            ex.getResponseHeaders().add("X-RateLimit-Scope", "user");
        }
        byte[] bytes = answer.body == null ? new byte[0] : answer.body.getBytes(StandardCharsets.UTF_8);
        if (answer.body != null) {
            ex.getResponseHeaders().add("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(answer.status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private record Answer(int status, String body) {
    }

    /** Calls answered 429 (with Discord's retry_after) instead of their usual answer; none by default. */
    private volatile Predicate<Call> rateLimited = c -> false;

    /** The next {@code times} calls that match are rate limited, as Discord under load answers them. */
    void rateLimitNext(int times, Predicate<Call> which) {
        AtomicInteger left = new AtomicInteger(times);
        rateLimited = c -> which.test(c) && left.getAndDecrement() > 0;
    }

    /** A multipart/form-data body, split into its parts. */
    private record Multipart(List<Attached> parts) {
        static Multipart parse(byte[] raw, String contentType) {
            Matcher b = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
            if (!b.find()) {
                throw new IllegalArgumentException("multipart without a boundary: " + contentType);
            }
            byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
            List<Attached> parts = new ArrayList<>();
            int at = indexOf(raw, delimiter, 0);
            while (at >= 0) {
                int start = at + delimiter.length;
                if (start + 1 < raw.length && raw[start] == '-' && raw[start + 1] == '-') {
                    break;   // the closing delimiter
                }
                int headersEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
                int next = indexOf(raw, delimiter, headersEnd);
                String headers = new String(raw, start, headersEnd - start, StandardCharsets.UTF_8);
                byte[] content = java.util.Arrays.copyOfRange(raw, headersEnd + 4, next - 2);   // less the CRLF before the delimiter
                Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
                Matcher filename = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
                Matcher type = Pattern.compile("(?i)content-type:\\s*([^\r\n]+)").matcher(headers);
                parts.add(new Attached(name.find() ? name.group(1) : null, filename.find() ? filename.group(1) : null,
                        type.find() ? type.group(1).strip() : null, content));
                at = next;
            }
            return new Multipart(parts);
        }

        String text(String field) {
            return parts.stream().filter(p -> field.equals(p.field())).findFirst()
                    .map(p -> new String(p.bytes(), StandardCharsets.UTF_8)).orElse("");
        }

        List<Attached> files() {
            return parts.stream().filter(p -> p.filename() != null).toList();
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    private final java.util.Map<String, String> byNonce = new java.util.concurrent.ConcurrentHashMap<>();

    private static final Pattern CHANNEL_MESSAGES = Pattern.compile("channels/(\\d+)/messages");
    private static final Pattern CHANNEL_MESSAGE = Pattern.compile("channels/(\\d+)/messages/(\\d+)");
    private static final Pattern THREAD_FROM_MESSAGE = Pattern.compile("channels/(\\d+)/messages/(\\d+)/threads");
    private static final Pattern GUILD_COMMANDS = Pattern.compile("applications/(\\d+)/guilds/(\\d+)/commands");
    private static final Pattern WEBHOOK = Pattern.compile("webhooks/(\\d+)/([^/]+)");
    private static final Pattern WEBHOOK_MESSAGE = Pattern.compile("webhooks/(\\d+)/([^/]+)/messages/([^/]+)");

    private Answer answer(Call c) {
        Matcher m;
        if (c.method.equals("GET") && c.path.equals("users/@me")) {
            return new Answer(200, botUser().toString());
        }
        if (c.method.equals("PUT") && (m = GUILD_COMMANDS.matcher(c.path)).matches()) {
            JsonArray registered = new JsonArray();
            for (JsonElement e : c.jsonArray()) {
                JsonObject command = e.getAsJsonObject().deepCopy();
                command.addProperty("id", snowflake());
                command.addProperty("application_id", applicationId);
                command.addProperty("guild_id", m.group(2));
                command.addProperty("version", snowflake());
                registered.add(command);
            }
            return new Answer(200, registered.toString());
        }
        if (c.method.equals("POST") && c.path.matches("interactions/\\d+/[^/]+/callback")) {
            return new Answer(204, null);
        }
        if ((m = WEBHOOK_MESSAGE.matcher(c.path)).matches()) {
            if (c.method.equals("DELETE")) {
                return new Answer(204, null);
            }
            String id = m.group(3).equals("@original") ? snowflake() : m.group(3);
            return new Answer(200, message(id, channelId, c.json()).toString());
        }
        if (c.method.equals("POST") && WEBHOOK.matcher(c.path).matches()) {
            return new Answer(200, message(snowflake(), channelId, c.json()).toString());
        }
        if (c.method.equals("POST") && (m = THREAD_FROM_MESSAGE.matcher(c.path)).matches()) {
            return new Answer(201, thread(m.group(2), m.group(1), c.json().get("name").getAsString()).toString());
        }
        if ((m = CHANNEL_MESSAGE.matcher(c.path)).matches()) {
            if (c.method.equals("DELETE")) {
                return new Answer(204, null);
            }
            return new Answer(200, message(m.group(2), m.group(1), c.json()).toString());
        }
        if (c.method.equals("POST") && (m = CHANNEL_MESSAGES.matcher(c.path)).matches()) {
            JsonObject json = c.json();
            // Discord's enforce_nonce: a second message with a nonce this author used in the channel within a few
            // minutes is not created; the first one is returned.
            boolean enforced = json.has("enforce_nonce") && json.get("enforce_nonce").getAsBoolean() && json.has("nonce");
            String key = enforced ? m.group(1) + "/" + json.get("nonce").getAsString() : null;
            if (key != null && byNonce.containsKey(key)) {
                return new Answer(200, byNonce.get(key));
            }
            String created = message(snowflake(), m.group(1), json).toString();
            if (key != null) {
                byNonce.put(key, created);
            }
            return new Answer(200, created);
        }
        return new Answer(404, "{\"message\":\"Unknown route in the fake\",\"code\":0}");
    }

    // ---- recorded calls ----

    /** Waits for the next call matching {@code which}, skipping others. */
    Call await(String what, Predicate<Call> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Call c; (c = callQueue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
            if (which.test(c)) {
                return c;
            }
        }
        throw new AssertionError("the fake Discord never saw " + what + "; calls: " + calls);
    }

    List<Call> calls(String method, String pathRegex) {
        List<Call> matching = new ArrayList<>();
        for (Call c : calls) {
            if (c.method.equals(method) && c.path.matches(pathRegex)) {
                matching.add(c);
            }
        }
        return matching;
    }

    // ---- gateway ----

    /** Sends an INTERACTION_CREATE dispatch. */
    void dispatch(String type, JsonObject data) {
        JsonObject payload = new JsonObject();
        payload.addProperty("op", 0);
        payload.addProperty("t", type);
        payload.addProperty("s", sequence.incrementAndGet());
        payload.add("d", data);
        for (WebSocket ws : gateway.getConnections()) {
            ws.send(payload.toString());
        }
    }

    /** A slash command {@code /backend SUB option=value …} by {@code userId}, with the operator role. */
    JsonObject slashCommand(String interactionId, String userId, String subcommand, JsonArray options) {
        JsonObject sub = new JsonObject();
        sub.addProperty("name", subcommand);
        sub.addProperty("type", 1);
        sub.add("options", options);
        JsonArray subs = new JsonArray();
        subs.add(sub);
        JsonObject data = new JsonObject();
        data.addProperty("id", snowflake());
        data.addProperty("name", "backend");
        data.addProperty("type", 1);
        data.addProperty("guild_id", guildId);
        data.add("options", subs);
        JsonObject i = interaction(interactionId, 2, userId);
        i.add("data", data);
        return i;
    }

    static JsonObject option(String name, int type, String value) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("type", type);
        if (type == 5) {
            o.addProperty("value", Boolean.parseBoolean(value));
        } else if (type == 4) {
            o.addProperty("value", Long.parseLong(value));
        } else {
            o.addProperty("value", value);
        }
        return o;
    }

    /** A click on the button {@code customId} of message {@code messageId} in the channel. */
    JsonObject buttonClick(String interactionId, String userId, String messageId, String customId) {
        JsonObject data = new JsonObject();
        data.addProperty("custom_id", customId);
        data.addProperty("component_type", 2);
        JsonObject i = interaction(interactionId, 3, userId);
        i.add("data", data);
        JsonObject request = new JsonObject();
        request.addProperty("content", "approval card");
        i.add("message", message(messageId, channelId, request));
        return i;
    }

    private JsonObject interaction(String id, int type, String userId) {
        JsonObject i = new JsonObject();
        i.addProperty("id", id);
        i.addProperty("application_id", applicationId);
        i.addProperty("type", type);
        i.addProperty("token", "interaction-token-" + id);
        i.addProperty("version", 1);
        i.addProperty("guild_id", guildId);
        JsonObject guild = new JsonObject();
        guild.addProperty("id", guildId);
        guild.addProperty("locale", "en-US");
        guild.add("features", new JsonArray());
        i.add("guild", guild);
        i.addProperty("guild_locale", "en-US");
        i.addProperty("locale", "en-US");
        i.addProperty("channel_id", channelId);
        i.add("channel", channel());
        JsonObject member = member(user(userId, "ana", "Ana"), operatorRoleId);
        member.addProperty("nick", "Ana (on call)");
        member.addProperty("permissions", Long.toString(botPermissions));
        i.add("member", member);
        i.addProperty("app_permissions", Long.toString(botPermissions));
        i.add("entitlements", new JsonArray());
        JsonObject owners = new JsonObject();
        owners.addProperty("0", guildId);
        i.add("authorizing_integration_owners", owners);
        i.addProperty("context", 0);
        return i;
    }

    private JsonObject ready() {
        JsonObject d = new JsonObject();
        d.addProperty("v", 10);
        d.add("user", botUser());
        JsonArray guilds = new JsonArray();
        JsonObject g = new JsonObject();
        g.addProperty("id", guildId);
        g.addProperty("unavailable", true);
        guilds.add(g);
        d.add("guilds", guilds);
        d.addProperty("session_id", "fake-session");
        d.addProperty("resume_gateway_url", gatewayUrl());
        JsonArray shard = new JsonArray();
        shard.add(0);
        shard.add(1);
        d.add("shard", shard);
        JsonObject application = new JsonObject();
        application.addProperty("id", applicationId);
        application.addProperty("flags", 0);
        d.add("application", application);
        d.add("private_channels", new JsonArray());
        d.add("presences", new JsonArray());
        d.add("relationships", new JsonArray());
        d.add("guild_join_requests", new JsonArray());
        return d;
    }

    private JsonObject guildCreate() {
        JsonObject g = new JsonObject();
        g.addProperty("id", guildId);
        g.addProperty("name", "Ops");
        g.add("icon", null);
        g.add("splash", null);
        g.add("discovery_splash", null);
        g.add("banner", null);
        g.add("description", null);
        g.addProperty("owner_id", snowflake());
        g.add("afk_channel_id", null);
        g.addProperty("afk_timeout", 300);
        g.addProperty("verification_level", 0);
        g.addProperty("default_message_notifications", 0);
        g.addProperty("explicit_content_filter", 0);
        g.addProperty("mfa_level", 0);
        g.addProperty("nsfw_level", 0);
        g.addProperty("premium_tier", 0);
        g.addProperty("premium_subscription_count", 0);
        g.addProperty("premium_progress_bar_enabled", false);
        g.addProperty("preferred_locale", "en-US");
        g.add("system_channel_id", null);
        g.add("rules_channel_id", null);
        g.add("vanity_url_code", null);
        g.addProperty("max_members", 500000);
        g.addProperty("member_count", 3);
        g.addProperty("large", false);
        g.addProperty("unavailable", false);
        g.addProperty("joined_at", "2025-01-01T00:00:00.000000+00:00");
        g.add("features", new JsonArray());
        JsonArray roles = new JsonArray();
        roles.add(role(guildId, "@everyone", 0, 0));
        roles.add(role(operatorRoleId, "operator", 1, 0));
        roles.add(role(botRoleId, "Triage", 2, botPermissions));
        g.add("roles", roles);
        JsonArray channels = new JsonArray();
        channels.add(channel());
        g.add("channels", channels);
        g.add("threads", new JsonArray());
        JsonArray members = new JsonArray();
        members.add(member(botUser(), botRoleId));
        g.add("members", members);
        g.add("emojis", new JsonArray());
        g.add("stickers", new JsonArray());
        g.add("voice_states", new JsonArray());
        g.add("presences", new JsonArray());
        g.add("guild_scheduled_events", new JsonArray());
        g.add("stage_instances", new JsonArray());
        g.add("soundboard_sounds", new JsonArray());
        return g;
    }

    private JsonObject role(String id, String name, int position, long permissions) {
        JsonObject r = new JsonObject();
        r.addProperty("id", id);
        r.addProperty("name", name);
        r.addProperty("color", 0);
        JsonObject colors = new JsonObject();
        colors.addProperty("primary_color", 0);
        colors.add("secondary_color", null);
        colors.add("tertiary_color", null);
        r.add("colors", colors);
        r.addProperty("hoist", false);
        r.add("icon", null);
        r.add("unicode_emoji", null);
        r.addProperty("position", position);
        r.addProperty("permissions", Long.toString(permissions));
        r.addProperty("managed", false);
        r.addProperty("mentionable", false);
        r.addProperty("flags", 0);
        return r;
    }

    private JsonObject channel() {
        JsonObject c = new JsonObject();
        c.addProperty("id", channelId);
        c.addProperty("type", 0);
        c.addProperty("guild_id", guildId);
        c.addProperty("name", "ops");
        c.addProperty("position", 0);
        c.add("permission_overwrites", new JsonArray());
        c.add("topic", null);
        c.addProperty("nsfw", false);
        c.add("last_message_id", null);
        c.addProperty("rate_limit_per_user", 0);
        c.add("parent_id", null);
        c.addProperty("flags", 0);
        return c;
    }

    private JsonObject thread(String id, String parentId, String name) {
        JsonObject t = new JsonObject();
        t.addProperty("id", id);
        t.addProperty("type", 11);
        t.addProperty("guild_id", guildId);
        t.addProperty("parent_id", parentId);
        t.addProperty("owner_id", botId);
        t.addProperty("name", name);
        t.addProperty("rate_limit_per_user", 0);
        t.addProperty("message_count", 0);
        t.addProperty("member_count", 1);
        t.addProperty("total_message_sent", 0);
        t.addProperty("flags", 0);
        t.add("last_message_id", null);
        JsonObject meta = new JsonObject();
        meta.addProperty("archived", false);
        meta.addProperty("auto_archive_duration", 10080);
        meta.addProperty("archive_timestamp", Instant.now().toString());
        meta.addProperty("locked", false);
        meta.addProperty("create_timestamp", Instant.now().toString());
        t.add("thread_metadata", meta);
        return t;
    }

    private JsonObject member(JsonObject user, String roleId) {
        JsonObject m = new JsonObject();
        m.add("user", user);
        JsonArray roles = new JsonArray();
        roles.add(roleId);
        m.add("roles", roles);
        m.addProperty("joined_at", "2025-01-01T00:00:00.000000+00:00");
        m.addProperty("deaf", false);
        m.addProperty("mute", false);
        m.addProperty("flags", 0);
        m.add("avatar", null);
        return m;
    }

    JsonObject botUser() {
        JsonObject u = user(botId, "triage", null);
        u.addProperty("bot", true);
        return u;
    }

    private static JsonObject user(String id, String username, String globalName) {
        JsonObject u = new JsonObject();
        u.addProperty("id", id);
        u.addProperty("username", username);
        u.addProperty("discriminator", "0");
        if (globalName == null) {
            u.add("global_name", null);
        } else {
            u.addProperty("global_name", globalName);
        }
        u.add("avatar", null);
        u.addProperty("public_flags", 0);
        return u;
    }

    /** A message as Discord returns it, with the request's content. */
    private JsonObject message(String id, String channel, JsonObject request) {
        JsonObject m = new JsonObject();
        m.addProperty("id", id);
        m.addProperty("channel_id", channel);
        m.addProperty("guild_id", guildId);
        m.add("author", botUser());
        m.addProperty("content", request.has("content") && !request.get("content").isJsonNull() ? request.get("content").getAsString() : "");
        m.addProperty("timestamp", Instant.now().toString());
        m.add("edited_timestamp", null);
        m.addProperty("tts", false);
        m.addProperty("mention_everyone", false);
        m.add("mentions", new JsonArray());
        m.add("mention_roles", new JsonArray());
        JsonArray attachments = new JsonArray();
        if (request.has("attachments")) {
            for (JsonElement a : request.getAsJsonArray("attachments")) {
                JsonObject att = new JsonObject();
                att.addProperty("id", snowflake());
                att.addProperty("filename", a.getAsJsonObject().get("filename").getAsString());
                att.addProperty("size", 1);
                att.addProperty("url", "https://cdn.discordapp.invalid/" + a.getAsJsonObject().get("filename").getAsString());
                att.addProperty("proxy_url", "https://media.discordapp.invalid/x.png");
                attachments.add(att);
            }
        }
        m.add("attachments", attachments);
        m.add("embeds", new JsonArray());
        m.add("components", new JsonArray());
        m.addProperty("pinned", false);
        m.addProperty("type", 0);
        m.addProperty("flags", 0);
        return m;
    }

    @Override
    public void close() throws InterruptedException {
        gateway.stop(1000);
        rest.stop(0);
    }

    private final class Gateway extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        Gateway() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            conn.send("{\"op\":10,\"d\":{\"heartbeat_interval\":41250}}");
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            JsonObject payload = JsonParser.parseString(message).getAsJsonObject();
            gatewayReceived.add(payload);
            int op = payload.get("op").getAsInt();
            if (op == 1) {
                conn.send("{\"op\":11}");
            } else if (op == 2) {
                identified.countDown();
                dispatch("READY", ready());
                dispatch("GUILD_CREATE", guildCreate());
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
