package io.procshare.verticles.memory.coherence;

import io.procshare.codecs.Access;
import io.procshare.codecs.PageState;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One page as a node sees it. Mutable, confined to the owning {@link PageNode}.
 */
final class LocalPage {

    /** PageState.NONE (invalid), READ_ONLY or READ_WRITE. */
    byte state = PageState.NONE;
    /** Content; kept after a WRITE forward as the handoff copy until the page is installed again. */
    long[] frame;
    long version;
    /** Guest accesses in flight; a revocation waits until this is 0. */
    int pins;
    /** Our request for this page, or null. */
    Outstanding outstanding;
    /** Forwards and Invalidates deferred until {@link #pins} drops to 0, in arrival order. */
    final ArrayDeque<CoherenceMessage> pendingRevocations = new ArrayDeque<>();
    /** Highest request id per requester of a Forward/Invalidate processed, to spot stale ones. */
    final Map<String, Long> revokedFor = new HashMap<>();
    /**
     * Revocations processed (or deferred) since our last install: their repeats are answered again.
     * More than one when a forward re-routed after a node loss reaches us late.
     */
    final Set<RevocationKey> openRevocations = new HashSet<>();
    /** The frame is the copy handed to this WRITE forward's requester; re-sent if the forward repeats. */
    boolean handoff;
    /** Highest request id whose grant we installed: a grant at or below it is a duplicate. */
    long lastInstalled = Long.MIN_VALUE;
    /** Id of our last request for this page: above {@link #lastInstalled}, a grant for it may still come. */
    long lastRequested = Long.MIN_VALUE;

    boolean valid() {
        return state != PageState.NONE;
    }

    boolean allows(byte access) {
        return state == PageState.READ_WRITE || (state == PageState.READ_ONLY && access == Access.READ);
    }

    /** Identifies a revocation: the requester it serves and that requester's request id. */
    record RevocationKey(String requester, long requestId) {
    }

    /** Our pending request: its id, access, how often it was sent and when to send it again. */
    static final class Outstanding {
        final long requestId;
        final byte access;
        int attempts = 1;
        long deadline;

        Outstanding(long requestId, byte access, long deadline) {
            this.requestId = requestId;
            this.access = access;
            this.deadline = deadline;
        }
    }
}
