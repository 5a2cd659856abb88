package io.procshare.verticles.memory.coherence;

/**
 * The end of one page request at its requester, drained with {@link PageNode#drainCompletions()}:
 * the verticle wakes the faulting thread with it. {@code status} is a {@code PageStatus}: OK (the
 * page is installed; the thread retries its access), SEGV, or FAILED (node lost, or the home did not
 * answer within {@link CoherenceConfig#maxAttempts()} sends).
 */
public record Completion(long requestId, long page, byte status) {
}
