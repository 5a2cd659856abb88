package io.procshare.verticles.memory.coherence.sim;

/** One simulated guest thread: one access at a time, begun, possibly waited for, then completed. */
final class SimThread {

    enum State { IDLE, WAITING, PINNED }

    State state = State.IDLE;
    long page;
    byte access;
    /** Request waited for, or -1 when waiting for a deferred revocation to be answered. */
    long awaited = -1;
    /** Whether {@link #awaited} is this thread's own request (its failure ends the access). */
    boolean ownRequest;

    void idle() {
        state = State.IDLE;
        awaited = -1;
        ownRequest = false;
    }

    void waitFor(long requestId, boolean own) {
        state = State.WAITING;
        awaited = requestId;
        ownRequest = own;
    }
}
