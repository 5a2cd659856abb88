package io.procshare.verticles.memory.coherence;

import io.procshare.verticles.memory.coherence.CoherenceMessage.Data;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Request;
import java.util.TreeSet;

/**
 * The request a page's manager is serving, and how far it got. Mutable, manager-confined.
 */
final class Transaction {

    enum Phase {
        /** Invalidations sent; waiting for every ack before the write grant. */
        INVALIDATING,
        /** Forward sent to {@link #source}; waiting for the requester's confirm. */
        FORWARDED,
        /** Manager sent {@link #grant} itself (ZERO_FILL or OWNERSHIP_ONLY); waiting for the confirm. */
        GRANTED
    }

    final Request request;
    Phase phase;
    final TreeSet<String> awaitingAcks = new TreeSet<>();
    String source;
    Data grant;
    /** The requester died mid-invalidation: finish collecting acks, then grant nothing. */
    boolean requesterLost;
    long deadline;

    Transaction(Request request) {
        this.request = request;
    }

    boolean isFor(String requester, long requestId) {
        return request.requester().equals(requester) && request.requestId() == requestId;
    }
}
