package io.procshare.node;

import io.procshare.node.client.BridgeClient;
import io.procshare.verticles.NodeCounters;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge's event handler: in a closed cluster every client frame (send, publish, register,
 * unregister, ping) must carry the secret's bridge token in its {@value ClusterSecret#BRIDGE_HEADER}
 * header (DESIGN §10). A frame without it, or with a wrong one, goes no further: the client gets an
 * {@code err} frame whose message is {@link BridgeClient#REFUSED_MESSAGE}, the node counts it
 * ({@value #REFUSED_FRAMES}) and logs the client once per connection.
 *
 * <p>The header is removed from every frame, in an open cluster too, before the bridge turns the
 * frame's headers into event-bus delivery headers: the token never travels between nodes.
 */
final class BridgeGuard implements Handler<BridgeEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

    /** Counter of client frames refused for a missing or wrong secret. */
    static final String REFUSED_FRAMES = "bridge.refusedFrames";

    private final ClusterSecret secret;
    private final String nodeName;
    private final NodeCounters counters;
    /** Connections already logged as refused; one log line each however many frames they send. */
    private final Set<NetSocket> refused = ConcurrentHashMap.newKeySet();

    /** @param secret null for an open cluster: every frame passes, without its header */
    BridgeGuard(ClusterSecret secret, String nodeName, NodeCounters counters) {
        this.secret = secret;
        this.nodeName = nodeName;
        this.counters = counters;
    }

    @Override
    public void handle(BridgeEvent event) {
        // REGISTERED follows a register frame that already passed here
        if (event.type() == BridgeEventType.REGISTERED) {
            event.complete(true);
            return;
        }
        String token = takeToken(event.getRawMessage());
        if (secret == null || secret.acceptsBridgeToken(token)) {
            event.complete(true);
            return;
        }
        counters.increment(REFUSED_FRAMES);
        NetSocket socket = event.socket();
        if (refused.add(socket)) {
            socket.closeHandler(v -> refused.remove(socket));
            LOG.warn("node {}: bridge client {} refused: {} secret (logged once per connection; every refused frame "
                    + "counts in {})", nodeName, socket.remoteAddress(), token == null ? "missing" : "wrong", REFUSED_FRAMES);
        }
        // the bridge's own refusal ("blocked by bridgeEvent handler") follows; ours says why
        socket.write(frame(new JsonObject().put("type", "err").put("message", BridgeClient.REFUSED_MESSAGE)));
        event.complete(false);
    }

    /** Removes the token header from the frame and returns it (null when absent or not a string). */
    private static String takeToken(JsonObject frame) {
        if (frame == null || !(frame.getValue("headers") instanceof JsonObject headers)) {
            return null;
        }
        Object token = headers.remove(ClusterSecret.BRIDGE_HEADER);
        if (headers.isEmpty()) {
            frame.remove("headers");
        }
        return token instanceof String s ? s : null;
    }

    /** A bridge frame: 4-byte big-endian length, then the JSON. */
    private static Buffer frame(JsonObject json) {
        byte[] bytes = json.encode().getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(4 + bytes.length).appendInt(bytes.length).appendBytes(bytes);
    }
}
