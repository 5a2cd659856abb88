package io.procshare.node.bridge;

import io.procshare.node.ClusterSecret;
import io.procshare.node.client.BridgeClient;
import io.procshare.node.client.BridgeSecurity;
import io.procshare.verticles.NodeCounters;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The bridge's IO on a local (not clustered) Vert.x: the CLI's {@link BridgeClient} works against
 * it unchanged; the connection caps, the first-frame deadline and the cut-off of a client that
 * does not read hold and are counted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientBridgeTest {

    private final Vertx vertx = Vertx.vertx();
    private final NodeCounters counters = new NodeCounters();
    private ClientBridge bridge;
    private int port;

    private void start(ClusterSecret secret, BridgeLimits limits) throws Exception {
        bridge = new ClientBridge(vertx, new NetServerOptions(), secret, limits, counters, "test");
        port = bridge.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private Socket raw() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        return s;
    }

    private static boolean closedWithin(Socket s, int ms) throws IOException {
        s.setSoTimeout(ms);
        InputStream in = s.getInputStream();
        try {
            byte[] discard = new byte[1 << 16];
            while (in.read(discard) >= 0) {
                // the node's last frames
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void when_theCliClientTalksToIt_then_requestsRegistrationsAndErrorsLookAsBefore() throws Exception {
        start(null, BridgeLimits.DEFAULTS);
        // what a client sends is marked as a client's, and its frame's own headers (timeout) stay at the door
        vertx.eventBus().<JsonObject>consumer(ClientAddresses.STATUS, m -> m.reply(new JsonObject()
                .put("ok", m.headers().contains(ClientBridge.CLIENT_HEADER) && m.headers().size() == 1)));
        vertx.eventBus().<JsonObject>consumer(ClientAddresses.KILL, m -> m.fail(404, "no live process"));
        try (BridgeClient c = BridgeClient.connect("127.0.0.1", port, 3000)) {
            assertThat(c.request(ClientAddresses.STATUS, new JsonObject(), 5000).getBoolean("ok")).isTrue();
            assertThatThrownBy(() -> c.request(ClientAddresses.KILL, new JsonObject(), 5000))
                    .isInstanceOfSatisfying(BridgeClient.BridgeException.class, e -> {
                        assertThat(e.failureCode()).isEqualTo(404);
                        assertThat(e.reason()).isEqualTo("no live process");
                    });
            String me = ClientAddresses.newClientAddress();
            c.register(me);
            await().atMost(5, TimeUnit.SECONDS).until(() -> {
                vertx.eventBus().send(me, new JsonObject().put("type", "out"));
                BridgeClient.Frame f = c.receive(100);
                return f != null && f.isMessageTo(me) && "out".equals(f.body().getString("type"));
            });
            assertThatThrownBy(() -> c.request("procshare.somewhere.internal", new JsonObject(), 5000))
                    .hasMessageContaining("access_denied");
            c.ping();
            assertThat(c.receive(5000)).satisfies(f -> assertThat(f.type()).isIn("pong", "message"));
        }
    }

    @Test
    void when_aClientDoesNotRead_then_itIsCutOffOnceItsQueueIsFull() throws Exception {
        start(null, BridgeLimits.DEFAULTS);
        String me = ClientAddresses.newClientAddress();
        try (Socket s = raw()) {
            byte[] register = new JsonObject().put("type", "register").put("address", me).encode().getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write(ByteBuffer.allocate(4 + register.length).putInt(register.length).put(register).array());
            JsonObject big = new JsonObject().put("data", "x".repeat(64 << 10));
            // the node sends what a process writes; this client never reads
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                for (int i = 0; i < 64; i++) {
                    vertx.eventBus().send(me, big);
                }
                return counters.get(ClientBridge.SLOW_READERS) == 1;
            });
            assertThat(closedWithin(s, 10_000)).isTrue();
        }
    }

    @Test
    void when_tooManyConnectionsOrUnauthenticatedOnesArrive_then_theRestAreClosedAtOnceAndCounted() throws Exception {
        ClusterSecret secret = ClusterSecret.of("t", "s");
        start(secret, new BridgeLimits(1 << 20, 6, 3, 60_000, false));
        List<Socket> idle = new ArrayList<>();
        List<BridgeClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                idle.add(raw());
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> counters.get(ClientBridge.REFUSED_CONNECTIONS) == 2);
            assertThat(closedWithin(idle.get(0), 300)).as("within the unauthenticated cap").isFalse();
            for (Socket s : idle) {
                s.close();
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> bridge.connections() == 0);
            // authenticated clients leave the unauthenticated cap: six fit, the seventh does not
            for (int i = 0; i < 6; i++) {
                BridgeClient c = BridgeClient.connect("127.0.0.1", port, 3000, BridgeSecurity.of(secret, null));
                clients.add(c);
                c.ping();
                assertThat(c.receive(5000).type()).isEqualTo("pong");
            }
            try (Socket seventh = raw()) {
                assertThat(closedWithin(seventh, 5000)).as("over the connection cap").isTrue();
            }
            assertThat(counters.get(ClientBridge.REFUSED_CONNECTIONS)).isEqualTo(3);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
            clients.forEach(BridgeClient::close);
        }
    }

    @Test
    void when_aConnectionSendsNoValidFirstFrameInTime_then_itIsClosedAndCounted() throws Exception {
        start(null, new BridgeLimits(1 << 20, 10, 10, 300, false));
        try (Socket s = raw(); BridgeClient ok = BridgeClient.connect("127.0.0.1", port, 3000)) {
            ok.ping();
            s.getOutputStream().write(new byte[] {0, 0});
            assertThat(closedWithin(s, 10_000)).as("closed at its 300 ms deadline").isTrue();
            assertThat(counters.get(ClientBridge.AUTH_TIMEOUTS)).isEqualTo(1);
            assertThat(ok.receive(1000).type()).as("an authenticated client stays").isEqualTo("pong");
        }
    }
}
