package dev.triage.adapters.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for Slack's Web API on 127.0.0.1: records every call (method, form parameters,
 * the token's kind) and answers like Slack — {@code auth.test} ok, posts with fresh {@code ts}
 * values — unless a test queued a different answer for a method.
 */
public final class FakeSlackApi implements AutoCloseable {

    /** One call as Slack would have seen it, with the body the fake answered and when it arrived. */
    public record Call(String method, Map<String, String> params, String tokenKind, String answer, java.time.Instant at) {
        public String param(String name) {
            return params.get(name);
        }

        /** The delivery key Triage put in the message's metadata (its outbox item), or null. */
        public String deliveryKey() {
            var m = java.util.regex.Pattern.compile("\"key\":\"([^\"]+)\"").matcher(params.getOrDefault("metadata", ""));
            return m.find() ? m.group(1) : null;
        }

        /** The {@code ts} the fake gave a posted message, or null. */
        public String answeredTs() {
            var m = java.util.regex.Pattern.compile("\"ts\":\"([0-9.]+)\"").matcher(answer == null ? "" : answer);
            return m.find() ? m.group(1) : null;
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
        static Answer json(String body) {
            return new Answer(200, Map.of(), body);
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new ConcurrentHashMap<>();
    private final Map<String, String> standing = new ConcurrentHashMap<>();
    private final AtomicLong ts = new AtomicLong(1_700_000_000_000100L);

    public FakeSlackApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/", this::handle);
        server.createContext("/respond/", this::handle);
        server.createContext("/upload/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        standing.put("auth.test", """
                {"ok":true,"url":"https://triage-test.slack.com/","team":"Triage Test","user":"triage",\
                "team_id":"T0TEST","user_id":"U0BOT","bot_id":"B0BOT"}""");
        standing.put("chat.update", "{\"ok\":true}");
        standing.put("chat.postEphemeral", "{\"ok\":true,\"message_ts\":\"1700000000.999999\"}");
        standing.put("usergroups.list", "{\"ok\":true,\"usergroups\":[]}");
    }

    /**
     * A {@code response_url} as Slack would put in a command or a click, served by this fake: calls to it are recorded
     * as method {@value #RESPONSE_URL}, with the JSON body's fields as parameters.
     */
    public String responseUrl(String id) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/respond/" + id;
    }

    public static final String RESPONSE_URL = "response_url";

    /** The base URL to give {@code SlackConfig#setMethodsEndpointUrlPrefix}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** The next call to {@code method} gets {@code answer}; later calls get the usual one. */
    void answerOnce(String method, Answer answer) {
        scripted.computeIfAbsent(method, m -> new ArrayDeque<>()).add(answer);
    }

    /** The next call to {@code method} is answered with {@code status} and these headers, as Slack under load would. */
    public void answerNext(String method, int status, Map<String, String> headers, String body) {
        answerOnce(method, new Answer(status, headers, body));
    }

    /** Every call to {@code method} gets {@code json} (200). */
    public void answerAlways(String method, String json) {
        standing.put(method, json);
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** The first call to {@code method} that matches, waiting up to {@code within} for it; fails naming what came instead. */
    public Call await(String what, String method, java.util.function.Predicate<Call> match, java.time.Duration within)
            throws InterruptedException {
        java.time.Instant end = java.time.Instant.now().plus(within);
        while (java.time.Instant.now().isBefore(end)) {
            for (Call c : calls(method)) {
                if (match.test(c)) {
                    return c;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Slack never got " + what + "; " + method + " calls: " + calls(method).stream()
                .map(c -> c.params() + " → " + c.answer()).toList());
    }

    /**
     * The next call to {@code method} whose form matches waits until {@code release} opens: with {@code kept} Slack
     * has the message (stored and recorded) and only its answer is late; without, the request is lost on the way
     * and Slack never sees it.
     */
    public void holdNext(String method, java.util.function.Predicate<Map<String, String>> match, boolean kept,
                         java.util.concurrent.CountDownLatch release, java.util.concurrent.CountDownLatch arrived) {
        holds.add(new Hold(method, match, kept, release, arrived));
    }

    private record Hold(String method, java.util.function.Predicate<Map<String, String>> match, boolean kept,
                        java.util.concurrent.CountDownLatch release, java.util.concurrent.CountDownLatch arrived) {
    }

    private final List<Hold> holds = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Hold takeHold(String method, Map<String, String> params) {
        for (Hold h : holds) {
            if (h.method().equals(method) && h.match().test(params) && holds.remove(h)) {
                return h;
            }
        }
        return null;
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean response = path.startsWith("/respond/");
            boolean upload = path.startsWith("/upload/");
            String method = response ? RESPONSE_URL : upload ? UPLOAD : path.substring("/api/".length());
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String body = upload ? "" : new String(raw, StandardCharsets.UTF_8);
            Map<String, String> params = response ? json(body, path.substring("/respond/".length())) : upload
                    ? uploadParams(path.substring("/upload/".length()), raw, exchange) : form(body);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String tokenKind = auth == null ? null : auth.replaceFirst("^Bearer ", "").replaceFirst("^(x[a-z]+-).*", "$1");
            Hold hold = takeHold(method, params);
            if (hold != null && !hold.kept()) {
                hold.arrived().countDown();
                await(hold.release());
                exchange.sendResponseHeaders(500, -1);   // lost on the way: Slack never saw it
                return;
            }
            Deque<Answer> queue = scripted.get(method);
            Answer answer;
            synchronized (this) {
                answer = queue == null ? null : queue.poll();
                if (answer == null) {
                    answer = upload ? new Answer(200, Map.of(), usualUpload(params, raw)) : Answer.json(usualAnswer(method, params));
                }
                calls.add(new Call(method, params, tokenKind, answer.body(), java.time.Instant.now()));
            }
            if (hold != null) {
                hold.arrived().countDown();
                await(hold.release());   // Slack has it; the answer is late
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A message as the fake keeps it, for conversations.history and conversations.replies; {@code filesJson}: a file share's. */
    private record Stored(String channel, String ts, String threadTs, String metadataJson, String filesJson) {
        Stored(String channel, String ts, String threadTs, String metadataJson) {
            this(channel, ts, threadTs, metadataJson, null);
        }

        String json() {
            return "{\"type\":\"message\",\"ts\":\"" + ts + "\"" + (threadTs == null ? "" : ",\"thread_ts\":\"" + threadTs + "\"")
                    + (metadataJson == null ? "" : ",\"metadata\":" + metadataJson)
                    + (filesJson == null ? "" : ",\"files\":" + filesJson) + "}";
        }
    }

    // ---- files: getUploadURLExternal → POST to upload_url → completeUploadExternal (files.upload is retired) ----

    /** Calls to an {@code upload_url} are recorded as this method, with {@code file_id} and the body's {@code length}. */
    public static final String UPLOAD = "upload_url";

    /** A file as Slack keeps it: what getUploadURLExternal was told, the bytes uploaded, and where it was shared. */
    public static final class FakeFile {
        public final String id;
        public final String name;
        public final int length;
        public volatile byte[] bytes;
        public volatile String channel;
        public volatile String threadTs;
        public volatile String title;

        FakeFile(String id, String name, int length) {
            this.id = id;
            this.name = name;
            this.length = length;
        }

        public boolean shared() {
            return channel != null;
        }
    }

    private final Map<String, FakeFile> files = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong fileIds = new AtomicLong(1000);

    /** The files shared into {@code channel}, in the thread under {@code threadTs} (null: in the channel itself). */
    public List<FakeFile> sharedFiles(String channel, String threadTs) {
        return files.values().stream().filter(FakeFile::shared).filter(f -> f.channel.equals(channel))
                .filter(f -> java.util.Objects.equals(f.threadTs, threadTs)).toList();
    }

    /** Every file shared anywhere. */
    public List<FakeFile> sharedFiles() {
        return files.values().stream().filter(FakeFile::shared).toList();
    }

    private Map<String, String> uploadParams(String fileId, byte[] raw, HttpExchange exchange) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("file_id", fileId);
        params.put("length", Integer.toString(raw.length));
        params.put("content_type", exchange.getRequestHeaders().getFirst("Content-Type"));
        params.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
        return params;
    }

    private String usualUpload(Map<String, String> params, byte[] raw) {
        FakeFile f = files.get(params.get("file_id"));
        if (f == null) {
            return "unknown upload";
        }
        f.bytes = raw;
        return "OK - " + raw.length;
    }

    private String getUploadUrl(Map<String, String> params) {
        if (params.get("filename") == null || params.get("length") == null) {
            return "{\"ok\":false,\"error\":\"invalid_arguments\"}";
        }
        String id = "F0" + fileIds.incrementAndGet();
        files.put(id, new FakeFile(id, params.get("filename"), Integer.parseInt(params.get("length"))));
        return "{\"ok\":true,\"upload_url\":\"http://127.0.0.1:" + server.getAddress().getPort() + "/upload/" + id
                + "\",\"file_id\":\"" + id + "\"}";
    }

    /** Shares each uploaded file once; a file never uploaded, or of another length than announced, is refused as Slack does. */
    private String completeUpload(Map<String, String> params) {
        com.google.gson.JsonArray given = com.google.gson.JsonParser.parseString(params.getOrDefault("files", "[]")).getAsJsonArray();
        com.google.gson.JsonArray out = new com.google.gson.JsonArray();
        for (var e : given) {
            String id = e.getAsJsonObject().get("id").getAsString();
            FakeFile f = files.get(id);
            if (f == null || f.bytes == null || f.bytes.length != f.length) {
                return "{\"ok\":false,\"error\":\"file_upload_not_found\"}";
            }
            if (!f.shared()) {
                f.title = e.getAsJsonObject().has("title") ? e.getAsJsonObject().get("title").getAsString() : f.name;
                f.channel = params.get("channel_id");
                f.threadTs = params.get("thread_ts");
                long next = ts.incrementAndGet();
                String stamp = (next / 1_000_000) + "." + String.format("%06d", next % 1_000_000);
                stored.add(new Stored(f.channel, stamp, f.threadTs, null,
                        "[{\"id\":\"" + f.id + "\",\"name\":\"" + f.name + "\"}]"));
            }
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("id", f.id);
            o.addProperty("title", f.title);
            out.add(o);
        }
        return "{\"ok\":true,\"files\":" + out + "}";
    }

    private final List<Stored> stored = new ArrayList<>();

    private String usualAnswer(String method, Map<String, String> params) {
        if (method.equals(RESPONSE_URL)) {
            if ("in_channel".equals(params.get("response_type")) && !"true".equals(params.get("replace_original"))) {
                long next = ts.incrementAndGet();
                stored.add(new Stored(params.get("channel_hint"), (next / 1_000_000) + "." + String.format("%06d", next % 1_000_000),
                        null, params.get("metadata")));
            }
            return "{\"ok\":true}";
        }
        if (method.equals("chat.postMessage") && !standing.containsKey(method)) {
            long next = ts.incrementAndGet();
            String stamp = (next / 1_000_000) + "." + String.format("%06d", next % 1_000_000);
            stored.add(new Stored(params.get("channel"), stamp, params.get("thread_ts"), params.get("metadata")));
            return "{\"ok\":true,\"channel\":\"" + params.get("channel") + "\",\"ts\":\"" + stamp + "\"}";
        }
        if (method.equals("files.getUploadURLExternal")) {
            return getUploadUrl(params);
        }
        if (method.equals("files.completeUploadExternal")) {
            return completeUpload(params);
        }
        if (method.equals("conversations.history") || method.equals("conversations.replies")) {
            String channel = params.get("channel");
            String root = params.get("ts");
            String messages = stored.stream()
                    .filter(m -> channel.equals(m.channel()))
                    .filter(m -> root == null ? m.threadTs() == null : root.equals(m.threadTs()) || root.equals(m.ts()))
                    .map(Stored::json)
                    .collect(java.util.stream.Collectors.joining(","));
            return "{\"ok\":true,\"messages\":[" + messages + "],\"has_more\":false}";
        }
        return standing.getOrDefault(method, "{\"ok\":false,\"error\":\"unknown_method\"}");
    }

    /** A response_url body's fields (objects and arrays as their JSON); {@code url_id}: which response_url it was. */
    private Map<String, String> json(String body, String urlId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("url_id", urlId);
        params.put("channel_hint", responseChannels.get(urlId));
        try {
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(body).getAsJsonObject();
            for (var e : o.entrySet()) {
                params.put(e.getKey(), e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString());
            }
        } catch (RuntimeException notJson) {
            params.put("unparsed", body);
        }
        return params;
    }

    private final Map<String, String> responseChannels = new ConcurrentHashMap<>();

    /** A {@link #responseUrl} for a request typed in {@code channel}: its in-channel answers show in that channel's history. */
    public String responseUrl(String id, String channel) {
        responseChannels.put(id, channel);
        return responseUrl(id);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body.isEmpty() || body.startsWith("{")) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
