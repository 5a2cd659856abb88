package io.procshare.verticles.exec;

/**
 * Exactly-once execution of one guest thread's forwarded syscalls (DESIGN §6): requests carry
 * (gtid, sequence) and a thread issues them one at a time, so the executor needs to remember only
 * the request it runs and its last reply. A new sequence runs; a retry of the running one only
 * replaces where the reply goes (the superseded target is told "in progress", which tells the
 * issuer the home is alive); a retry of the last completed one is answered from its reply; an
 * older one is stale. Sans-IO, thread-safe.
 *
 * @param <T> where a reply goes (a bus message)
 * @param <R> the reply
 */
public final class ExactlyOnce<T, R> {

    /** What to do with a request. */
    public sealed interface Decision<T, R> {
    }

    /** Run it: it is the thread's next syscall. */
    public record Execute<T, R>() implements Decision<T, R> {
    }

    /** It is running: the reply now goes to the new target; tell {@code superseded} (may be null) it is in progress. */
    public record Attach<T, R>(T superseded) implements Decision<T, R> {
    }

    /** It completed: answer with {@code reply}, do not run it again. */
    public record Replay<T, R>(R reply) implements Decision<T, R> {
    }

    /** Older than the last completed or running one: the issuer no longer waits for it. */
    public record Stale<T, R>() implements Decision<T, R> {
    }

    private long lastSequence;
    private R lastReply;
    private long running = -1;
    private T runningTarget;

    public synchronized Decision<T, R> onRequest(long sequence, T target) {
        if (sequence == running) {
            T old = runningTarget;
            runningTarget = target;
            return new Attach<>(old);
        }
        if (sequence == lastSequence && lastReply != null) {
            return new Replay<>(lastReply);
        }
        if (sequence <= lastSequence || running >= 0) {
            // a thread issues one syscall at a time: anything else is a delayed duplicate
            return new Stale<>();
        }
        running = sequence;
        runningTarget = target;
        return new Execute<>();
    }

    /** The running request finished with {@code reply}; returns the target to answer (the latest retry's). */
    public synchronized T complete(long sequence, R reply) {
        if (sequence != running) {
            throw new IllegalStateException("completing sequence " + sequence + " but " + running + " runs");
        }
        lastSequence = sequence;
        lastReply = reply;
        running = -1;
        T t = runningTarget;
        runningTarget = null;
        return t;
    }

    /** Sequence of the last completed request, 0 before the first. */
    public synchronized long lastSequence() {
        return lastSequence;
    }
}
