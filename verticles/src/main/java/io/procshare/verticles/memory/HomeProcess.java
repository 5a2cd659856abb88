package io.procshare.verticles.memory;

import io.procshare.codecs.MapEntry;
import io.procshare.codecs.MapRequest;
import io.procshare.codecs.MapSnapshot;
import io.procshare.codecs.Shootdown;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.PeerGuard;
import io.procshare.verticles.memory.coherence.CoherenceConfig;
import io.procshare.verticles.memory.coherence.CoherenceMessage;
import io.procshare.verticles.memory.coherence.Envelope;
import io.procshare.verticles.memory.coherence.PageManager;
import io.procshare.verticles.memory.space.AddressMap;
import io.procshare.verticles.memory.space.AddressSpace;
import io.procshare.verticles.memory.space.MapChange;
import io.procshare.verticles.memory.space.Mapping;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home side of one process: its {@link AddressSpace} and its {@link PageManager} (which checks
 * every request against it), the nodes that opened the process (participants, each with its own
 * request id range), and the queue of map changes. Map changes run one at a time: the next starts
 * only after the previous one's shootdown was acked by every participant, so a page freed by munmap
 * cannot be mapped again (and touched) before every old copy of it is gone. Confined to the
 * {@link InvalidationVerticle}'s context.
 */
final class HomeProcess {

    private static final Logger LOG = LoggerFactory.getLogger(HomeProcess.class);
    private static final long ID_RANGE = 1L << 40;

    final long pid;
    private final String self;
    private final Vertx vertx;
    private final MemoryConfig config;
    private final PeerGuard peers;
    private final AddressSpace space;
    private final PageManager manager;
    private final Map<String, Long> participants = new LinkedHashMap<>();
    private final Set<String> lost = new HashSet<>();
    private final ArrayDeque<MapOp> mapOps = new ArrayDeque<>();
    /** The map change whose shootdown runs now, or null. */
    private MapOp running;
    private boolean closed;
    private long nextIdBase = ID_RANGE;

    HomeProcess(long pid, String self, Vertx vertx, MemoryConfig config, PeerGuard peers) {
        this.peers = peers;
        this.pid = pid;
        this.self = self;
        this.vertx = vertx;
        this.config = config;
        this.space = new AddressSpace(config.layout());
        this.manager = new PageManager(new CoherenceConfig(pid, self, config.retransmitMs(), config.maxAttempts()), space);
    }

    void onMessage(CoherenceMessage m) {
        String from = switch (m) {
            case CoherenceMessage.Request r -> r.requester();
            case CoherenceMessage.Confirm c -> c.node();
            case CoherenceMessage.InvalidateAck a -> a.node();
            default -> self;
        };
        if (!from.equals(self)) {
            peers.answered(from, System.nanoTime()); // it speaks: evidence for its breaker
        }
        send(manager.onMessage(m, now()));
    }

    /** A node opens the process or refreshes its map: it becomes a participant. */
    void onMapRequest(MapRequest request, Message<?> message) {
        if (lost.contains(request.node())) {
            message.fail(410, "node " + request.node() + " was lost; pid " + pid + " no longer serves it");
            return;
        }
        long base = participants.computeIfAbsent(request.node(), n -> {
            long b = nextIdBase;
            nextIdBase += ID_RANGE;
            return b;
        });
        message.reply(snapshot(space.map(), base, Shootdown.NONE, 0, 0));
    }

    void onTick() {
        CoherenceWire.resend(vertx.eventBus(), peers, self, manager.onTick(now()));
    }

    void onNodeLost(String node) {
        lost.add(node);
        participants.remove(node);
        send(manager.onNodeLost(node, now()));
    }

