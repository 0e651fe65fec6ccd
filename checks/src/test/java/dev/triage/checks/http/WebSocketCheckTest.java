package dev.triage.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.net.LocalListeners;
import dev.triage.checks.net.LocalNginx;
import dev.triage.config.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code websocket} check against real servers on 127.0.0.1: a WebSocket server (Java-WebSocket, not OkHttp's own)
 * with the document's three channels, a plain HTTP server, a closed port, a socket that never answers, and a real
 * nginx in front of the WebSocket server without the {@code Upgrade} headers.
 */
class WebSocketCheckTest {
    private final HttpProber prober = new HttpProber();
    private Channels ws;

    /** Serves /ws/landmarks, /ws/voice and /ws/session; any other path is refused with 404. */
    static final class Channels extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        Channels() {
            super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            setReuseAddr(true);
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft, ClientHandshake request)
                throws InvalidDataException {
            if (!List.of("/ws/landmarks", "/ws/voice", "/ws/session").contains(request.getResourceDescriptor())) {
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no such channel");
            }
            return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    @BeforeEach
    void start() throws Exception {
        ws = new Channels();
        ws.start();
        assertTrue(ws.started.await(10, TimeUnit.SECONDS));
    }

    @AfterEach
    void stop() throws InterruptedException {
        ws.stop(1000);
    }

    private static Target target(String baseUrl) {
        return new Target("render", URI.create(baseUrl), null, null, null, Duration.ofSeconds(2), null, null, null, null, null, null,
                List.of("/ws/landmarks", "/ws/voice", "/ws/session"));
    }

    private CheckResult check(String baseUrl, String path) {
        return new WebSocketCheck(prober, path, java.time.InstantSource.system()).run(target(baseUrl));
    }

    @Test
    void theDocumentsThreeChannelsOpen() {
        String base = "http://127.0.0.1:" + ws.getPort();
        for (String path : List.of("/ws/landmarks", "/ws/voice", "/ws/session")) {
            CheckResult r = check(base, path);
            assertEquals(Status.OK, r.status(), path + ": " + r.summary());
            assertEquals("websocket " + path, r.checkId());
            assertTrue(r.summary().startsWith("101 Switching Protocols"), r.summary());
            assertTrue(r.evidence().get(0).contains("ws://127.0.0.1:" + ws.getPort() + path), r.evidence().toString());
        }
    }

    @Test
    void aWrongPathIsNamedWithTheStatusItGot() {
        CheckResult r = check("http://127.0.0.1:" + ws.getPort(), "/ws/nope");
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.summary().contains("instead of 101"), r.summary());
    }

    @Test
    void aPageThatIsNotAWebSocketIsTheStatusInsteadOf101() throws IOException {
        HttpServer page = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        page.createContext("/", ex -> {
            byte[] body = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        page.start();
        try {
            CheckResult r = check("http://127.0.0.1:" + page.getAddress().getPort(), "/ws/voice");
            assertEquals(Status.FAIL, r.status());
            assertTrue(r.summary().contains("HTTP 200") && r.summary().contains("instead of 101")
                    && r.summary().contains("serves a page, not a WebSocket"), r.summary());
            assertEquals("200", r.fact("websocket.status"));
        } finally {
            page.stop(0);
        }
    }

    @Test
    void aClosedPortIsRefused() throws IOException {
        CheckResult r = check("http://127.0.0.1:" + LocalListeners.closedPort(), "/ws/voice");
        assertEquals(Status.FAIL, r.status());
        assertEquals("REFUSED", r.fact("failure"), r.summary());
    }

    @Test
    void aSocketThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CheckResult r = check("http://127.0.0.1:" + silent.getLocalPort(), "/ws/voice");
            assertEquals(Status.FAIL, r.status());
            assertTrue(r.summary().contains("no handshake within") || r.summary().contains("timed out"), r.summary());
        }
    }

    @Test
    void aRealNginxWithoutTheUpgradeHeadersBreaksTheHandshake(@TempDir Path dir) throws Exception {
        // proxy_http_version 1.1 and the Upgrade/Connection headers are missing, as in the outage
        try (LocalNginx nginx = LocalNginx.start(dir, "location /ws/ { proxy_pass http://127.0.0.1:" + ws.getPort() + "; }")) {
            int port = nginx.port();
            CheckResult direct = check("http://127.0.0.1:" + ws.getPort(), "/ws/session");
            assertEquals(Status.OK, direct.status(), "the channel itself works: " + direct.summary());
            CheckResult proxied = check("http://127.0.0.1:" + port, "/ws/session");
            assertEquals(Status.FAIL, proxied.status(), proxied.summary());
            assertTrue(proxied.summary().contains("instead of 101") && proxied.summary().contains("Upgrade and Connection headers"),
                    proxied.summary());
            System.out.println("through nginx without Upgrade headers: " + proxied.summary());
        }
    }
}
