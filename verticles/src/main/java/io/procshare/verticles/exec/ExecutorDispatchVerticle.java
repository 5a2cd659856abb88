package io.procshare.verticles.exec;

import io.procshare.codecs.ProcshareMessage;
import io.procshare.codecs.SyscallRequest;
import io.procshare.codecs.ThreadCreated;
import io.procshare.codecs.ThreadExit;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.NodeCounters;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;

/**
 * The home's side of thread creation and request dispatch (DESIGN §6, control part): it receives
 * thread-created and thread-exit notices at {@code procshare.<node>.threads} (a
 * {@link ThreadCreated} with gtid 0 asks for a gtid, allocated by the process's thread table and
 * returned in the reply; with a creation key the request is idempotent and can be cancelled) and has the process's creator make or end the executor; and it hands
 * every forwarded request to the executor of its gtid. Never blocks: executors run the calls.
 */
public final class ExecutorDispatchVerticle extends VerticleBase {

    private final String nodeId;
    private final Map<Long, ProcessControl> processes;
    private final java.util.function.LongPredicate ended;
    private final FrameGuard guard;
    private MessageConsumer<Object> consumer;

    /**
     * @param processes the processes homed here
     * @param ended     whether a pid not in {@code processes} was homed here and has ended (its
     *                  threads elsewhere are told EXITED, not that it never existed)
     */
    public ExecutorDispatchVerticle(String nodeId, NodeCounters counters, Map<Long, ProcessControl> processes,
                                    java.util.function.LongPredicate ended) {
        this.nodeId = nodeId;
        this.processes = processes;
        this.ended = ended;
        this.guard = new FrameGuard(counters);
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(Addresses.of(nodeId, ForwardProtocol.THREADS), this::onNotice);
        return consumer.completion();
    }

    /** Hands a forwarded request to the executor of its (pid, gtid). */
    public void dispatch(SyscallRequest request, ReplyTarget target) {
        ProcessControl p = processes.get(request.pid());
        if (p == null && ended.test(request.pid())) {
            target.fail(ForwardProtocol.EXITED, "pid " + request.pid() + " has ended");
            return;
        }
        if (p == null) {
            target.fail(ForwardProtocol.NO_SUCH_THREAD, "pid " + request.pid() + " is not homed on " + nodeId);
            return;
        }
        p.dispatch(request, target);
    }

    private void onNotice(Message<Object> message) {
        ProcshareMessage m = guard.body(message, ProcshareMessage.class);
        switch (m) {
            case null -> {
            }
            case ThreadCreated c -> onThreadCreated(c, message);
            case ThreadExit x -> {
                ProcessControl p = processes.get(x.pid());
                if (p != null) {
                    p.onThreadExit(x.gtid(), x.status());
                }
                if (message.replyAddress() != null) {
                    message.reply(x);
                }
            }
            default -> message.fail(FrameGuard.FAILURE_BAD_FRAME, "unexpected " + m.getClass().getSimpleName() + " at "
                    + message.address());
        }
    }

    // a thread-created notice makes one executor for that thread (DESIGN §6, creator)
    private void onThreadCreated(ThreadCreated c, Message<Object> message) {
        ProcessControl p = processes.get(c.pid());
        if (p == null) {
            message.fail(ForwardProtocol.NO_SUCH_THREAD, "pid " + c.pid() + " is not homed on " + nodeId);
            return;
        }
        String key = message.headers().get(SyscallService.CREATE_KEY_HEADER);
        try {
            if (c.gtid() == 0 && key != null && message.headers().contains(SyscallService.CANCEL_HEADER)) {
                p.cancelThread(key); // the attaching node gave up: the thread made for the key never runs
                message.reply(c);
            } else if (c.gtid() == 0 && key != null) {
                long gtid = p.createThread(c.node(), c.parentGtid(), key); // a re-send gets the same gtid
                message.reply(new ThreadCreated(c.pid(), gtid, c.parentGtid(), c.node()));
            } else if (c.gtid() == 0) {
                long gtid = p.createThread(c.node(), c.parentGtid());
                message.reply(new ThreadCreated(c.pid(), gtid, c.parentGtid(), c.node()));
            } else {
                p.onThreadCreated(c.gtid());
                message.reply(c);
            }
        } catch (RuntimeException e) {
            message.fail(ForwardProtocol.EXITED, e.getMessage());
        }
    }
}
