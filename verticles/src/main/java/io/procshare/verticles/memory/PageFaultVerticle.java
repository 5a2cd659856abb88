package io.procshare.verticles.memory;

import io.procshare.codecs.MapRequest;
import io.procshare.codecs.MapSnapshot;
import io.procshare.codecs.ProcshareMessage;
import io.procshare.codecs.Shootdown;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.PeerGuard;
import io.procshare.verticles.memory.coherence.CoherenceMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node side of the memory control unit on one node (DESIGN §5): for every process opened here,
 * the page table ({@code PageNode}), the guest fast path's slots, the node's copy of the map, and the
 * guest threads blocked on faults. A thin adapter: guest faults are posted to this verticle's
 * context; PageForward, Invalidate and PageData at {@code procshare.<nodeId>.memory.pages} go to the
 * {@code PageNode} of their pid (revocations wait until no guest access to the page is in flight),
 * and so do the home's shootdown pushes (MapSnapshot, answered when done); a periodic tick drives
 * retransmission; node loss comes from {@link NodeMembership}. Nothing here blocks the event loop.
 */
public final class PageFaultVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(PageFaultVerticle.class);

    private final String nodeId;
    private final NodeCounters counters;
    private final MemoryConfig config;
    private final NodeMembership membership;
    private final PeerGuard peers;
    private final FrameBudget frames;
    private final FrameGuard guard;
    private final Map<Long, ProcessPages> processes = new HashMap<>();
    private final EndedPids ended = new EndedPids();
    private MessageConsumer<Object> consumer;
    private AutoCloseable membershipRegistration;
    private long timer;

    public PageFaultVerticle(String nodeId, NodeCounters counters, MemoryConfig config, NodeMembership membership,
                             PeerGuard peers, FrameBudget frames) {
        this.peers = peers;
        this.frames = frames;
        this.nodeId = nodeId;
        this.counters = counters;
        this.config = config;
        this.membership = membership;
        this.guard = new FrameGuard(counters);
        MemoryCounters.register(counters);
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(Addresses.of(nodeId, MemoryAddresses.PAGES), this::onMessage);
        timer = vertx.setPeriodic(config.tickMs(), t -> processes.values().forEach(ProcessPages::onTick));
        membershipRegistration = membership.onNodeLost(node -> context.runOnContext(v -> {
            processes.values().forEach(p -> p.onNodeLost(node));
            peers.forget(node); // a node that comes back starts with a closed breaker
        }));
        return consumer.completion();
    }

    @Override
    public Future<?> stop() throws Exception {
        vertx.cancelTimer(timer);
        membershipRegistration.close();
        return consumer.unregister();
    }

    /**
     * Opens {@code pid} on this node: fetches the map from its home (which makes this node a
     * participant of its shootdowns). Any thread; completes on this verticle's context.
     */
    Future<ProcessPages> open(long pid, String home) {
        Promise<ProcessPages> promise = Promise.promise();
        context.runOnContext(v -> {
            ProcessPages existing = processes.get(pid);
            if (existing != null) {
                promise.complete(existing);
                return;
            }
            if (ended.contains(pid)) {
                promise.fail(new ProcessEndedException(pid, nodeId));
                return;
            }
            ProcessPages pages = new ProcessPages(pid, home, nodeId, context, vertx.eventBus(), config, counters, peers, frames);
            vertx.eventBus().<Object>request(Addresses.of(home, MemoryAddresses.MANAGER), new MapRequest(pid, 0, nodeId),
                    new DeliveryOptions().setSendTimeout(config.faultTimeoutMs())).onComplete(ar -> {
                        if (ar.failed()) {
                            promise.fail(new IllegalStateException("cannot open pid " + pid + " on " + nodeId
                                    + ": its home " + home + " did not answer: " + ar.cause().getMessage(), ar.cause()));
                            return;
                        }
                        if (ended.contains(pid)) {
                            promise.fail(new ProcessEndedException(pid, nodeId)); // it ended while its map came
                            return;
                        }
                        ProcessPages raced = processes.get(pid);
                        if (raced != null) {
                            promise.complete(raced);
                            return;
                        }
                        pages.init((MapSnapshot) ar.result().body());
                        processes.put(pid, pages);
                        LOG.info("pid {} opened on {} (home {}), map v{}", pid, nodeId, home, pages.map().version());
                        promise.complete(pages);
                    });
        });
        return promise.future();
    }

    /** The process ended: its pages here are released and its threads here fail at their next access. Any thread. */
    Future<Void> end(long pid) {
        Promise<Void> promise = Promise.promise();
        context.runOnContext(v -> {
            ProcessPages p = processes.remove(pid);
            ended.add(pid); // also when not open yet: an open in flight must not bring it back
            if (p != null) {
                p.end();
                LOG.info("pid {} ended: its pages on {} are released", pid, nodeId);
            }
            promise.complete();
        });
        return promise.future();
    }

    /**
     * What this node holds of {@code pid} (see {@link PageView}); null when the process is not open
     * here. Any thread; completes on this verticle's context.
     */
    Future<PageView> view(long pid, long from, long count, int top) {
        Promise<PageView> promise = Promise.promise();
        context.runOnContext(v -> {
            ProcessPages p = processes.get(pid);
            promise.complete(p == null ? null : p.view(from, count, top));
        });
        return promise.future();
    }

    /** Faults and pages of every process open on this node, by pid. Any thread; completes on this verticle's context. */
    Future<List<ProcessMemoryStats>> processStats() {
        Promise<List<ProcessMemoryStats>> promise = Promise.promise();
        context.runOnContext(v -> {
            List<ProcessMemoryStats> out = new ArrayList<>(processes.size());
            processes.values().forEach(p -> out.add(p.stats()));
            out.sort(Comparator.comparingLong(ProcessMemoryStats::pid));
            promise.complete(out);
        });
        return promise.future();
    }

    private void onMessage(Message<Object> message) {
        ProcshareMessage body = guard.body(message, ProcshareMessage.class);
        if (body == null) {
            return;
        }
        if (body instanceof MapSnapshot push) {
            ProcessPages p = processes.get(push.pid());
            if (push.shootdown() == Shootdown.NONE || p == null) {
                message.reply(null); // nothing of that process lives here: nothing to shoot down
                return;
            }
            p.onShootdown(push, message);
            return;
        }
        CoherenceMessage m = CoherenceWire.fromWireIf(body, CoherenceMessage.Forward.class,
                CoherenceMessage.Invalidate.class, CoherenceMessage.Data.class);
        if (m == null) {
            guard.reject(message, body.getClass().getSimpleName() + " is not a node-side message");
            return;
        }
        ProcessPages p = processes.get(m.pid());
        if (p == null && ended.contains(m.pid())) {
            LOG.debug("pid {}: {} after the process ended, dropped", m.pid(), m.getClass().getSimpleName());
            return;
        }
        if (p == null) {
            LOG.warn("pid {}: {} for a process not open on {}, dropped", m.pid(), m.getClass().getSimpleName(), nodeId);
            return;
        }
        p.onMessage(m);
    }
}
