package io.procshare.node.bridge;

import io.procshare.node.ClusterSecret;
import io.procshare.verticles.NodeCounters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's front door for clients (DESIGN §8, issue 15): a TCP server that speaks the framing and
 * the frames of the Vert.x TCP event-bus bridge (4-byte length, JSON; {@code send}, {@code publish},
 * {@code register}, {@code unregister}, {@code ping} in; {@code message}, {@code err}, {@code pong}
 * out), so existing clients are unchanged on the wire, but bounded and scoped:
 * <ul>
 *   <li>every frame is bounded by its length prefix before any of its body is kept
 *       ({@link BridgeFrameDecoder}); a connection's first frame by {@link BridgeLimits#firstFrameMax()};</li>
 *   <li>at most {@link BridgeLimits#maxConnections()} connections, of which at most
 *       {@link BridgeLimits#maxUnauthenticated()} have not yet sent a first valid frame, which they
 *       must do within {@link BridgeLimits#authDeadlineMs()};</li>
 *   <li>what a frame may do is {@link BridgeSession}'s decision: client services in, client
 *       addresses out ({@link ClientAddresses}), the token of a closed cluster on every frame;</li>
 *   <li>a client that does not read what the node sends it is cut off once {@link #WRITE_QUEUE_BYTES}
 *       wait for it, rather than held in the node's heap.</li>
 * </ul>
 * Every refusal is counted in the node's counters (names in {@link BridgeFrameDecoder} and
 * {@link BridgeSession}, and {@value #REFUSED_CONNECTIONS}, {@value #AUTH_TIMEOUTS},
 * {@value #SLOW_READERS}); {@code procshare status --json} shows them.
 */
public final class ClientBridge {

    private static final Logger LOG = LoggerFactory.getLogger(ClientBridge.class);

    /** Counter: connections closed at once because the node holds its maximum (or of unauthenticated ones). */
    public static final String REFUSED_CONNECTIONS = "bridge.refusedConnections";
    /** Counter: connections closed because they sent no valid first frame in time. */
    public static final String AUTH_TIMEOUTS = "bridge.authTimeouts";
    /** Counter: connections closed because they did not read what the node sent them. */
    public static final String SLOW_READERS = "bridge.slowReaders";
    /** Counter: messages for a client whose body is not JSON (dropped). */
    public static final String UNENCODABLE = "bridge.unencodableMessages";
    /** Gauge-like counter: connections open now ({@code bridge.connections}). */
    public static final String CONNECTIONS = "bridge.connections";

    /**
     * Header the bridge puts on every message it forwards from a client (value: the node's name), so
     * that a service can tell a client's request from a member's ({@code procshare.status} scopes the
     * former, issue 15). A client cannot set or remove it: the headers of its frames never reach the
     * event bus.
     */
    public static final String CLIENT_HEADER = "procshare.fromBridge";

    /** Bytes that may wait to be written to one client before it is cut off. */
    static final int WRITE_QUEUE_BYTES = 8 << 20;

    private final Vertx vertx;
    private final EventBus eventBus;
    private final ClusterSecret secret;
    private final BridgeLimits limits;
    private final NodeCounters counters;
    private final String nodeName;
    private final NetServer server;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger unauthenticated = new AtomicInteger();

    /** @param secret null for an open cluster */
    public ClientBridge(Vertx vertx, NetServerOptions options, ClusterSecret secret, BridgeLimits limits,
                        NodeCounters counters, String nodeName) {
        this.vertx = vertx;
        this.eventBus = vertx.eventBus();
        this.secret = secret;
        this.limits = limits;
        this.counters = counters;
        this.nodeName = nodeName;
        this.server = vertx.createNetServer(options);
        server.connectHandler(this::accept);
    }

    public Future<NetServer> listen(int port, String host) {
        return server.listen(port, host);
    }

    public Future<Void> close() {
        return server.close();
    }

    /** Connections open now. */
    public int connections() {
        return open.get();
    }

    private void accept(NetSocket socket) {
        if (open.get() >= limits.maxConnections() || unauthenticated.get() >= limits.maxUnauthenticated()) {
            counters.increment(REFUSED_CONNECTIONS);
            socket.close();
            return;
        }
        open.incrementAndGet();
        unauthenticated.incrementAndGet();
        new Connection(socket).start();
    }

    /** One client connection; confined to its socket's event loop. */
    private final class Connection implements BridgeFrameDecoder.Sink {
        private final NetSocket socket;
        private final BridgeFrameDecoder decoder = new BridgeFrameDecoder(limits.firstFrameMax());
        private final BridgeSession session = new BridgeSession(secret);
        private final Map<String, MessageConsumer<Object>> consumers = new HashMap<>();
        private long authTimer;
        private boolean closed;
        private boolean counted = true; // still in 'unauthenticated'

        Connection(NetSocket socket) {
            this.socket = socket;
        }

        void start() {
            socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
            authTimer = vertx.setTimer(limits.authDeadlineMs(), t -> {
                if (!session.authenticated() && !closed) {
                    counters.increment(AUTH_TIMEOUTS);
                    LOG.debug("node {}: bridge client {} sent no valid first frame within {} ms: closed", nodeName,
                            socket.remoteAddress(), limits.authDeadlineMs());
                    close();
                }
            });
            socket.handler(buffer -> {
                if (!closed) {
                    decoder.feed(buffer.getBytes(), this);
                }
            });
            socket.exceptionHandler(e -> {
                LOG.debug("node {}: bridge client {}: {}", nodeName, socket.remoteAddress(), e.toString());
                close();
            });
            socket.closeHandler(v -> {
                if (!closed && decoder.midFrame()) { // the client cut its own frame (not one the node closed)
                    counters.increment(BridgeFrameDecoder.TRUNCATED);
                }
                release();
            });
        }

        @Override
        public void bad(String counter, String reason, boolean fatal) {
            counters.increment(counter);
            LOG.debug("node {}: bridge client {}: {}", nodeName, socket.remoteAddress(), reason);
            err(reason);
            if (fatal || !session.authenticated()) {
                close(); // a connection must begin with one valid frame
            }
        }

        @Override
        public boolean frame(JsonObject json, int length) {
            BridgeSession.Decision d = session.decide(json);
            if (session.authenticated() && counted) {
                counted = false;
                unauthenticated.decrementAndGet();
                vertx.cancelTimer(authTimer);
                decoder.limit(limits.maxFrameBytes());
            }
            switch (d) {
                case BridgeSession.Refuse r -> {
                    counters.increment(r.counter());
                    err(r.message());
                    if (r.close()) {
                        LOG.warn("node {}: bridge client {} refused and disconnected: {}", nodeName, socket.remoteAddress(), r.message());
                        close();
                        return false;
                    }
                }
                case BridgeSession.Pong p -> write(new JsonObject().put("type", "pong"));
                case BridgeSession.Register r -> register(r.address());
                case BridgeSession.Unregister u -> {
                    MessageConsumer<Object> c = consumers.remove(u.address());
                    if (c != null) {
                        c.unregister();
                    }
                }
                case BridgeSession.Send s -> send(s);
            }
            return !closed;
        }

        private void register(String address) {
            if (consumers.containsKey(address)) {
                return;
            }
            consumers.put(address, eventBus.consumer(address, m -> {
                Object body;
                try {
                    body = m.body();
                } catch (RuntimeException e) { // a peer's frame that does not decode: not the client's problem
                    counters.increment(UNENCODABLE);
                    return;
                }
                write(new JsonObject().put("type", "message").put("address", m.address())
                        .put("headers", headers(m)).put("body", body).put("send", m.isSend()));
            }));
        }

        private void send(BridgeSession.Send s) {
            DeliveryOptions options = new DeliveryOptions().setSendTimeout(s.timeoutMs()).addHeader(CLIENT_HEADER, nodeName);
            if (s.replyAddress() == null) {
                eventBus.send(s.address(), s.body(), options);
                return;
            }
            eventBus.request(s.address(), s.body(), options).onComplete(ar -> {
                session.replied();
                if (closed) {
                    return;
                }
                if (ar.succeeded()) {
                    Message<Object> reply = ar.result();
                    write(new JsonObject().put("type", "message").put("address", s.replyAddress())
                            .put("headers", headers(reply)).put("body", reply.body()).put("send", true));
                } else {
                    JsonObject err = new JsonObject().put("type", "err").put("address", s.replyAddress())
                            .put("sourceAddress", s.address());
                    if (ar.cause() instanceof ReplyException re) {
                        err.put("failureCode", re.failureCode()).put("failureType", re.failureType().name())
                                .put("message", re.getMessage());
                    } else {
                        err.put("failureCode", -1).put("failureType", "RECIPIENT_FAILURE").put("message", String.valueOf(ar.cause()));
                    }
                    write(err);
                }
            });
        }

        private static JsonObject headers(Message<?> m) {
            JsonObject h = new JsonObject();
            m.headers().forEach(e -> h.put(e.getKey(), e.getValue()));
            return h;
        }

        private void err(String message) {
            write(new JsonObject().put("type", "err").put("message", message));
        }

        private void write(JsonObject frame) {
            if (closed) {
                return;
            }
            byte[] bytes;
            try {
                bytes = frame.encode().getBytes(StandardCharsets.UTF_8);
            } catch (EncodeException e) {
                counters.increment(UNENCODABLE);
                LOG.warn("node {}: a message for bridge client {} at {} is not JSON ({}): dropped", nodeName,
                        socket.remoteAddress(), frame.getString("address"), e.getMessage());
                return;
            }
            if (socket.writeQueueFull()) {
                counters.increment(SLOW_READERS);
                LOG.warn("node {}: bridge client {} does not read what it is sent ({} bytes wait): closed", nodeName,
                        socket.remoteAddress(), WRITE_QUEUE_BYTES);
                close();
                return;
            }
            socket.write(Buffer.buffer(4 + bytes.length).appendInt(bytes.length).appendBytes(bytes));
        }

        private void close() {
            if (closed) {
                return;
            }
            release();
            socket.close();
        }

        /** Once per connection: its registrations, its place in the counts. */
        private void release() {
            if (closed) {
                return;
            }
            closed = true;
            vertx.cancelTimer(authTimer);
            consumers.values().forEach(MessageConsumer::unregister);
            consumers.clear();
            open.decrementAndGet();
            if (counted) {
                counted = false;
                unauthenticated.decrementAndGet();
            }
        }
    }
}
