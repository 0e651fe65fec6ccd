package dev.triage.checks.http;

import dev.triage.checks.net.NetworkFailure;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Set;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import javax.net.SocketFactory;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * One request (a GET, or what an {@code http} check's configuration says) over a fresh connection, as blackbox_exporter does: a pooled keep-alive connection can keep
 * answering after the listen socket closed or a new firewall rule turned new clients away — exactly
 * the failures the runbooks are about. Shares one dispatcher and thread pool across calls.
 */
public final class HttpProber {
    /** How much of a body is read: enough for a health document, never a whole page. */
    static final long BODY_LIMIT = 64 * 1024;
    /** URLs kept parsed: more than the checks of 100,000 targets ask for, about 0.5 KB each. */
    private static final int PARSED_URLS = 200_000;
    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

    private final OkHttpClient client;
    /**
     * Keyed by the URL's value, so every check that asks for the same configured URL finds it, whether or not it keeps
     * its URI object; bounded, so URLs no longer probed make room for others.
     */
    private final Cache<URI, Parsed> parsedUrls = Caffeine.newBuilder().maximumSize(PARSED_URLS).build();
    private final Cache<CallSettings, OkHttpClient> clients = Caffeine.newBuilder().maximumSize(256).build();

    public HttpProber() {
        this(probesOver(sharedClient()));
    }

    /**
     * The one OkHttp client of a process, as OkHttp advises: its dispatcher and threads are shared by everything that
     * speaks HTTP (probes, the cloud APIs), each call deriving its own deadlines with {@code newBuilder()}. Never
     * retried on a connection failure: a failure is a finding, and a POST must not run twice.
     */
    public static OkHttpClient sharedClient() {
        return new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    }

    /**
     * The client probes use, derived from the process's {@code shared} one: a pool that keeps no idle connection, so
     * each probe opens a fresh connection, as a user's first request after an outage would. A probe connects directly,
     * never through a proxy a JVM property names (a proxy's answer is not the target's), and on the probing thread:
     * OkHttp's fast fallback would hand every connect to a second thread and back, which at thousands of probes a
     * second was the largest cost after the sockets themselves (JFR); the addresses of a name are tried in turn.
     */
    public static OkHttpClient probesOver(OkHttpClient shared) {
        return shared.newBuilder()
                .connectionPool(ProbePoolCleaner.noIdlePool())
                .proxy(Proxy.NO_PROXY)
                .socketFactory(DIRECT_SOCKETS)
                .fastFallback(false)
                .build();
    }

    /**
     * Plain sockets: {@code new Socket()} wraps every socket in a SOCKS layer that asks the proxy selector on each
     * connect; a probe never uses one.
     */
    private static final SocketFactory DIRECT_SOCKETS = new SocketFactory() {
        @Override
        public Socket createSocket() {
            return new Socket(Proxy.NO_PROXY);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            Socket s = createSocket();
            if (localAddress != null) {
                s.bind(new InetSocketAddress(localAddress, localPort));
            }
            s.connect(new InetSocketAddress(address, port));
            return s;
        }

        // OkHttp calls only createSocket(); the others are the factory's contract, all through the one above.
        @Override
        public Socket createSocket(InetAddress address, int port) throws IOException {
            return createSocket(address, port, null, 0);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return createSocket(InetAddress.getByName(host), port, null, 0);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(InetAddress.getByName(host), port, localHost, localPort);
        }
    };

    public HttpProber(OkHttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The shared client, for checks that speak more than plain HTTP over it (a WebSocket handshake). */
    OkHttpClient client() {
        return client;
    }

    /**
     * The outcome of one request: either a status line or the way the connection failed.
     *
     * @param headers the response's headers, names lower-cased; empty when there was no answer
     */
    public record Outcome(String url, int code, String reason, String body, Duration latency,
                          NetworkFailure failure, String failureDetail, Map<String, List<String>> headers) {
        public Outcome {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        public boolean answered() {
            return failure == null;
        }

        /** The values of one response header, by case-insensitive name. */
        public List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /** What a call's client is derived for: few distinct values in a process (the configured timeouts). */
    private record CallSettings(Duration timeout, boolean followRedirects) {
    }

    /**
     * Whether a call got as far as a connection: OkHttp's call timeout doesn't say which phase it cut. Each request
     * carries its own as a tag, and is its call's event listener.
     */
    private static final class Connected extends EventListener {
        private volatile boolean connected;

        @Override
        public void connectionAcquired(Call call, Connection connection) {
            connected = true;
        }
    }

    /** The client for calls with these settings, derived once from the prober's client rather than on every call. */
    private OkHttpClient clientFor(CallSettings settings) {
        return client.newBuilder()
                .eventListenerFactory(call -> {
                    Connected c = call.request().tag(Connected.class);
                    return c != null ? c : EventListener.NONE;
                })
                // The call's deadline alone bounds every phase, connect and each read and write included; a deadline
                // per phase as well made every socket read and write enter and leave Okio's watchdog queue, and every
                // connect and read a timed park, for no finding the call's deadline doesn't give (which phase it cut is
                // told by Connected).
                .connectTimeout(Duration.ZERO)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(settings.timeout())
                .followRedirects(settings.followRedirects())
                .retryOnConnectionFailure(false)
                .build();
    }

    /** A URL as OkHttp takes it and as it may be shown, worked out once per URL rather than on every probe. */
    private record Parsed(HttpUrl url, String shown) {
    }

    private Parsed parsed(URI url) {
        return parsedUrls.get(url, u -> new Parsed(HttpUrl.get(u.toString()), redact(u)));
    }

    public Outcome get(URI url, Duration timeout, boolean followRedirects) {
        return send(url, "GET", Map.of(), null, timeout, followRedirects);
    }

    /**
     * One request with its own method, headers and body — values from the configuration only. Header values are sent
     * and never kept in the outcome; a body without a {@code Content-Type} header is sent as JSON when it reads as JSON,
     * else as plain text. Never retried: a POST must not run twice.
     *
     * @param body null for none
     */
    public Outcome send(URI url, String method, Map<String, String> headers, String body, Duration timeout, boolean followRedirects) {
        Parsed parsed = parsed(url);
        String shown = parsed.shown();
        Connected connected = new Connected();
        OkHttpClient call = clients.get(new CallSettings(timeout, followRedirects), this::clientFor);
        Request.Builder request = new Request.Builder().url(parsed.url()).header("User-Agent", "triage-probe")
                .tag(Connected.class, connected);
        try {
            headers.forEach(request::header);
            request.method(method, body(method, headers, body));
        } catch (IllegalArgumentException e) {
            // OkHttp's message can quote a header's value: never passed on.
            throw new IllegalArgumentException("the request " + method + " " + shown + " can't be built from its configured headers");
        }
        long start = System.nanoTime();
        try {
            try (Response response = call.newCall(request.build()).execute()) {
                String text = readLimited(response.body());
                Map<String, List<String>> answered = new TreeMap<>();
                okhttp3.Headers h = response.headers();
                for (int i = 0; i < h.size(); i++) {
                    answered.computeIfAbsent(h.name(i).toLowerCase(Locale.ROOT), n -> new java.util.ArrayList<>(1)).add(h.value(i));
                }
                answered.replaceAll((n, values) -> List.copyOf(values));
                return new Outcome(shown, response.code(), reason(response), text, since(start), null, null, answered);
            }
        } catch (IOException | RuntimeException e) {
            Duration took = since(start);
            // OkHttp's call timeout doesn't say which phase it cut: the event listener does.
            NetworkFailure failure = NetworkFailure.classify(e, connected.connected);
            String detail = failure == NetworkFailure.NO_RESPONSE || failure == NetworkFailure.CONNECT_TIMEOUT
                    ? "no answer within " + timeout.toMillis() + " ms"
                    : String.valueOf(e.getMessage());
            return new Outcome(shown, 0, null, null, took, failure, detail, Map.of());
        }
    }

    /** The request body: the configured one, an empty one where the method needs a body (POST, PUT, PATCH), else none. */
    private static RequestBody body(String method, Map<String, String> headers, String body) {
        if (body == null) {
            return Set.of("POST", "PUT", "PATCH").contains(method) ? RequestBody.create(new byte[0], null) : null;
        }
        boolean typed = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
        String strip = body.strip();
        MediaType type = typed ? null : strip.startsWith("{") || strip.startsWith("[") ? JSON : TEXT;
        return RequestBody.create(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    private static String readLimited(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        BufferedSource source = body.source();
        source.request(BODY_LIMIT);
        long n = Math.min(source.getBuffer().size(), BODY_LIMIT);
        return source.getBuffer().readUtf8(n);
    }

    private static String reason(Response response) {
        String message = response.message();
        return message == null || message.isBlank() ? StatusNames.of(response.code()) : message;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The URL as it may be shown: no user info, no query (either can carry a token). */
    public static String redact(URI url) {
        StringBuilder s = new StringBuilder().append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() > 0) {
            s.append(':').append(url.getPort());
        }
        s.append(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
        if (url.getRawQuery() != null) {
            s.append("?…");
        }
        return s.toString();
    }
}
