package io.procshare.verticles;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The echo probe at {@code procshare.<nodeId>.echo}: replies with the message it received, decoded
 * and re-encoded by the same codec. It is how tests check that every message type crosses the
 * clustered event bus intact, and the load generator's event-bus request/reply baseline.
 */
public final class EchoVerticle extends VerticleBase {

    private final String nodeId;
    private final NodeCounters counters;
    private final FrameGuard guard;
    private MessageConsumer<Object> consumer;

    public EchoVerticle(String nodeId, NodeCounters counters) {
        this.nodeId = nodeId;
        this.counters = counters;
        this.guard = new FrameGuard(counters);
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(Addresses.of(nodeId, Addresses.ECHO), this::onMessage);
        return consumer.completion();
    }

    private void onMessage(Message<Object> message) {
        Object body = guard.body(message, Object.class);
        if (body != null) {
            counters.increment(NodeCounters.ECHOED);
            message.reply(body);
        }
    }
}
