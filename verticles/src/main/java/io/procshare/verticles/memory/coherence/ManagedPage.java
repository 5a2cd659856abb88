package io.procshare.verticles.memory.coherence;

import io.procshare.verticles.memory.coherence.CoherenceMessage.Request;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One page as its manager sees it. Mutable, confined to the owning {@link PageManager}.
 */
final class ManagedPage {

    final long page;
    /** The holder that serves copies, or null if the page was never written. */
    String owner;
    /** Whether the page was ever written: if so and no holder is left, the content is lost. */
    boolean written;
    /** Nodes with a valid copy (READ_ONLY or READ_WRITE), the owner included. Sorted: deterministic. */
    final TreeSet<String> holders = new TreeSet<>();
    /** The only valid copy was on a lost node: every request fails. */
    boolean lost;
    /** Bumped by every write grant; sent as PageData.pageVersion. */
    long version;
    /** The transaction being served, or null: one at a time per page. */
    Transaction active;
    final ArrayDeque<Request> queue = new ArrayDeque<>();
    /** Newest request id seen per requester: older ones are superseded. */
    final Map<String, Long> newestRequest = new HashMap<>();
    /** Last finished request per requester and how it ended, to answer its duplicates. */
    final Map<String, Finished> finished = new HashMap<>();

    ManagedPage(long page) {
        this.page = page;
    }

    /** Restores "a written page has an owner among its holders", or marks it lost. */
    void normalizeOwner() {
        if (!written || (owner != null && holders.contains(owner))) {
            return;
        }
        if (holders.isEmpty()) {
            lost = true;
        } else {
            owner = holders.first(); // every READ_ONLY copy equals the owner's
        }
    }

    record Finished(long requestId, byte status) {
    }
}
