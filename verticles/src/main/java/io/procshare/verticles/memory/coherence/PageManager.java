package io.procshare.verticles.memory.coherence;

import io.procshare.codecs.Access;
import io.procshare.codecs.PageKind;
import io.procshare.codecs.PageState;
import io.procshare.codecs.PageStatus;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Confirm;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Data;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Forward;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Invalidate;
import io.procshare.verticles.memory.coherence.CoherenceMessage.InvalidateAck;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The manager side of the coherence protocol for one process, run on its home (IVY with a fixed
 * manager, DESIGN §5). Per page it keeps the owner, the copyset ({@code holders}: every node with a
 * valid copy, owner included) and a queue: requests for one page are served one at a time, from the
 * request until the requester's confirm; different pages proceed in parallel. Sans-IO and
 * single-threaded: each handler takes one input and returns the messages to send.
 *
 * <p>Robustness: a repeated request re-triggers the outstanding sends of its transaction instead of
 * starting another; {@link #onTick} does the same for transactions without progress (so a lost
 * confirm or PageData is recovered); stale and duplicate acks and confirms are ignored. On
 * {@link #onNodeLost} the lost node leaves every copyset, transactions waiting on it are failed or
 * re-routed, and a written page whose only valid copy was there is lost: its requests fail.
 */
public final class PageManager {

    private final CoherenceConfig config;
    private final AccessCheck accessCheck;
    private final TreeMap<Long, ManagedPage> pages = new TreeMap<>();
    /**
     * The pages with an open transaction, a subset of {@link #pages}: the tick walks only these, not
     * every page ever managed (issue 13, finding 6). Pruned lazily by the tick.
     */
    private final TreeMap<Long, ManagedPage> open = new TreeMap<>();
    private final Set<String> lostNodes = new HashSet<>();

    public PageManager(CoherenceConfig config, AccessCheck accessCheck) {
        this.config = config;
        this.accessCheck = accessCheck;
    }

    /** Dispatches a Request, Confirm or InvalidateAck addressed to the manager. */
    public List<Envelope> onMessage(CoherenceMessage message, long now) {
        return switch (message) {
            case Request r -> onRequest(r, now);
            case Confirm c -> onConfirm(c, now);
            case InvalidateAck a -> onInvalidateAck(a, now);
            default -> throw new IllegalArgumentException("not a manager-side message: " + message);
        };
    }

    /** A fault at a node. */
    public List<Envelope> onRequest(Request r, long now) {
        if (lostNodes.contains(r.requester())) {
            return List.of();
        }
        ManagedPage p = page(r.page());
        String requester = r.requester();
        Long newest = p.newestRequest.get(requester);
        if (newest != null && r.requestId() < newest) {
            return List.of(); // superseded: the requester gave up on it and asked again
        }
        if (newest != null && r.requestId() == newest) {
            return onRepeatedRequest(p, r, now);
        }
        p.newestRequest.put(requester, r.requestId());
        p.queue.removeIf(q -> q.requester().equals(requester)); // superseded by this one
        if (p.lost) {
            return finishRefused(p, r, PageStatus.FAILED);
        }
        if (!accessCheck.allows(r.page(), r.access(), r.mapVersion())) {
            // an access outside every mapping is a segfault for the guest (DESIGN §5)
            return finishRefused(p, r, PageStatus.SEGV);
        }
        if (p.active != null) {
            // requests for one page are serialised at the manager (DESIGN §5)
            p.queue.add(r);
            return List.of();
        }
        return start(p, r, now);
    }

    /** The requester installed the page: update owner and copyset, serve the next request. */
    public List<Envelope> onConfirm(Confirm c, long now) {
        ManagedPage p = pages.get(c.page());
        Transaction t = p == null ? null : p.active;
        if (t == null || !t.isFor(c.node(), c.requestId()) || t.phase == Transaction.Phase.INVALIDATING) {
            return List.of(); // duplicate, or for a transaction that was aborted
        }
        if (t.request.access() == Access.READ) {
            // R installs READ_ONLY and confirms; manager adds R to the copyset (DESIGN §5)
            p.holders.add(c.node());
        } else {
            // W installs READ_WRITE; it is the owner and the only holder
            p.holders.clear();
            p.holders.add(c.node());
            p.owner = c.node();
            p.written = true;
            p.version++;
        }
        p.finished.put(c.node(), new ManagedPage.Finished(c.requestId(), PageStatus.OK));
        p.active = null;
        return startNext(p, now);
    }

    /** A holder dropped its copy. */
    public List<Envelope> onInvalidateAck(InvalidateAck a, long now) {
        ManagedPage p = pages.get(a.page());
        Transaction t = p == null ? null : p.active;
        if (t == null || t.phase != Transaction.Phase.INVALIDATING || t.request.requestId() != a.requestId()
                || !t.awaitingAcks.remove(a.node())) {
            return List.of(); // duplicate or stale
        }
        p.holders.remove(a.node());
        p.normalizeOwner();
        if (p.lost) {
            return failEverything(p); // the owner died and this was the last other copy
        }
        return t.awaitingAcks.isEmpty() ? afterAllAcks(p, t, now) : List.of();
    }

    /** Re-sends the outstanding messages of transactions that made no progress since their deadline. */
    public List<Envelope> onTick(long now) {
        List<Envelope> out = new ArrayList<>();
        for (var it = open.values().iterator(); it.hasNext(); ) {
            ManagedPage p = it.next();
            Transaction t = p.active;
            if (t == null) {
                it.remove();
            } else if (t.deadline <= now) {
                out.addAll(resend(t, now));
            }
        }
        return out;
    }

    /** Membership says {@code node} is gone (DESIGN §10). */
    public List<Envelope> onNodeLost(String node, long now) {
        if (node.equals(config.home()) || !lostNodes.add(node)) {
            return List.of();
        }
        List<Envelope> out = new ArrayList<>();
        for (ManagedPage p : pages.values()) {
            out.addAll(nodeLost(p, node, now));
        }
        return out;
    }

    /**
     * Forgets the content of pages {@code [firstPage, endPage)}: they were unmapped (munmap shootdown,
     * DESIGN §5), so the next fault on them, after a new mapping, is a first touch (ZERO_FILL). The
     * transaction in progress and every queued request are refused with SEGV; late confirms and acks
     * for them are ignored as stale. The caller also discards every node's copies (see
     * {@link PageNode#discard}) before the unmapping returns.
     */
    public List<Envelope> discard(long firstPage, long endPage) {
        List<Envelope> out = new ArrayList<>();
        for (ManagedPage p : pages.subMap(firstPage, true, endPage, false).values()) {
            Transaction t = p.active;
            p.active = null;
            if (t != null && !lostNodes.contains(t.request.requester())) {
                out.addAll(finishRefused(p, t.request, PageStatus.SEGV));
            }
            while (!p.queue.isEmpty()) {
                out.addAll(finishRefused(p, p.queue.poll(), PageStatus.SEGV));
            }
            p.holders.clear();
            p.owner = null;
            p.written = false;
            p.lost = false;
            p.version++;
        }
        return out;
    }

    /** Whether the page's only valid copy was lost. */
    public boolean isLost(long page) {
        ManagedPage p = pages.get(page);
        return p != null && p.lost;
    }

    /** The node whose copy is authoritative, if the page was ever written. */
    public Optional<String> owner(long page) {
        ManagedPage p = pages.get(page);
        return p == null || !p.written ? Optional.empty() : Optional.ofNullable(p.owner);
    }

    /** Nodes holding a valid copy, the owner included. */
    public Set<String> copyset(long page) {
        ManagedPage p = pages.get(page);
        return p == null ? Set.of() : Set.copyOf(p.holders);
    }

    /** Whether a transaction for the page is being served. */
    public boolean isBusy(long page) {
        ManagedPage p = pages.get(page);
        return p != null && p.active != null;
    }

    /** Requests waiting behind the active one. */
    public int queued(long page) {
        ManagedPage p = pages.get(page);
        return p == null ? 0 : p.queue.size();
    }

    // ---- transactions ------------------------------------------------------------------------

    private List<Envelope> onRepeatedRequest(ManagedPage p, Request r, long now) {
        Transaction t = p.active;
        if (t != null && t.isFor(r.requester(), r.requestId())) {
            // a retransmitted request re-triggers the outstanding sends, never a second transaction
            return resend(t, now);
        }
        ManagedPage.Finished f = p.finished.get(r.requester());
        if (f != null && f.requestId() == r.requestId() && f.status() != PageStatus.OK) {
            return List.of(refusal(r, f.status())); // our refusal was lost
        }
        return List.of(); // queued, or already served
    }

    private List<Envelope> start(ManagedPage p, Request r, long now) {
        Transaction t = new Transaction(r);
        p.active = t;
        open.put(p.page, p);
        t.deadline = now + config.retransmitAfter();
        String requester = r.requester();
        if (r.access() == Access.READ) {
            if (p.holders.contains(requester)) {
                return grantDirect(t, PageState.READ_ONLY, PageKind.OWNERSHIP_ONLY, p.version);
            }
            if (!p.written) {
                // first touch of a never-written page: zero-filled locally, no transfer (DESIGN §5)
                return grantDirect(t, PageState.READ_ONLY, PageKind.ZERO_FILL, p.version);
            }
            // read fault: manager -> owner "send copy to R" (DESIGN §5)
            return forward(t, p.owner);
        }
        TreeSet<String> targets = new TreeSet<>(p.holders);
        targets.remove(requester);
        if (!p.holders.contains(requester) && p.written) {
            targets.remove(p.owner); // the owner gives up its copy when it sends the page
        }
        if (targets.isEmpty()) {
            return grantWrite(p, t);
        }
        // invalidate every copy before granting write (DESIGN §5)
        t.phase = Transaction.Phase.INVALIDATING;
        t.awaitingAcks.addAll(targets);
        return invalidations(t);
    }

    private List<Envelope> afterAllAcks(ManagedPage p, Transaction t, long now) {
        if (!t.requesterLost) {
            return grantWrite(p, t);
        }
        p.active = null; // the invalidation is complete, the grant has nobody to go to
        p.normalizeOwner();
        return p.lost ? failEverything(p) : startNext(p, now);
    }

    /** Every other copy is gone (all acks are in): grant the write. */
    private List<Envelope> grantWrite(ManagedPage p, Transaction t) {
        String requester = t.request.requester();
        if (p.holders.contains(requester)) {
            // upgrade READ_ONLY -> READ_WRITE without moving data (DESIGN §5)
            return grantDirect(t, PageState.READ_WRITE, PageKind.OWNERSHIP_ONLY, p.version + 1);
        }
        if (!p.written) {
            return grantDirect(t, PageState.READ_WRITE, PageKind.ZERO_FILL, p.version + 1);
        }
        // the owner sends the page and invalidates its own (DESIGN §5)
        return forward(t, p.owner);
    }

    private List<Envelope> grantDirect(Transaction t, byte grant, byte kind, long version) {
        Request r = t.request;
        t.phase = Transaction.Phase.GRANTED;
        t.grant = Data.grantWithoutData(r.pid(), r.page(), r.requestId(), grant, kind, version);
        return List.of(new Envelope(r.requester(), t.grant));
    }

    private List<Envelope> forward(Transaction t, String source) {
        Request r = t.request;
        t.phase = Transaction.Phase.FORWARDED;
        t.source = source;
        return List.of(new Envelope(source, new Forward(r.pid(), r.page(), r.requester(), r.access(), r.requestId())));
    }

    private List<Envelope> invalidations(Transaction t) {
        Request r = t.request;
        List<Envelope> out = new ArrayList<>();
        for (String holder : t.awaitingAcks) {
            out.add(new Envelope(holder, new Invalidate(r.pid(), r.page(), r.requestId(), r.requester())));
        }
        return out;
    }

    private List<Envelope> resend(Transaction t, long now) {
        t.deadline = now + config.retransmitAfter();
        return switch (t.phase) {
            case INVALIDATING -> invalidations(t);
            case FORWARDED -> forward(t, t.source);
            case GRANTED -> List.of(new Envelope(t.request.requester(), t.grant));
        };
    }

    private List<Envelope> startNext(ManagedPage p, long now) {
        List<Envelope> out = new ArrayList<>();
        while (p.active == null && !p.queue.isEmpty()) {
            Request next = p.queue.poll();
            out.addAll(p.lost ? finishRefused(p, next, PageStatus.FAILED) : start(p, next, now));
        }
        return out;
    }

    private List<Envelope> finishRefused(ManagedPage p, Request r, byte status) {
        p.finished.put(r.requester(), new ManagedPage.Finished(r.requestId(), status));
        return List.of(refusal(r, status));
    }

    private static Envelope refusal(Request r, byte status) {
        return new Envelope(r.requester(), Data.refusal(r.pid(), r.page(), r.requestId(), status));
    }

    // ---- node loss ---------------------------------------------------------------------------

    private List<Envelope> nodeLost(ManagedPage p, String node, long now) {
        p.queue.removeIf(q -> q.requester().equals(node));
        p.holders.remove(node);
        Transaction t = p.active;
        if (t != null && t.request.requester().equals(node)) {
            switch (t.phase) {
                // keep collecting acks: an invalidation sent cannot be recalled, so finish it
                case INVALIDATING -> t.requesterLost = true;
                case FORWARDED, GRANTED -> {
                    if (t.request.access() == Access.WRITE) {
                        // granted (or in transit) to the lost node, which may have written it already:
                        // every other copy is gone, so the content is lost
                        p.holders.clear();
                        p.written = true;
                    }
                    p.active = null;
                }
            }
        } else if (t != null && t.phase == Transaction.Phase.INVALIDATING) {
            t.awaitingAcks.remove(node); // its copy is gone with it
        }
        p.normalizeOwner();
        if (p.lost) {
            // a page whose only valid copy was on the lost node: its requests fail (DESIGN §10)
            return failEverything(p);
        }
        t = p.active;
        if (t == null) {
            return startNext(p, now);
        }
        if (t.phase == Transaction.Phase.INVALIDATING && t.awaitingAcks.isEmpty()) {
            return afterAllAcks(p, t, now);
        }
        if (t.phase == Transaction.Phase.FORWARDED && t.source.equals(node)) {
            return forward(t, p.owner); // another holder has the same content
        }
        return List.of();
    }

    private List<Envelope> failEverything(ManagedPage p) {
        List<Envelope> out = new ArrayList<>();
        Transaction t = p.active;
        p.active = null;
        if (t != null && !lostNodes.contains(t.request.requester())) {
            out.addAll(finishRefused(p, t.request, PageStatus.FAILED));
        }
        while (!p.queue.isEmpty()) {
            out.addAll(finishRefused(p, p.queue.poll(), PageStatus.FAILED));
        }
        return out;
    }

    private ManagedPage page(long page) {
        return pages.computeIfAbsent(page, ManagedPage::new);
    }
}
