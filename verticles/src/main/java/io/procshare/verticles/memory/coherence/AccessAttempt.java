package io.procshare.verticles.memory.coherence;

import java.util.List;

/**
 * What {@link PageNode#begin} decided about one guest access.
 *
 * @param outcome   HIT: the access may proceed now and must be ended with {@link PageNode#end};
 *                  MISS: a request was issued ({@code requestId}, messages in {@code sends}), wait for
 *                  its {@link Completion}; WAIT: the page is busy (a request of another thread is out,
 *                  or an invalidation waits for in-flight accesses to end), retry after the next
 *                  completion or end
 * @param requestId the request issued (MISS) or awaited (WAIT, -1 if none), else -1
 * @param sends     messages to send (MISS only)
 */
public record AccessAttempt(Outcome outcome, long requestId, List<Envelope> sends) {

    /** See {@link AccessAttempt}. */
    public enum Outcome { HIT, MISS, WAIT }

    static AccessAttempt hit() {
        return new AccessAttempt(Outcome.HIT, -1, List.of());
    }

    static AccessAttempt waitFor(long requestId) {
        return new AccessAttempt(Outcome.WAIT, requestId, List.of());
    }

    static AccessAttempt miss(long requestId, List<Envelope> sends) {
        return new AccessAttempt(Outcome.MISS, requestId, List.copyOf(sends));
    }
}