    /**
     * Runs a map change after those before it; the future completes when every participant acked its
     * shootdown (DESIGN §5), or fails with the AddressSpaceException of a refused change.
     */
    Future<MapChange> mapOp(Function<AddressSpace, MapChange> op) {
        Promise<MapChange> promise = Promise.promise();
        if (closed) {
            promise.fail(new IllegalStateException("pid " + pid + " has ended: no map change"));
            return promise.future();
        }
        mapOps.add(new MapOp(op, promise));
        if (running == null) {
            nextMapOp();
        }
        return promise.future();
    }

    /** A map change waiting for its turn, and who waits for its outcome. */
    private record MapOp(Function<AddressSpace, MapChange> op, Promise<MapChange> promise) {
    }

    /**
     * The process ended: the map change running and those queued fail (the only outcome left to
     * them; their callers wait for nothing else, issue 13, finding 4) and shootdown pushes stop.
     */
    void close() {
        closed = true;
        IllegalStateException ended = new IllegalStateException("pid " + pid + " ended during its map change");
        if (running != null) {
            running.promise().tryFail(ended);
            running = null;
        }
        for (MapOp op; (op = mapOps.poll()) != null; ) {
            op.promise().tryFail(ended);
        }
    }

    private void nextMapOp() {
        running = mapOps.poll();
        if (running != null) {
            runMapOp(running.op(), running.promise());
        }
    }

    private void runMapOp(Function<AddressSpace, MapChange> op, Promise<MapChange> promise) {
        MapChange change;
        try {
            change = op.apply(space);
        } catch (RuntimeException e) {
            promise.tryFail(e);
            nextMapOp();
            return;
        }
        if (!change.needsShootdown()) {
            promise.tryComplete(change);
            nextMapOp();
            return;
        }
        long first = change.start() >>> AddressSpace.PAGE_SHIFT;
        long end = (change.end() + AddressSpace.PAGE_MASK) >>> AddressSpace.PAGE_SHIFT;
        if (change.shootdown() == MapChange.Shootdown.UNMAP) {
            send(manager.discard(first, end)); // the manager forgets first: late grants for these pages are refused
        }
        MapSnapshot push = snapshot(change.map(), 0, change.shootdown().code(), change.start(), change.end());
        List<String> targets = new ArrayList<>(participants.keySet());
        int[] remaining = {targets.size() + 1};
        Runnable acked = () -> {
            if (--remaining[0] == 0 && !closed) {
                LOG.debug("pid {}: map v{} shootdown of [0x{}, 0x{}) acked by {} nodes", pid, change.map().version(),
                        Long.toHexString(change.start()), Long.toHexString(change.end()), targets.size());
                promise.tryComplete(change);
                nextMapOp();
            }
        };
        targets.forEach(node -> push(node, push, acked));
        acked.run();
    }

    /** Pushes until the node acks or is lost: a shootdown may not return while a copy may remain. */
    private void push(String node, MapSnapshot push, Runnable acked) {
        vertx.eventBus().request(Addresses.of(node, MemoryAddresses.PAGES), push,
                new DeliveryOptions().setSendTimeout(config.retransmitMs() * 5)).onComplete(ar -> {
                    if (closed) {
                        return; // the process ended: its map change failed, nobody waits for this ack
                    }
                    if (ar.succeeded() || lost.contains(node)) {
                        acked.run();
                    } else {
                        LOG.warn("pid {}: shootdown push v{} to {} failed ({}), retrying", pid, push.version(), node,
                                ar.cause().toString());
                        vertx.setTimer(config.retransmitMs(), t -> push(node, push, acked));
                    }
                });
    }

    AddressMap map() {
        return space.map();
    }

    private MapSnapshot snapshot(AddressMap map, long idBase, byte shootdown, long start, long end) {
        List<MapEntry> entries = new ArrayList<>(map.mappings().size());
        for (Mapping m : map.mappings()) {
            entries.add(new MapEntry(m.start(), m.end(), (byte) m.prot()));
        }
        return new MapSnapshot(pid, map.version(), idBase, shootdown, start, end, entries);
    }

    private void send(List<Envelope> envelopes) {
        CoherenceWire.send(vertx.eventBus(), envelopes);
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }
}
