package io.procshare.verticles.exec;

import io.procshare.codecs.SyscallRequest;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.NodeCounters;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The home's endpoint for execution requests (DESIGN §6, condition C): a {@link SyscallRequest} at
 * {@code procshare.<node>.syscall} goes to {@link ExecutorDispatchVerticle#dispatch}; the executor
 * answers with a {@code SyscallReply} (or a {@link ForwardProtocol} failure code). A malformed
 * frame is rejected by the {@link FrameGuard} and the verticle keeps serving.
 */
public final class SyscallForwardVerticle extends VerticleBase {

    private final String nodeId;
    private final ExecutorDispatchVerticle dispatch;
    private final FrameGuard guard;
    private MessageConsumer<Object> consumer;

    public SyscallForwardVerticle(String nodeId, NodeCounters counters, ExecutorDispatchVerticle dispatch) {
        this.nodeId = nodeId;
        this.dispatch = dispatch;
        this.guard = new FrameGuard(counters);
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(Addresses.of(nodeId, ForwardProtocol.SYSCALL), this::onRequest);
        return consumer.completion();
    }

    private void onRequest(Message<Object> message) {
        SyscallRequest r = guard.body(message, SyscallRequest.class);
        if (r != null) {
            dispatch.dispatch(r, new MessageTarget(message, context));
        }
    }
}
