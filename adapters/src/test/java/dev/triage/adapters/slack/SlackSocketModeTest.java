package dev.triage.adapters.slack;

import dev.triage.adapters.testing.RecordingListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.CommandEvent;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Socket Mode end to end: apps.connections.open on the fake Web API hands out a local WebSocket server's URL. */
class SlackSocketModeTest {
    private static final String ENVELOPE = """
            {"envelope_id":"57d6a792-4d35-4d0b-b6aa-3361493e1caf","type":"slash_commands","accepts_response_payload":true,\
            "payload":{"token":"legacy","team_id":"T0TEST","team_domain":"triage-test","channel_id":"C0OPS",\
            "channel_name":"ops","user_id":"U0ANA","user_name":"ana","command":"/backend","text":"status prod",\
            "api_app_id":"A0TEST","is_enterprise_install":"false",\
            "response_url":"https://hooks.slack.com/commands/T0TEST/1/abc","trigger_id":"1.2.3"}}""";

    private FakeSlackApi api;
    private FakeSocketModeServer socket;
    private SlackAdapter slack;

    @AfterEach
    void stop() throws Exception {
        if (slack != null) {
            slack.close();
        }
        if (socket != null) {
            socket.stop(1000);
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void slashCommandEnvelopeIsAcknowledgedWithItsEnvelopeIdAndDelivered() throws Exception {
        socket = new FakeSocketModeServer();
        socket.start();
        assertTrue(socket.started.await(10, TimeUnit.SECONDS));
        api = new FakeSlackApi();
        api.answerAlways("apps.connections.open", "{\"ok\":true,\"url\":\"ws://127.0.0.1:" + socket.getPort() + "/link\"}");
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener().whenCommand(e -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        FakeTime time = new FakeTime();
        slack = new SlackAdapter(SlackSettings.socketMode("xoxb-test-0000-bot-token", "xapp-1-A0TEST-0000-app-token")
                .withApiBaseUrl(api.baseUrl()), DeliveryPolicy.defaults(), time, time);

        slack.start(listener);
        WebSocket connection = socket.connections.poll(10, TimeUnit.SECONDS);
        assertTrue(connection != null, "the adapter opened the WebSocket it was given");
        connection.send(ENVELOPE);

        String ack = socket.received.poll(10, TimeUnit.SECONDS);
        assertEquals(1, release.getCount(), "acknowledged while the listener is still busy");
        release.countDown();
        assertTrue(ack != null && ack.contains("\"envelope_id\":\"57d6a792-4d35-4d0b-b6aa-3361493e1caf\""), "ack: " + ack);
        CommandEvent event = listener.nextCommand();
        assertEquals("backend", event.command());
        assertEquals("status prod", event.text());
        assertEquals("C0OPS", event.channel());
        assertEquals("U0ANA", event.user().userId());
        assertEquals("xapp-", api.calls("apps.connections.open").getFirst().tokenKind(), "the app-level token opens the socket");
    }

    /** Slack's side of Socket Mode, on 127.0.0.1: says hello on connect and keeps what the client sends. */
    static final class FakeSocketModeServer extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        final BlockingQueue<WebSocket> connections = new LinkedBlockingQueue<>();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        FakeSocketModeServer() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},"
                    + "\"connection_info\":{\"app_id\":\"A0TEST\"}}");
            connections.add(conn);
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
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
