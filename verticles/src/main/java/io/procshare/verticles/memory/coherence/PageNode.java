package io.procshare.verticles.memory.coherence;

import io.procshare.codecs.Access;
import io.procshare.codecs.Limits;
import io.procshare.codecs.PageKind;
import io.procshare.codecs.PageState;
import io.procshare.codecs.PageStatus;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Confirm;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Data;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Forward;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Invalidate;
import io.procshare.verticles.memory.coherence.CoherenceMessage.InvalidateAck;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Request;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The node side of the coherence protocol for one process on one node (DESIGN §5): the page table
 * (state and 4 KiB frame per page), guest accesses, the requests this node issues, and its answers
 * to forwards and invalidations. Sans-IO and single-threaded: every method takes one input and
 * returns the messages to send; the caller serialises calls (one verticle context, or the simulator).
 *
 * <p>A guest access is {@link #begin} (HIT pins the page), the load or store through
 * {@link #readLong}/{@link #writeLong}, then {@link #end}. A Forward or Invalidate that arrives while
 * the page is pinned is deferred and answered at the last {@code end}, with a snapshot taken then:
 * a store that raced with the invalidation is never lost.
 *
 * <p>Robustness: request ids are {@code requestIdBase + n} and must be unique across the cluster
 * (an InvalidateAck names no requester). A request is re-sent on {@link #onTick} and fails after
 * {@link CoherenceConfig#maxAttempts()} sends or when the home is lost. Duplicates are answered
 * again, never applied twice; a revocation older than our last install is ignored.
 */
public final class PageNode {

    /** Guest memory is little-endian (riscv64); frames are long[] so that 8-byte atomics are possible on them. */
    private static final VarHandle LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final CoherenceConfig config;
    private final String self;
    private final long requestIdBase;
    private final TreeMap<Long, LocalPage> pages = new TreeMap<>();
    /**
     * The pages with a request of ours out, a subset of {@link #pages}: the tick walks only these,
     * not every page ever touched (issue 13, finding 6). Pruned lazily by the tick.
     */
    private final TreeMap<Long, LocalPage> requesting = new TreeMap<>();
    private final Set<String> lostNodes = new HashSet<>();
    private final List<Completion> completions = new ArrayList<>();
    private long nextRequestId;
    private long mapVersion;

    /**
     * @param config        the process's settings
     * @param self          this node's id
     * @param requestIdBase first request id; ranges of different nodes must not overlap
     */
    public PageNode(CoherenceConfig config, String self, long requestIdBase) {
        this.config = config;
        this.self = self;
        this.requestIdBase = requestIdBase;
        this.nextRequestId = requestIdBase;
    }

    public String self() {
        return self;
    }

    /** The address-space map version sent with requests (maintained by the address-space code). */
    public void mapVersion(long version) {
        this.mapVersion = version;
    }

    /** PageState.NONE (invalid), READ_ONLY or READ_WRITE. */
    public byte state(long page) {
        LocalPage p = pages.get(page);
        return p == null ? PageState.NONE : p.state;
    }

    /** Starts a guest access: HIT (page pinned), MISS (request issued) or WAIT. */
    public AccessAttempt begin(long page, byte access, long now) {
        LocalPage p = page(page);
        if (!p.pendingRevocations.isEmpty()) {
            // a deferred revocation goes first, else a busy page would starve the requester
            return AccessAttempt.waitFor(-1);
        }
        if (p.allows(access)) {
            p.pins++;
            return AccessAttempt.hit();
        }
        if (p.outstanding != null) {
            return AccessAttempt.waitFor(p.outstanding.requestId);
        }
        long requestId = nextRequestId++;
        if (lostNodes.contains(config.home())) {
            completions.add(new Completion(requestId, page, PageStatus.FAILED));
            return AccessAttempt.miss(requestId, List.of());
        }
        p.outstanding = new LocalPage.Outstanding(requestId, access, now + config.retransmitAfter());
        p.lastRequested = requestId;
        requesting.put(page, p);
        return AccessAttempt.miss(requestId, List.of(request(page, p.outstanding)));
    }

    /** Ends an access begun with a HIT; answers a revocation that waited for it. */
    public List<Envelope> end(long page) {
        LocalPage p = pages.get(page);
        if (p == null || p.pins == 0) {
            throw new IllegalStateException("end of page " + page + " without a begun access on " + self);
        }
        p.pins--;
        if (p.pins > 0) {
            return List.of();
        }
        List<Envelope> out = new ArrayList<>();
        while (!p.pendingRevocations.isEmpty()) {
            CoherenceMessage deferred = p.pendingRevocations.poll();
            out.addAll(deferred instanceof Forward f ? applyForward(p, f) : applyInvalidate(p, (Invalidate) deferred));
        }
        return out;
    }

    /**
     * Pins {@code page} whatever its state, on behalf of accesses the caller tracks itself (the guest
     * fast path of a real node pins outside this class): until the matching {@link #end}, a Forward or
     * Invalidate for the page is deferred exactly as for a {@link #begin} HIT, and answered at the last
     * {@code end}, with a snapshot taken then.
     */
    public void hold(long page) {
        page(page).pins++;
    }

    /**
     * The frame of {@code page}: the array the page's content lives in (4096 bytes as 512 longs, in
     * the host's memory layout: view it with {@code MemorySegment.ofArray}), or null before the first
     * install. It stays the same array until {@link #release} drops it (a later install makes a new
     * one), so a caller may keep it until then; it may read or write it only while the page is pinned
     * ({@link #begin} HIT or {@link #hold}) and its state allows the access. Kept after a WRITE
     * forward (the handoff copy) until the page is installed, invalidated or discarded here.
     */
    public long[] frame(long page) {
        LocalPage p = pages.get(page);
        return p == null ? null : p.frame;
    }

    /**
     * Drops every copy in pages {@code [firstPage, endPage)} because they were unmapped (munmap
     * shootdown, DESIGN §5): state INVALID, no handoff copy, and any grant still in flight for a request
     * issued before now is treated as a duplicate, never installed (the manager discarded the page too,
     * and a late PageData from before the unmap would resurrect old content). Outstanding requests stay
     * out: the manager answers them (SEGV). No page may be pinned.
     */
    public void discard(long firstPage, long endPage) {
        for (Map.Entry<Long, LocalPage> e : pages.subMap(firstPage, true, endPage, false).entrySet()) {
            LocalPage p = e.getValue();
            if (p.pins > 0) {
                throw new IllegalStateException("discard of page " + e.getKey() + " on " + self + " while pinned");
            }
            p.state = PageState.NONE;
            p.handoff = false;
            p.lastInstalled = Math.max(p.lastInstalled, nextRequestId - 1);
            p.openRevocations.clear();
        }
    }

    /**
     * Drops the frame of {@code page} if the page left this node for good: no valid copy, no handoff
     * copy to send again, no access or revocation in flight, and no grant of ours that could still
     * arrive and need it (every request for it was answered by an install, or the page was
     * discarded, after which late grants are never installed). Returns whether a frame was dropped;
     * the caller gives it back to the node's budget (issue 13, finding 6). The page's bookkeeping
     * (duplicate detection) stays.
     */
    public boolean release(long page) {
        LocalPage p = pages.get(page);
        if (p == null || p.frame == null || p.valid() || p.handoff || p.pins > 0 || p.outstanding != null
                || !p.pendingRevocations.isEmpty() || p.lastRequested > p.lastInstalled) {
            return false;
        }
        p.frame = null;
        return true;
    }

    /** Loads 8 bytes of a page pinned by {@link #begin}. */
    public long readLong(long page, int offset) {
        LocalPage p = pinned(page, Access.READ);
        return (long) LONG.get(MemorySegment.ofArray(p.frame), (long) offset);
    }

    /** Stores 8 bytes into a page pinned by {@link #begin} with WRITE. */
    public void writeLong(long page, int offset, long value) {
        LocalPage p = pinned(page, Access.WRITE);
        LONG.set(MemorySegment.ofArray(p.frame), (long) offset, value);
    }

    /** Dispatches a Forward, Invalidate or Data addressed to this node. */
    public List<Envelope> onMessage(CoherenceMessage message) {
        return switch (message) {
            case Forward f -> onForward(f);
            case Invalidate i -> onInvalidate(i);
            case Data d -> onData(d);
            default -> throw new IllegalArgumentException("not a node-side message: " + message);
        };
    }

    /** Manager asks us, the owner, to send the page to a requester. */
    public List<Envelope> onForward(Forward f) {
        if (lostNodes.contains(f.requester())) {
            return List.of(); // the manager aborted that transaction
        }
        LocalPage p = page(f.page());
        return switch (classify(p, f.requester(), f.requestId())) {
            case STALE -> List.of();
            case REPEAT -> p.pendingRevocations.contains(f) ? List.of() : resendForwarded(p, f);
            case NEW -> p.pins > 0 ? defer(p, f) : applyForward(p, f);
        };
    }

    /** Manager asks us to drop our copy because another node is about to write. */
    public List<Envelope> onInvalidate(Invalidate i) {
        LocalPage p = page(i.page());
        return switch (classify(p, i.newOwner(), i.requestId())) {
            case STALE -> List.of();
            case REPEAT -> p.pendingRevocations.contains(i) ? List.of() : List.of(ack(i));
            case NEW -> p.pins > 0 ? defer(p, i) : applyInvalidate(p, i);
        };
    }

    /** The answer to one of our requests: install and confirm, or record the refusal. */
    public List<Envelope> onData(Data d) {
        LocalPage p = page(d.page());
        LocalPage.Outstanding out = p.outstanding;
        boolean current = out != null && out.requestId == d.requestId();
        if (d.status() != PageStatus.OK) {
            if (current) {
                p.outstanding = null;
                completions.add(new Completion(d.requestId(), d.page(), d.status()));
            }
            return List.of();
        }
        if (d.requestId() < requestIdBase || d.requestId() >= nextRequestId) {
            return List.of(); // not one of ours
        }
        if (d.requestId() <= p.lastInstalled) {
            // duplicate: never install twice, but confirm again in case the manager lost our confirm
            return List.of(confirm(d));
        }
        // a grant for a request we already gave up on is still installed: refusing it could lose the page
        install(p, d);
        if (current) {
            p.outstanding = null;
            completions.add(new Completion(d.requestId(), d.page(), PageStatus.OK));
        }
        return List.of(confirm(d));
    }

    /** Re-sends requests whose deadline passed; fails those sent {@code maxAttempts} times. */
    public List<Envelope> onTick(long now) {
        List<Envelope> out = new ArrayList<>();
        for (var it = requesting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, LocalPage> e = it.next();
            LocalPage.Outstanding o = e.getValue().outstanding;
            if (o == null) {
                it.remove();
                continue;
            }
            if (o.deadline > now) {
                continue;
            }
            if (o.attempts >= config.maxAttempts()) {
                // every remote wait has a deadline (DESIGN §10)
                e.getValue().outstanding = null;
                completions.add(new Completion(o.requestId, e.getKey(), PageStatus.FAILED));
            } else {
                o.attempts++;
                o.deadline = now + config.retransmitAfter();
                out.add(request(e.getKey(), o));
            }
        }
        return out;
    }

    /** Membership says {@code node} is gone; if it is the home, every request fails now. */
    public List<Envelope> onNodeLost(String node) {
        if (!lostNodes.add(node) || !node.equals(config.home())) {
            return List.of();
        }
        for (Map.Entry<Long, LocalPage> e : requesting.entrySet()) {
            LocalPage.Outstanding o = e.getValue().outstanding;
            if (o != null) {
                e.getValue().outstanding = null;
                completions.add(new Completion(o.requestId, e.getKey(), PageStatus.FAILED));
            }
        }
        return List.of();
    }

    /** Completions since the last call, oldest first. */
    public List<Completion> drainCompletions() {
        List<Completion> drained = List.copyOf(completions);
        completions.clear();
        return drained;
    }

    /**
     * Loads 8 bytes of a valid copy without pinning it, for status and tests: no coherence guarantee.
     * Returns 0 for a page that holds no valid copy.
     */
    public long peekLong(long page, int offset) {
        LocalPage p = pages.get(page);
        return p == null || !p.valid() ? 0 : (long) LONG.get(MemorySegment.ofArray(p.frame), (long) offset);
    }

    /** Whether a Forward or Invalidate for {@code page} waits for in-flight accesses to end. */
    public boolean isRevocationPending(long page) {
        LocalPage p = pages.get(page);
        return p != null && !p.pendingRevocations.isEmpty();
    }

    /** Whether a request of ours for {@code page} is out. */
    public boolean hasOutstanding(long page) {
        LocalPage p = pages.get(page);
        return p != null && p.outstanding != null;
    }

    // ---- revocations -------------------------------------------------------------------------

    private enum Freshness { NEW, REPEAT, STALE }

    /**
     * Request ids of one requester grow, and the manager serves one transaction per page at a time,
     * so a revocation below the highest seen from its requester is stale, and one already seen is a
     * repeat only while we have not installed the page since (else it would drop a newer copy). A
     * stale one that looks new (a forward re-routed after a node loss, arriving after the requester
     * was served) is answered like a current one: a needless downgrade, never a lost copy.
     */
    private static Freshness classify(LocalPage p, String requester, long requestId) {
        Long seen = p.revokedFor.get(requester);
        LocalPage.RevocationKey key = new LocalPage.RevocationKey(requester, requestId);
        if (seen == null || requestId > seen) {
            p.revokedFor.put(requester, requestId);
            p.openRevocations.add(key);
            return Freshness.NEW;
        }
        return p.openRevocations.contains(key) ? Freshness.REPEAT : Freshness.STALE;
    }

    private static List<Envelope> defer(LocalPage p, CoherenceMessage revocation) {
        // ack only after no access to that page is in flight (DESIGN §5)
        p.pendingRevocations.add(revocation);
        return List.of();
    }

    private List<Envelope> applyForward(LocalPage p, Forward f) {
        if (!p.valid()) {
            return List.of(); // nothing to send; the manager never forwards to a node without a copy
        }
        byte[] snapshot = snapshot(p.frame);
        if (f.access() == Access.READ) {
            // owner downgrades READ_WRITE -> READ_ONLY and sends the page to R (DESIGN §5)
            p.state = PageState.READ_ONLY;
            return List.of(data(f, PageState.READ_ONLY, p.version, snapshot));
        }
        // the owner sends the page and invalidates its own; the frame stays as the handoff copy
        // so a lost PageData can be sent again
        p.state = PageState.NONE;
        p.handoff = true;
        return List.of(data(f, PageState.READ_WRITE, p.version + 1, snapshot));
    }

    private List<Envelope> resendForwarded(LocalPage p, Forward f) {
        if (f.access() == Access.READ && p.valid()) {
            return List.of(data(f, PageState.READ_ONLY, p.version, snapshot(p.frame)));
        }
        if (f.access() == Access.WRITE && p.handoff) {
            return List.of(data(f, PageState.READ_WRITE, p.version + 1, snapshot(p.frame)));
        }
        return List.of();
    }

    private List<Envelope> applyInvalidate(LocalPage p, Invalidate i) {
        p.state = PageState.NONE;
        p.handoff = false;
        return List.of(ack(i));
    }

    // ---- installs ----------------------------------------------------------------------------

    private void install(LocalPage p, Data d) {
        switch (d.kind()) {
            case PageKind.DATA -> {
                ensureFrame(p);
                MemorySegment.copy(MemorySegment.ofArray(d.data()), 0, MemorySegment.ofArray(p.frame), 0, Limits.PAGE_SIZE);
                p.state = d.grant();
            }
            case PageKind.ZERO_FILL -> {
                // first touch of a never-written page: zero-filled locally, no transfer (DESIGN §5)
                ensureFrame(p);
                Arrays.fill(p.frame, 0L);
                p.state = d.grant();
            }
            case PageKind.OWNERSHIP_ONLY -> {
                // upgrade READ_ONLY -> READ_WRITE without moving data (DESIGN §5)
                if (!p.valid()) {
                    throw new IllegalStateException("OWNERSHIP_ONLY grant for page " + d.page() + " on " + self
                            + ", which holds no valid copy: protocol violation");
                }
                p.state = (byte) Math.max(p.state, d.grant());
            }
            default -> throw new IllegalStateException("OK grant of kind " + d.kind() + " for page " + d.page());
        }
        p.version = d.pageVersion();
        p.lastInstalled = d.requestId();
        p.handoff = false;
        p.openRevocations.clear(); // revocations seen before this install are stale from now on
    }

    private static void ensureFrame(LocalPage p) {
        if (p.frame == null) {
            p.frame = new long[Limits.PAGE_SIZE / Long.BYTES];
        }
    }

    private static byte[] snapshot(long[] frame) {
        return MemorySegment.ofArray(frame).toArray(ValueLayout.JAVA_BYTE);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private LocalPage page(long page) {
        return pages.computeIfAbsent(page, k -> new LocalPage());
    }

    private LocalPage pinned(long page, byte access) {
        LocalPage p = pages.get(page);
        if (p == null || p.pins == 0 || !p.allows(access)) {
            throw new IllegalStateException("access to page " + page + " on " + self + " without a begun "
                    + (access == Access.READ ? "read" : "write"));
        }
        return p;
    }

    private Envelope request(long page, LocalPage.Outstanding o) {
        return new Envelope(config.home(), new Request(config.pid(), page, self, o.access, o.requestId, mapVersion));
    }

    private Envelope confirm(Data d) {
        return new Envelope(config.home(), new Confirm(config.pid(), d.page(), d.requestId(), self, d.grant()));
    }

    private Envelope ack(Invalidate i) {
        return new Envelope(config.home(), new InvalidateAck(config.pid(), i.page(), i.requestId(), self));
    }

    private Envelope data(Forward f, byte grant, long version, byte[] snapshot) {
        return new Envelope(f.requester(), new Data(config.pid(), f.page(), f.requestId(), PageStatus.OK, grant,
                PageKind.DATA, version, snapshot));
    }
}
