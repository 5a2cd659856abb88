package io.procshare.verticles.memory;

import io.procshare.codecs.MapRequest;
import io.procshare.codecs.ProcshareMessage;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.PeerGuard;
import io.procshare.verticles.memory.coherence.CoherenceMessage;
import io.procshare.verticles.memory.space.AddressSpace;
import io.procshare.verticles.memory.space.MapChange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home side of the memory control unit on one node (DESIGN §5): for every process whose home is
 * this node, the page manager that serialises requests per page and invalidates every other copy
 * before it grants a write, and the address space whose changes shoot pages down on every node.
 * A thin adapter: messages at {@code procshare.<nodeId>.memory.manager} (PageRequest, PageConfirm,
 * InvalidateAck, MapRequest) go to the sans-IO {@code PageManager} of their pid; what it returns goes
 * back out on the event bus; a periodic tick drives retransmission; node loss comes from
 * {@link NodeMembership}.
 */
public final class InvalidationVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationVerticle.class);

    private final String nodeId;
    private final NodeCounters counters;
    private final MemoryConfig config;
    private final NodeMembership membership;
    private final PeerGuard peers;
    private final FrameGuard guard;
    private final Map<Long, HomeProcess> processes = new HashMap<>();
    private final EndedPids ended = new EndedPids();
    private MessageConsumer<Object> consumer;
    private AutoCloseable membershipRegistration;
    private long timer;

    public InvalidationVerticle(String nodeId, NodeCounters counters, MemoryConfig config, NodeMembership membership,
                                PeerGuard peers) {
        this.peers = peers;
        this.nodeId = nodeId;
        this.counters = counters;
        this.config = config;
        this.membership = membership;
        this.guard = new FrameGuard(counters);
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(Addresses.of(nodeId, MemoryAddresses.MANAGER), this::onMessage);
        timer = vertx.setPeriodic(config.tickMs(), t -> processes.values().forEach(HomeProcess::onTick));
        membershipRegistration = membership.onNodeLost(node -> context.runOnContext(v -> {
            LOG.info("node {} lost: {} processes homed here drop it", node, processes.size());
            processes.values().forEach(p -> p.onNodeLost(node));
        }));
        return consumer.completion();
    }

    @Override
    public Future<?> stop() throws Exception {
        vertx.cancelTimer(timer);
        membershipRegistration.close();
        return consumer.unregister();
    }

    /** Makes this node the home of {@code pid}. Any thread; completes on this verticle's context. */
    Future<Void> create(long pid) {
        Promise<Void> promise = Promise.promise();
        context.runOnContext(v -> {
            if (processes.containsKey(pid)) {
                promise.fail(new IllegalStateException("pid " + pid + " already has its home on " + nodeId));
                return;
            }
            processes.put(pid, new HomeProcess(pid, nodeId, vertx, config, peers));
            promise.complete();
        });
        return promise.future();
    }

    /** The process ended: its directory and map here are dropped. Any thread. */
    Future<Void> end(long pid) {
        Promise<Void> promise = Promise.promise();
        context.runOnContext(v -> {
            HomeProcess p = processes.remove(pid);
            if (p != null) {
                p.close();
                ended.add(pid);
            }
            promise.complete();
        });
        return promise.future();
    }

    /** Runs a map change of a process homed here (see {@link HomeProcess#mapOp}). Any thread. */
    Future<MapChange> mapOp(long pid, Function<AddressSpace, MapChange> op) {
        Promise<MapChange> promise = Promise.promise();
        context.runOnContext(v -> {
            HomeProcess p = processes.get(pid);
            if (p == null) {
                promise.fail(new IllegalStateException("pid " + pid + " has no home on " + nodeId));
                return;
            }
            p.mapOp(op).onComplete(promise);
        });
        return promise.future();
    }

    private void onMessage(Message<Object> message) {
        ProcshareMessage body = guard.body(message, ProcshareMessage.class);
        if (body == null) {
            return;
        }
        if (body instanceof MapRequest request) {
            HomeProcess p = processes.get(request.pid());
            if (p == null) {
                message.fail(404, "pid " + request.pid() + " has no home on node " + nodeId);
                return;
            }
            p.onMapRequest(request, message);
            return;
        }
        CoherenceMessage m = CoherenceWire.fromWireIf(body, CoherenceMessage.Request.class,
                CoherenceMessage.Confirm.class, CoherenceMessage.InvalidateAck.class);
        if (m == null) {
            guard.reject(message, body.getClass().getSimpleName() + " is not a manager-side message");
            return;
        }
        HomeProcess p = processes.get(m.pid());
        if (p == null && ended.contains(m.pid())) {
            LOG.debug("pid {}: {} after the process ended, dropped", m.pid(), m.getClass().getSimpleName());
            return;
        }
        if (p == null) {
            LOG.warn("pid {}: {} for a process with no home on {}, dropped", m.pid(), m.getClass().getSimpleName(), nodeId);
            return;
        }
        p.onMessage(m);
    }
}
