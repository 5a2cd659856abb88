package io.procshare.verticles.memory;

import io.procshare.codecs.Access;
import io.procshare.codecs.MapEntry;
import io.procshare.codecs.MapRequest;
import io.procshare.codecs.MapSnapshot;
import io.procshare.codecs.PageState;
import io.procshare.codecs.PageStatus;
import io.procshare.codecs.Shootdown;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.PeerGuard;
import io.procshare.verticles.memory.coherence.AccessAttempt;
import io.procshare.verticles.memory.coherence.CoherenceMessage;
import io.procshare.verticles.memory.coherence.Completion;
import io.procshare.verticles.memory.coherence.Envelope;
import io.procshare.verticles.memory.coherence.PageNode;
import io.procshare.verticles.memory.space.AddressMap;
import io.procshare.verticles.memory.space.AddressSpace;
import io.procshare.verticles.memory.space.Mapping;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node side of one process on one node: the {@link PageNode}, the guest fast path's
 * {@link SlotTable}, the node's copy of the map, and the guest threads waiting on faults. Everything
 * here runs on the {@link PageFaultVerticle}'s context except {@link #drained} and
 * {@link #fault}, which guest threads call and which only post to that context.
 */
final class ProcessPages {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessPages.class);

    final long pid;
    final String home;
    final String self;
    final SlotTable slots = new SlotTable();
    final StoreMarkers markers = new StoreMarkers();
    private final Context context;
    private final EventBus eventBus;
    private final PeerGuard peers;
    private final FrameBudget frames;
    /** Pages that took a frame from the node's budget (given back when the page leaves, or the process ends). */
    private final HashSet<Long> framed = new HashSet<>();
    private final MemoryConfig config;
    private final NodeCounters counters;
    private PageNode pageNode;
    private AddressMap map = AddressMap.EMPTY;
    private final Map<Long, List<Waiter>> waiting = new HashMap<>();
    private final Map<Long, Byte> requestAccess = new HashMap<>();
    private final TreeMap<Long, Promise<Void>> shootdowns = new TreeMap<>();
    private List<Runnable> refreshing;
    /** True while the callbacks of a map refresh that got no answer run: their faults fail, they do not SEGV. */
    private boolean refreshFailed;
    private volatile boolean ended;
    /** Faults of this process here that sent a page request (MISS), as the node's {@code memory.faults}. */
    private long faults;
    /** Pages of this process here by state, kept with the node's gauges in {@link #sync}. */
    private int readOnly;
    private int readWrite;
    /** Event loop: which pages move most here (the console's hottest pages). */
    private final PageHeat heat = new PageHeat();
    private final Timer faultLatency;

    ProcessPages(long pid, String home, String self, Context context, EventBus eventBus, MemoryConfig config,
                 NodeCounters counters, PeerGuard peers, FrameBudget frames) {
        this.peers = peers;
        this.frames = frames;
        this.pid = pid;
        this.home = home;
        this.self = self;
        this.context = context;
        this.eventBus = eventBus;
        this.config = config;
        this.counters = counters;
        this.faultLatency = counters.timer(MemoryCounters.FAULT_LATENCY,
                "a guest thread's page fault, from the miss to the page resident");
    }

    /** Event loop: the first snapshot, with this node's request id range, makes the page table. */
    void init(MapSnapshot snapshot) {
        pageNode = new PageNode(new io.procshare.verticles.memory.coherence.CoherenceConfig(pid, home,
                config.retransmitMs(), config.maxAttempts()), self, snapshot.requestIdBase());
        installMap(snapshot);
    }

    // ---- guest side (any thread) ----------------------------------------------------------------

    /** Guest thread: blocks until {@code page} is resident for {@code access}; returns it pinned. */
    PageSlot fault(long page, byte access, long address) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("page fault on pid " + pid + " page 0x" + Long.toHexString(page)
                    + " from an event-loop thread: guest memory may only be used from guest (worker) threads");
        }
        if (ended) {
            throw new ProcessEndedException(pid, self);
        }
        Waiter w = new Waiter(page, access, address, Thread.currentThread().getName());
        long t0 = System.nanoTime();
        context.runOnContext(v -> onFault(w));
        PageSlot granted = w.await(config.faultTimeoutMs(), pid, self);
        faultLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        return granted;
    }

    /**
     * Guest thread, before a bulk copy: asks for pages {@code [first, first + count)} with
     * {@code access} at once, without waiting, so that their faults overlap instead of following one
     * another. Pages already here, or that no mapping allows, are skipped; the copy then faults as
     * usual on any page that is not here yet (and waits for the request already in flight).
     */
    void prefetch(long first, int count, byte access) {
        if (ended || count <= 0) {
            return;
        }
        context.runOnContext(v -> {
            for (long p = first; p < first + count; p++) {
                PageSlot s = slots.get(p);
                if (s != null && (PageSlot.allows(s.word, access) || s.closers > 0)) {
                    continue;
                }
                onFault(new Waiter(p, access, p << AddressSpace.PAGE_SHIFT, true));
            }
        });
    }

    /** Any thread: the last pin of a closed slot is gone. */
    void drained(PageSlot s) {
        context.runOnContext(v -> onDrained(s));
    }

    // ---- faults (event loop) --------------------------------------------------------------------

    private void onFault(Waiter w) {
        if (!w.isWaiting()) {
            return; // its thread gave up
        }
        if (ended) {
            w.fail(Waiter.ENDED, "the process ended");
            return;
        }
        if (!map.allows(w.page, w.access) && w.prefetch) {
            return; // a prefetch never refreshes the map nor counts a SEGV: the copy itself will
        }
        if (!map.allows(w.page, w.access)) {
            // a node with an older map refreshes it before it trusts a refusal (DESIGN §5)
            if (w.mapRefreshes++ == 0) {
                refreshMap(() -> onFault(w));
                return;
            }
            if (refreshFailed) {
                w.fail(PageStatus.FAILED, "the home " + home + " did not answer a map refresh within "
                        + config.faultTimeoutMs() + " ms");
                return;
            }
            counters.increment(MemoryCounters.SEGV);
            w.fail(PageStatus.SEGV, "no mapping allows it");
            return;
        }
        PageSlot s = slots.getOrCreate(w.page, this);
        if (s.closers > 0) {
            waitOn(w); // retried when the gate opens
            return;
        }
        if (PageSlot.allows(s.word, w.access)) {
            w.grant(s);
            return;
        }
        if (pageNode.frame(w.page) == null && !framed.contains(w.page)) {
            if (!frames.take()) {
                w.fail(PageStatus.FAILED, frames.refusal(self)); // the node keeps its heap; the process ends
                return;
            }
            framed.add(w.page);
        }
        AccessAttempt a = pageNode.begin(w.page, w.access, now());
        switch (a.outcome()) {
            case HIT -> {
                send(pageNode.end(w.page));
                sync(s);
                if (PageSlot.allows(s.word, w.access)) {
                    w.grant(s);
                } else {
                    w.fail(PageStatus.FAILED, "page table and slot disagree (state " + pageNode.state(w.page) + ")");
                }
            }
            case MISS -> {
                counters.increment(MemoryCounters.FAULTS);
                faults++;
                heat.fault(w.page, w.thread);
                requestAccess.put(a.requestId(), w.access);
                waitOn(w);
                send(a.sends());
                drainCompletions();
            }
            case WAIT -> waitOn(w);
        }
    }

    private void waitOn(Waiter w) {
        waiting.computeIfAbsent(w.page, k -> new ArrayList<>()).add(w);
    }

    private void retryWaiters(long page) {
        List<Waiter> list = waiting.remove(page);
        if (list != null) {
            list.forEach(this::onFault);
        }
    }

    private void drainCompletions() {
        for (Completion c : pageNode.drainCompletions()) {
            Byte requested = requestAccess.remove(c.requestId());
            PageSlot s = slots.getOrCreate(c.page(), this);
            sync(s);
            if (c.status() == PageStatus.OK || c.status() == PageStatus.SEGV) {
                peers.answered(home, System.nanoTime()); // the manager answered: evidence for its breaker
            }
            switch (c.status()) {
                case PageStatus.OK -> retryWaiters(c.page());
                case PageStatus.SEGV -> {
                    // the manager refused: refresh our map, then each waiter decides against it
                    List<Waiter> list = waiting.remove(c.page());
                    if (list != null) {
                        for (Waiter w : list) {
                            if (w.prefetch) {
                                continue; // dropped: the copy that asked for it faults on its own
                            }
                            if (requested == null || w.access >= requested) {
                                w.mapRefreshes = 0;
                                if (++w.refusals > 2) {
                                    counters.increment(MemoryCounters.SEGV);
                                    w.fail(PageStatus.SEGV, "refused by the home");
                                    continue;
                                }
                            }
                            waitOn(w);
                        }
                        refreshMap(() -> retryWaiters(c.page()));
                    }
                }
                default -> {
                    List<Waiter> list = waiting.remove(c.page());
                    if (list != null) {
                        String why = "the home " + home + " is lost, did not answer after " + config.maxAttempts()
                                + " requests, or the page's only copy was on a lost node";
                        list.forEach(w -> w.fail(PageStatus.FAILED, why));
                    }
                }
            }
        }
    }

    // ---- messages from the manager and other nodes (event loop) ---------------------------------

    void onMessage(CoherenceMessage m) {
        if (pageNode == null) {
            return;
        }
        if (m instanceof CoherenceMessage.Data) {
            var confirm = pageNode.onMessage(m);
            // wake the faulting thread before sending the confirm: the page is ours once installed,
            // the confirm only ends the manager's serialisation of it (a hop trace put ~45 us of
            // every fault on this send; page-fault reports carry the hop trace)
            drainCompletions();
            PageSlot s = slots.get(m.page());
            if (s != null) {
                sync(s);
            }
            send(confirm);
            return;
        }
        counters.increment(m instanceof CoherenceMessage.Invalidate ? MemoryCounters.INVALIDATIONS : MemoryCounters.FORWARDS);
        heat.revoked(m.page());
        PageSlot s = slots.get(m.page());
        if (s == null) {
            send(pageNode.onMessage(m)); // never touched here: no guest access can be in flight
            return;
        }
        if (s.revoking) {
            send(pageNode.onMessage(m)); // deferred by the PageNode behind our hold
            return;
        }
        // ack only after no access to that page is in flight (DESIGN §5): hold the page in the
        // PageNode so it defers the revocation, close the gate, answer when the pins drain
        s.revoking = true;
        pageNode.hold(s.page);
        send(pageNode.onMessage(m));
        closeGate(s, () -> {
            s.revoking = false;
            send(pageNode.end(s.page));
            drainCompletions();
            openGate(s);
            release(s);
        });
    }

    /**
     * Event loop: the process ended. Waiting threads fail, and every page's gate closes for good, so
     * that a thread computing on resident pages faults at its next access and learns it too
     * ({@link ProcessEndedException}). The caller drops this object afterwards.
     */
    void end() {
        ended = true;
        frames.giveBack(framed.size());
        framed.clear();
        waiting.values().forEach(list -> list.forEach(w -> w.fail(Waiter.ENDED, "the process ended")));
        waiting.clear();
        slots.forEach(s -> {
            closeGate(s, () -> { });
            MemoryCounters.countState(counters, s.countedState, -1); // the node's gauges forget its pages
            s.countedState = PageState.NONE;
        });
    }

    void onTick() {
        if (pageNode != null) {
            CoherenceWire.resend(eventBus, peers, self, pageNode.onTick(now()));
            drainCompletions();
        }
    }

    void onNodeLost(String node) {
        if (pageNode != null) {
            send(pageNode.onNodeLost(node));
            drainCompletions();
        }
    }

    /** A shootdown push from the home (DESIGN §5): reply only when no node access beyond the new map is left. */
    void onShootdown(MapSnapshot push, Message<?> reply) {
        Promise<Void> known = shootdowns.get(push.version());
        if (known != null) {
            known.future().onSuccess(v -> reply.reply(null)); // a retransmitted push
            return;
        }
        Promise<Void> done = Promise.promise();
        shootdowns.put(push.version(), done);
        while (shootdowns.size() > 64) {
            shootdowns.pollFirstEntry();
        }
        done.future().onSuccess(v -> reply.reply(null));
        counters.increment(MemoryCounters.SHOOTDOWNS);
        installMap(push);
        long first = push.start() >>> AddressSpace.PAGE_SHIFT;
        long end = (push.end() + AddressSpace.PAGE_MASK) >>> AddressSpace.PAGE_SHIFT;
        List<PageSlot> hit = new ArrayList<>();
        slots.forEach(s -> {
            if (s.page >= first && s.page < end) {
                hit.add(s);
            }
        });
        int[] remaining = {hit.size() + 1};
        Runnable oneDrained = () -> {
            if (--remaining[0] == 0) {
                // after the current drain loop: a revocation queued behind us on the same slot releases its hold first
                context.runOnContext(v -> finishShootdown(push, first, end, hit, done));
            }
        };
        hit.forEach(s -> closeGate(s, oneDrained));
        oneDrained.run();
    }

    private void finishShootdown(MapSnapshot push, long first, long end, List<PageSlot> hit, Promise<Void> done) {
        if (hit.stream().anyMatch(s -> s.revoking)) {
            context.runOnContext(v -> finishShootdown(push, first, end, hit, done));
            return;
        }
        if (push.shootdown() == Shootdown.UNMAP) {
            pageNode.discard(first, end);
        }
        hit.forEach(this::openGate);
        hit.forEach(this::release);
        LOG.debug("pid {} on {}: shootdown v{} of [0x{}, 0x{}) done, {} resident pages", pid, self, push.version(),
                Long.toHexString(push.start()), Long.toHexString(push.end()), hit.size());
        done.complete();
    }

    /**
     * A page that left this node (invalidated, discarded by munmap) gives its frame back to the
     * node's budget, so a long-running process that maps and unmaps memory, or whose pages move
     * between nodes, holds only the frames of the pages it has here now (issue 13, finding 6). Its
     * slot is retired first: its gate closes for good, so a thread that still has it in its TLB
     * finds no rights and faults, which makes a new slot (and frame) if the page comes back.
     */
    private void release(PageSlot s) {
        if (s.closers > 0 || s.revoking || PageSlot.pins(s.word) != 0 || waiting.containsKey(s.page)
                || !pageNode.release(s.page)) {
            return;
        }
        s.closers++;
        s.closeGate();
        slots.remove(s.page);
        MemoryCounters.countState(counters, s.countedState, -1);
        countState(s.countedState, -1);
        s.countedState = PageState.NONE;
        if (framed.remove(s.page)) {
            frames.giveBack(1);
        }
    }

    // ---- gate (event loop) ----------------------------------------------------------------------

    private void closeGate(PageSlot s, Runnable whenDrained) {
        if (s.closers++ == 0) {
            s.closeGate();
        }
        s.onDrained.add(whenDrained);
        onDrained(s);
    }

    private void onDrained(PageSlot s) {
        while (!s.onDrained.isEmpty() && PageSlot.pins(s.word) == 0) {
            if (markers.busy(s)) {
                recheckMarks(s);
                return;
            }
            s.onDrained.poll().run();
        }
    }

    /**
     * A resident store was in flight when the gate closed: it ends within nanoseconds unless its
     * thread was descheduled, and it does not call us back, so look again, soon, then every ms.
     */
    private void recheckMarks(PageSlot s) {
        if (s.recheckScheduled) {
            return;
        }
        s.recheckScheduled = true;
        Runnable again = () -> {
            s.recheckScheduled = false;
            onDrained(s);
        };
        if (s.rechecks++ < 16) {
            context.runOnContext(v -> again.run());
        } else {
            context.owner().setTimer(1, t -> again.run());
        }
    }

    private void openGate(PageSlot s) {
        if (--s.closers == 0) {
            s.rechecks = 0;
            sync(s);
            retryWaiters(s.page);
        }
    }

    /** Brings the slot in line with the PageNode and the map, and the node's page gauges with the state. */
    private void sync(PageSlot s) {
        byte state = pageNode.state(s.page);
        if (state != s.countedState) {
            MemoryCounters.countState(counters, s.countedState, -1);
            MemoryCounters.countState(counters, state, +1);
            countState(s.countedState, -1);
            countState(state, +1);
            s.countedState = state;
        }
        if (s.closers > 0) {
            return; // the gate opens with fresh rights
        }
        byte stateRights = state == PageState.READ_WRITE ? Access.WRITE : state == PageState.READ_ONLY ? Access.READ : 0;
        byte mapRights = map.rightsAt(s.page << AddressSpace.PAGE_SHIFT);
        byte rights = (byte) Math.min(stateRights, mapRights);
        if (rights > 0 && s.frame == null) {
            s.longs = pageNode.frame(s.page);
            s.frame = java.lang.foreign.MemorySegment.ofArray(s.longs);
        }
        if (rights != PageSlot.rights(s.word) || s.gateClosed()) {
            s.open(rights);
        }
    }

    private void countState(byte state, int delta) {
        if (state == PageState.READ_ONLY) {
            readOnly += delta;
        } else if (state == PageState.READ_WRITE) {
            readWrite += delta;
        }
    }

    /**
     * Event loop: the pages of {@code [from, from + count)} held here, the map's ranges and the
     * {@code top} hottest pages. Walks this process's slots once; never touches a page.
     */
    PageView view(long from, long count, int top) {
        List<long[]> mapped = new ArrayList<>();
        for (Mapping m : map.mappings()) {
            mapped.add(new long[] {m.start() >>> AddressSpace.PAGE_SHIFT,
                    (m.end() + AddressSpace.PAGE_SIZE - 1) >>> AddressSpace.PAGE_SHIFT});
        }
        List<PageView.Held> held = new ArrayList<>();
        if (pageNode != null) {
            long end = from + count;
            slots.forEach(s -> {
                if (s.page >= from && s.page < end) {
                    byte state = pageNode.state(s.page);
                    if (state == PageState.READ_ONLY || state == PageState.READ_WRITE) {
                        held.add(new PageView.Held(s.page, state));
                    }
                }
            });
        }
        held.sort(java.util.Comparator.comparingLong(PageView.Held::page));
        List<PageView.Hot> hot = heat.top(top).stream()
                .map(h -> new PageView.Hot(h.page(), h.faults(), h.invalidations(), h.threads())).toList();
        return new PageView(pid, mapped, held, hot, heat.untracked());
    }

    /** Event loop: this process's faults and pages on this node now. */
    ProcessMemoryStats stats() {
        return new ProcessMemoryStats(pid, faults, readOnly, readWrite);
    }

    // ---- map ------------------------------------------------------------------------------------

    private void installMap(MapSnapshot snapshot) {
        if (snapshot.version() <= map.version()) {
            return;
        }
        List<Mapping> mappings = new ArrayList<>(snapshot.mappings().size());
        for (MapEntry e : snapshot.mappings()) {
            mappings.add(new Mapping(e.start(), e.end(), e.prot()));
        }
        map = new AddressMap(snapshot.version(), mappings);
        pageNode.mapVersion(map.version());
        slots.forEach(this::sync); // rights only shrink here without a shootdown if one is on its way
    }

    /**
     * Asks the home for its map; {@code then} runs after the answer, or once the home has not
     * answered within the fault deadline. A busy home may take longer than one attempt's deadline:
     * the request (a read, so idempotent) is made again until then, and a refresh that never came
     * is a failure of the fault ({@link #refreshFailed}), never a segmentation fault judged
     * against a map we know may be stale.
     */
    private void refreshMap(Runnable then) {
        if (refreshing != null) {
            refreshing.add(then);
            return;
        }
        refreshing = new ArrayList<>(List.of(then));
        requestMap(now() + config.faultTimeoutMs());
    }

    private void requestMap(long deadline) {
        long sent = System.nanoTime();
        eventBus.<MapSnapshot>request(Addresses.of(home, MemoryAddresses.MANAGER), new MapRequest(pid, map.version(), self),
                new DeliveryOptions().setSendTimeout(config.retransmitMs() * 5)).onComplete(ar -> {
                    if (ar.succeeded() && ar.result().body() instanceof MapSnapshot snapshot) {
                        peers.answered(home, sent);
                        installMap(snapshot);
                    } else if (!ended && now() < deadline) {
                        peers.silent(home, sent);
                        LOG.debug("pid {} on {}: map refresh from home {} failed ({}), asking again", pid, self, home,
                                ar.failed() ? ar.cause().toString() : "unexpected reply");
                        // after a pause: a failure may be immediate (no handler yet), and must not spin the loop
                        context.owner().setTimer(config.retransmitMs(), t -> requestMap(deadline));
                        return;
                    } else {
                        LOG.warn("pid {} on {}: map refresh from home {} failed: {}", pid, self, home,
                                ar.failed() ? ar.cause().toString() : "unexpected reply");
                        refreshFailed = true;
                    }
                    List<Runnable> callbacks = refreshing;
                    refreshing = null;
                    try {
                        callbacks.forEach(Runnable::run);
                    } finally {
                        refreshFailed = false;
                    }
                });
    }

    AddressMap map() {
        return map;
    }

    // ---- io -------------------------------------------------------------------------------------

    private void send(List<Envelope> envelopes) {
        CoherenceWire.send(eventBus, envelopes);
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }
}
