package io.procshare.verticles.memory.coherence.sim;

import io.procshare.codecs.Access;
import io.procshare.codecs.PageState;
import io.procshare.codecs.PageStatus;
import io.procshare.verticles.memory.coherence.AccessAttempt;
import io.procshare.verticles.memory.coherence.AccessCheck;
import io.procshare.verticles.memory.coherence.CoherenceConfig;
import io.procshare.verticles.memory.coherence.CoherenceMessage;
import io.procshare.verticles.memory.coherence.Completion;
import io.procshare.verticles.memory.coherence.Envelope;
import io.procshare.verticles.memory.coherence.PageManager;
import io.procshare.verticles.memory.coherence.PageNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A deterministic simulation of one process's coherence protocol (DESIGN §10): N {@link PageNode}s
 * and the home's {@link PageManager} in one thread, driven by a seeded scheduler. Each step is one of:
 * deliver an in-flight message (any of them: random order), drop one, duplicate one, fire a timer at
 * a node, advance a guest thread (begin a read or write of a random page, retry after a wait, or
 * complete a begun access: a write stores a fresh counter value in one of the page's first 4 words),
 * or crash a node. The invariants are checked after every step; after the fault phase a quiescence
 * phase (no faults, no new accesses, timers only when the network is idle) lets retries finish, and
 * then every request must have been answered or failed, failing only when its page was lost, the
 * home died, or (configs with {@link SimConfig#giveUps()}) its few attempts ran out; a grant that
 * arrives after its requester gave up is installed, and every invariant must still hold. The same
 * seed always gives the same schedule.
 */
public final class Simulation {

    /** Words of each page the guests write: the single-location-per-word model of the checks. */
    static final int WORDS = 4;
    private static final int QUIESCENCE_LIMIT = 50_000;
    private static final long PID = 7;

    /**
     * A bug seeded into the simulated network on purpose, to prove that the checks catch it (issue
     * 13, finding 8). Test code only: nothing in the protocol classes can turn one on.
     */
    public enum Mutation {
        /** The real protocol. */
        NONE,
        /**
         * Every Invalidate is answered at once with a forged InvalidateAck, so the manager may grant
         * a write before the holders really dropped their copies (the real Invalidate still arrives).
         */
        EARLY_INVALIDATE_ACK,
        /**
         * A node that defers an Invalidate behind an access in flight acks it at once anyway (the
         * store-in-flight wait skipped); its deferred ack follows later as a duplicate.
         */
        SKIP_IN_FLIGHT_WAIT
    }

    private final long seed;
    private final SimConfig cfg;
    private final Mutation mutation;
    private final SplittableRandom rnd;
    private final List<String> trace;
    private final String[] ids;
    private final PageNode[] nodes;
    private final boolean[] dead;
    private final PageManager manager;
    private final SimThread[][] threads;
    private final long[][] expected;
    private final List<InFlight> network = new ArrayList<>();
    private final Map<Long, Issued> issued = new HashMap<>();
    private final Map<Long, Byte> outcomes = new HashMap<>();
    private final int[] crashSteps;
    private final Stats stats = new Stats();
    private boolean homeDead;
    private long nextSeq;
    /** Send order at the unmap's start: the home's shootdown push to each node follows what it sent before. */
    private long unmapSeq;
    /** Per node, send order at its discard: its ack to the home follows what it sent before. */
    private final Map<Integer, Long> discardSeq = new HashMap<>();
    /** Pages the manager serves (unmaps: false while a page is unmapped). */
    private final boolean[] mapped;
    private final boolean[] unmappedEver;
    /** The page being unmapped (manager discarded it; nodes discard as their accesses drain), or -1. */
    private int unmapping = -1;
    private boolean[] discardPending;
    /** Requests for the page being unmapped that were issued before the unmap and are not answered yet. */
    private final java.util.Set<Long> beforeUnmap = new java.util.HashSet<>();
    /** Requests that failed while their page was lost (an unmap may make the page usable again later). */
    private final java.util.Set<Long> failedWhileLost = new java.util.HashSet<>();
    private long nextValue = 1;
    private long now;
    private int step;

    /** Result counters of one schedule. */
    public static final class Stats {
        public int steps;
        public int delivered;
        public int dropped;
        public int duplicated;
        public int requests;
        public int failedRequests;
        public int reads;
        public int writes;
        public int crashes;
        /** Grants delivered for requests their requester had already given up (installed all the same). */
        public int lateGrants;
        /** Pages unmapped (and mapped again). */
        public int unmaps;
    }

    /** A message on its way; {@code seq} is its send order (FIFO schedules deliver per pair in that order). */
    private record InFlight(String from, Envelope envelope, long seq) {
    }

    private record Issued(int node, long page) {
    }

    /**
     * @param seed    the schedule's seed
     * @param cfg     its shape, usually {@link SimConfig#forSeed}
     * @param tracing whether to record a line per step (see {@link #trace()})
     */
    public Simulation(long seed, SimConfig cfg, boolean tracing) {
        this(seed, cfg, tracing, Mutation.NONE);
    }

    /** As {@link #Simulation(long, SimConfig, boolean)}, with {@code mutation} seeded into the network. */
    public Simulation(long seed, SimConfig cfg, boolean tracing, Mutation mutation) {
        this.mutation = mutation;
        this.seed = seed;
        this.cfg = cfg;
        this.rnd = new SplittableRandom(seed);
        this.trace = tracing ? new ArrayList<>() : null;
        CoherenceConfig protocol = new CoherenceConfig(PID, "n0", cfg.retransmitAfter(), cfg.maxAttempts());
        ids = new String[cfg.nodes()];
        nodes = new PageNode[cfg.nodes()];
        dead = new boolean[cfg.nodes()];
        threads = new SimThread[cfg.nodes()][cfg.threadsPerNode()];
        for (int i = 0; i < cfg.nodes(); i++) {
            ids[i] = "n" + i;
            nodes[i] = new PageNode(protocol, ids[i], ((long) i + 1) << 40);
            for (int t = 0; t < cfg.threadsPerNode(); t++) {
                threads[i][t] = new SimThread();
            }
        }
        mapped = new boolean[cfg.pages()];
        unmappedEver = new boolean[cfg.pages()];
        Arrays.fill(mapped, true);
        discardPending = new boolean[cfg.nodes()];
        manager = new PageManager(protocol, (page, access, version) -> mapped[(int) page]);
        expected = new long[cfg.pages()][WORDS];
        crashSteps = new int[cfg.crashes()];
        for (int c = 0; c < crashSteps.length; c++) {
            crashSteps[c] = 1 + rnd.nextInt(cfg.faultSteps());
        }
        Arrays.sort(crashSteps);
    }

    /** Runs the schedule; throws {@link SimulationFailure} on the first violation. */
    public Stats run() {
        note(() -> "config " + cfg);
        try {
            faultPhase();
            quiescencePhase();
            finalChecks();
        } catch (SimulationFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw fail("protocol threw " + e, e);
        }
        stats.steps = step;
        return stats;
    }

    /** The per-step trace, if tracing. */
    public List<String> trace() {
        return trace == null ? List.of() : List.copyOf(trace);
    }

    // ---- phases ------------------------------------------------------------------------------

    private void faultPhase() {
        int nextCrash = 0;
        for (step = 1; step <= cfg.faultSteps(); step++) {
            now = step;
            while (nextCrash < crashSteps.length && crashSteps[nextCrash] == step) {
                crashRandomNode();
                nextCrash++;
            }
            boolean busy = !network.isEmpty();
            int deliver = busy ? 50 : 0;
            int drop = busy ? cfg.dropWeight() : 0;
            int duplicate = busy ? cfg.duplicateWeight() : 0;
            int tick = 8;
            int guest = 30;
            int unmap = cfg.unmaps() && unmapping < 0 ? 2 : 0;
            int roll = rnd.nextInt(deliver + drop + duplicate + tick + guest + unmap);
            if ((roll -= deliver) < 0) {
                deliver(rnd.nextInt(network.size()));
            } else if ((roll -= drop) < 0) {
                InFlight m = network.remove(rnd.nextInt(network.size()));
                stats.dropped++;
                note(() -> "drop " + m.from + "->" + m.envelope.to() + " " + m.envelope.message());
            } else if ((roll -= duplicate) < 0) {
                InFlight m = network.get(rnd.nextInt(network.size()));
                network.add(new InFlight(m.from, m.envelope, nextSeq++));
                stats.duplicated++;
                note(() -> "duplicate " + m.from + "->" + m.envelope.to() + " " + m.envelope.message());
            } else if ((roll -= tick) < 0) {
                tick(randomLiveNode());
            } else if ((roll -= guest) >= 0) {
                startUnmap(rnd.nextInt(cfg.pages()));
            } else {
                List<int[]> ready = readyThreads(true);
                if (!ready.isEmpty()) {
                    int[] pick = ready.get(rnd.nextInt(ready.size()));
                    threadStep(pick[0], threads[pick[0]][pick[1]]);
                }
            }
            afterStep();
        }
    }

    private void quiescencePhase() {
        note(() -> "--- quiescence: no more faults or new accesses");
        for (int q = 0; ; q++, step++) {
            if (q > QUIESCENCE_LIMIT) {
                throw fail("no quiescence after " + QUIESCENCE_LIMIT + " fault-free steps: " + pendingWork(), null);
            }
            List<int[]> ready = readyThreads(false);
            int total = network.size() + ready.size();
            if (total > 0) {
                now++;
                int pick = rnd.nextInt(total);
                if (pick < network.size()) {
                    deliver(pick);
                } else {
                    int[] t = ready.get(pick - network.size());
                    threadStep(t[0], threads[t[0]][t[1]]);
                }
            } else if (!pendingWork().isEmpty()) {
                now += cfg.retransmitAfter();
                for (int i = 0; i < nodes.length; i++) {
                    if (!dead[i]) {
                        tick(i);
                    }
                }
            } else {
                return;
            }
            afterStep();
        }
    }

    private void finalChecks() {
        for (Map.Entry<Long, Issued> e : issued.entrySet()) {
            Issued is = e.getValue();
            if (dead[is.node]) {
                continue;
            }
            Byte status = outcomes.get(e.getKey());
            if (status == null) {
                throw fail("request " + e.getKey() + " of n" + is.node + " for page " + is.page
                        + " was never answered", null);
            }
            if (status != PageStatus.OK) {
                stats.failedRequests++;
                boolean gaveUp = cfg.giveUps() && status == PageStatus.FAILED; // its attempts ran out
                boolean unmapped = status == PageStatus.SEGV && unmappedEver[(int) is.page];
                boolean lostThen = failedWhileLost.contains(e.getKey());
                if (!homeDead && !manager.isLost(is.page) && !gaveUp && !unmapped && !lostThen) {
                    throw fail("request " + e.getKey() + " of n" + is.node + " for page " + is.page
                            + " ended with status " + status + " though its page is not lost and the home lives", null);
                }
            }
        }
        if (!homeDead) {
            checkCopysetsMatchNodes();
        }
    }

    /** At rest the manager's copyset of a live page is exactly the live nodes holding a valid copy. */
    private void checkCopysetsMatchNodes() {
        for (int page = 0; page < cfg.pages(); page++) {
            if (manager.isLost(page)) {
                continue;
            }
            for (int i = 0; i < nodes.length; i++) {
                boolean valid = !dead[i] && nodes[i].state(page) != PageState.NONE;
                boolean listed = manager.copyset(page).contains(ids[i]);
                if (!dead[i] && valid != listed) {
                    throw fail("at rest, page " + page + ": n" + i + " holds " + stateName(nodes[i].state(page))
                            + " but the manager's copyset is " + manager.copyset(page), null);
                }
            }
        }
    }

    // ---- events ------------------------------------------------------------------------------

    private void deliver(int index) {
        if (cfg.unmaps()) {
            // the real bus: one ordered connection per pair of nodes
            InFlight pick = network.get(index);
            for (int j = 0; j < network.size(); j++) {
                InFlight o = network.get(j);
                if (o.from.equals(pick.from) && o.envelope.to().equals(pick.envelope.to()) && o.seq < network.get(index).seq) {
                    index = j;
                }
            }
        }
        InFlight m = network.get(index);
        network.set(index, network.getLast());
        network.removeLast();
        Envelope e = m.envelope;
        int dest = indexOf(e.to());
        if (dead[dest]) {
            note(() -> "lost in a dead node " + m.from + "->" + e.to() + " " + e.message());
            return;
        }
        stats.delivered++;
        note(() -> "deliver " + m.from + "->" + e.to() + " " + e.message());
        CoherenceMessage msg = e.message();
        if (msg instanceof CoherenceMessage.Data d && d.status() == PageStatus.OK
                && Byte.valueOf(PageStatus.FAILED).equals(outcomes.get(d.requestId()))) {
            stats.lateGrants++;
            note(() -> "late grant after give-up: " + d);
        }
        boolean toManager = msg instanceof CoherenceMessage.Request || msg instanceof CoherenceMessage.Confirm
                || msg instanceof CoherenceMessage.InvalidateAck;
        send(e.to(), toManager ? manager.onMessage(msg, now) : nodes[dest].onMessage(msg));
        if (mutation == Mutation.SKIP_IN_FLIGHT_WAIT && msg instanceof CoherenceMessage.Invalidate i
                && nodes[dest].isRevocationPending(i.page())) {
            forgeAck(i, e.to());
        }
    }

    private void forgeAck(CoherenceMessage.Invalidate i, String node) {
        note(() -> "MUTATION " + mutation + ": forged ack of " + node + " for " + i);
        network.add(new InFlight(node, new Envelope(ids[0],
                new CoherenceMessage.InvalidateAck(i.pid(), i.page(), i.requestId(), node)), nextSeq++));
    }

    private void tick(int node) {
        note(() -> "timer at " + ids[node] + " now=" + now);
        send(ids[node], nodes[node].onTick(now));
        if (node == 0 && !homeDead) {
            send(ids[0], manager.onTick(now));
        }
    }

    private void threadStep(int n, SimThread t) {
        PageNode node = nodes[n];
        switch (t.state) {
            case IDLE -> {
                t.page = rnd.nextInt(cfg.pages());
                t.access = rnd.nextBoolean() ? Access.READ : Access.WRITE;
                if (gated(n, t.page)) {
                    t.idle(); // the access would wait at the closed gate: it starts later
                    return;
                }
                begin(n, t);
            }
            case WAITING -> {
                Byte status = t.awaited < 0 ? null : outcomes.get(t.awaited);
                if (t.ownRequest && status != null && status != PageStatus.OK) {
                    note(() -> ids[n] + " access to page " + t.page + " failed with status " + status);
                    t.idle();
                } else {
                    begin(n, t);
                }
            }
            case PINNED -> {
                byte state = node.state(t.page);
                int word = rnd.nextInt(WORDS);
                if (t.access == Access.WRITE) {
                    if (state != PageState.READ_WRITE) {
                        throw fail(ids[n] + " completed a write of page " + t.page + " in state " + stateName(state), null);
                    }
                    long value = nextValue++;
                    node.writeLong(t.page, word * 8, value);
                    expected[(int) t.page][word] = value;
                    stats.writes++;
                    note(() -> ids[n] + " WRITE page " + t.page + " word " + word + " = " + value);
                } else {
                    if (state == PageState.NONE) {
                        throw fail(ids[n] + " completed a read of page " + t.page + " without a valid copy", null);
                    }
                    long value = node.readLong(t.page, word * 8);
                    long want = expected[(int) t.page][word];
                    stats.reads++;
                    note(() -> ids[n] + " READ page " + t.page + " word " + word + " -> " + value);
                    if (value != want) {
                        throw fail(ids[n] + " read " + value + " from page " + t.page + " word " + word
                                + ", the last value written is " + want, null);
                    }
                }
                send(ids[n], node.end(t.page));
                t.idle();
            }
        }
    }

    private void begin(int n, SimThread t) {
        AccessAttempt a = nodes[n].begin(t.page, t.access, now);
        note(() -> ids[n] + " begin " + (t.access == Access.READ ? "read" : "write") + " page " + t.page
                + " -> " + a.outcome() + (a.requestId() >= 0 ? " request " + a.requestId() : ""));
        switch (a.outcome()) {
            case HIT -> t.state = SimThread.State.PINNED;
            case MISS -> {
                issued.put(a.requestId(), new Issued(n, t.page));
                stats.requests++;
                t.waitFor(a.requestId(), true);
                send(ids[n], a.sends());
            }
            case WAIT -> t.waitFor(a.requestId(), false);
        }
    }

    private void crashRandomNode() {
        int live = 0;
        for (boolean d : dead) {
            live += d ? 0 : 1;
        }
        if (live < 2) {
            return;
        }
        int victim = randomLiveNode();
        dead[victim] = true;
        stats.crashes++;
        String id = ids[victim];
        if (victim == 0) {
            homeDead = true;
            // membership may or may not tell the survivors; if not, their retries run out
            boolean told = rnd.nextBoolean();
            note(() -> "CRASH home " + id + (told ? ", survivors told" : ", survivors not told"));
            if (told) {
                for (int i = 1; i < nodes.length; i++) {
                    if (!dead[i]) {
                        nodes[i].onNodeLost(id);
                    }
                }
            }
            return;
        }
        note(() -> "CRASH " + id);
        if (!homeDead) {
            send(ids[0], manager.onNodeLost(id, now));
        }
        for (int i = 0; i < nodes.length; i++) {
            if (!dead[i]) {
                nodes[i].onNodeLost(id);
            }
        }
    }

    // ---- invariants --------------------------------------------------------------------------

    /**
     * munmap of one page as the home runs it (DESIGN §5): the manager forgets it first (requests for
     * it are refused SEGV from now on, late grants are stale), then every live node discards its
     * copy once no access to it is in flight there (the gate); new accesses there wait meanwhile.
     * When all have, the page is mapped again, its content gone (a new touch is zero-filled).
     */
    private void startUnmap(int page) {
        if (homeDead) {
            return;
        }
        boolean wasLost = manager.isLost(page);
        unmapSeq = nextSeq;
        discardSeq.clear();
        unmapping = page;
        stats.unmaps++;
        mapped[page] = false;
        unmappedEver[page] = true;
        note(() -> "UNMAP page " + page);
        send(ids[0], manager.discard(page, page + 1L));
        for (int i = 0; i < nodes.length; i++) {
            discardPending[i] = !dead[i];
        }
        beforeUnmap.clear();
        issued.forEach((id, is) -> {
            if (is.page == page && !outcomes.containsKey(id)) {
                beforeUnmap.add(id);
                if (wasLost) {
                    failedWhileLost.add(id); // its page was lost when it was issued: it may still end FAILED
                }
            }
        });
    }

    private void progressUnmap() {
        if (unmapping < 0) {
            return;
        }
        boolean done = true;
        for (int i = 0; i < nodes.length; i++) {
            if (!discardPending[i] || dead[i]) {
                discardPending[i] = false;
                continue;
            }
            boolean busy = false;
            for (SimThread t : threads[i]) {
                busy |= t.state == SimThread.State.PINNED && t.page == unmapping;
            }
            String to = ids[i];
            // the push reaches the node after everything the home sent it before (FIFO per pair)
            busy |= network.stream().anyMatch(m -> m.from.equals(ids[0]) && m.envelope.to().equals(to) && m.seq < unmapSeq);
            if (busy) {
                done = false;
                continue;
            }
            int node = i;
            note(() -> ids[node] + " discards page " + unmapping);
            nodes[i].discard(unmapping, unmapping + 1L);
            discardPending[i] = false;
            discardSeq.put(i, nextSeq);
        }
        // mapped again only once no request from before the unmap can still reach the manager: on the
        // real bus (FIFO per pair of nodes) a request sent before the node acked the shootdown arrives
        // before the ack, so before any later mmap. A lost request re-sent after a remap is not
        // modelled: it is served, and its requester, which discarded, confirms a grant it never
        // installed (seed 4 without this rule; issue 13 report)
        beforeUnmap.removeIf(id -> outcomes.containsKey(id) || dead[issued.get(id).node]);
        boolean requestInFlight = network.stream().anyMatch(m -> m.envelope.message() instanceof CoherenceMessage.Request r
                && beforeUnmap.contains(r.requestId()));
        // the acks reach the home after everything each node sent it before its discard (FIFO per pair)
        boolean beforeAck = network.stream().anyMatch(m -> m.envelope.to().equals(ids[0])
                && m.seq < discardSeq.getOrDefault(indexOf(m.from), Long.MAX_VALUE) && !dead[indexOf(m.from)]);
        if (done && beforeUnmap.isEmpty() && !requestInFlight && !beforeAck) {
            int page = unmapping;
            Arrays.fill(expected[page], 0L);
            mapped[page] = true;
            unmapping = -1;
            note(() -> "page " + page + " unmapped everywhere, mapped again");
        }
    }

    /** Whether node {@code n}'s gate of {@code page} is closed (its discard waits): no access begins. */
    private boolean gated(int n, long page) {
        return unmapping >= 0 && page == unmapping && discardPending[n];
    }

    private void afterStep() {
        progressUnmap();
        for (int i = 0; i < nodes.length; i++) {
            if (dead[i]) {
                continue;
            }
            for (Completion c : nodes[i].drainCompletions()) {
                int node = i;
                note(() -> ids[node] + " request " + c.requestId() + " for page " + c.page() + " completed, status "
                        + c.status());
                if (!issued.containsKey(c.requestId())) {
                    throw fail("completion of unknown request " + c, null);
                }
                if (outcomes.put(c.requestId(), c.status()) != null) {
                    throw fail("request " + c.requestId() + " completed twice", null);
                }
                if (c.status() == PageStatus.FAILED && !homeDead && manager.isLost(c.page())) {
                    failedWhileLost.add(c.requestId());
                }
            }
        }
        checkInvariants();
    }

    private void checkInvariants() {
        for (int page = 0; page < cfg.pages(); page++) {
            int writers = 0;
            int readers = 0;
            for (int i = 0; i < nodes.length; i++) {
                if (dead[i]) {
                    continue;
                }
                byte s = nodes[i].state(page);
                if (s == PageState.NONE) {
                    continue;
                }
                if (s == PageState.READ_WRITE) {
                    writers++;
                } else {
                    readers++;
                }
                for (int w = 0; w < WORDS; w++) {
                    long have = nodes[i].peekLong(page, w * 8);
                    if (have != expected[page][w]) {
                        throw fail("n" + i + " holds page " + page + " " + stateName(s) + " with word " + w + " = "
                                + have + ", the last value written is " + expected[page][w], null);
                    }
                }
            }
            if (writers > 1) {
                throw fail(writers + " READ_WRITE holders of page " + page, null);
            }
            if (writers == 1 && readers > 0) {
                throw fail("page " + page + " has a READ_WRITE holder and " + readers + " READ_ONLY holders", null);
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private List<int[]> readyThreads(boolean mayStart) {
        List<int[]> ready = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (dead[i]) {
                continue;
            }
            for (int t = 0; t < threads[i].length; t++) {
                SimThread th = threads[i][t];
                boolean ok = switch (th.state) {
                    case IDLE -> mayStart;
                    case PINNED -> true;
                    case WAITING -> !gated(i, th.page) && (th.awaited < 0 ? !nodes[i].isRevocationPending(th.page)
                            : outcomes.containsKey(th.awaited));
                };
                if (ok) {
                    ready.add(new int[] {i, t});
                }
            }
        }
        return ready;
    }

    private String pendingWork() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.length; i++) {
            if (dead[i]) {
                continue;
            }
            for (int page = 0; page < cfg.pages(); page++) {
                if (nodes[i].hasOutstanding(page)) {
                    sb.append("n").append(i).append(" waits for page ").append(page).append("; ");
                }
                if (i == 0 && !homeDead && manager.isBusy(page)) {
                    sb.append("manager busy with page ").append(page).append("; ");
                }
            }
            for (SimThread t : threads[i]) {
                if (t.state != SimThread.State.IDLE) {
                    sb.append("n").append(i).append(" thread ").append(t.state).append(" on page ").append(t.page)
                            .append(" awaiting ").append(t.awaited).append("; ");
                }
            }
        }
        return sb.toString();
    }

    private void send(String from, List<Envelope> out) {
        for (Envelope e : out) {
            network.add(new InFlight(from, e, nextSeq++));
            if (mutation == Mutation.EARLY_INVALIDATE_ACK && e.message() instanceof CoherenceMessage.Invalidate i) {
                forgeAck(i, e.to());
            }
        }
    }

    private int randomLiveNode() {
        int i;
        do {
            i = rnd.nextInt(nodes.length);
        } while (dead[i]);
        return i;
    }

    private static int indexOf(String id) {
        return Integer.parseInt(id, 1, id.length(), 10);
    }

    private static String stateName(byte s) {
        return s == PageState.READ_WRITE ? "READ_WRITE" : s == PageState.READ_ONLY ? "READ_ONLY" : "INVALID";
    }

    private void note(Supplier<String> line) {
        if (trace != null) {
            trace.add("#" + step + " " + line.get());
        }
    }

    private SimulationFailure fail(String message, Throwable cause) {
        note(() -> "VIOLATION: " + message);
        return new SimulationFailure(seed, step, message, cause);
    }
}
