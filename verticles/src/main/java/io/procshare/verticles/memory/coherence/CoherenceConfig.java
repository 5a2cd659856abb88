package io.procshare.verticles.memory.coherence;

import java.util.Objects;

/**
 * Settings of one process's coherence protocol, shared by its {@link PageManager} and every
 * {@link PageNode}. Times are in the caller's clock units (the verticle uses milliseconds, the
 * simulator counts steps): handlers never read a clock, they are given {@code now}.
 *
 * @param pid             process id
 * @param home            node id of the process's home, the manager of all its pages (v1)
 * @param retransmitAfter a requester re-sends its request, and the manager re-sends the outstanding
 *                        messages of a transaction, when this much time passed without progress
 * @param maxAttempts     a requester gives up (status FAILED) after this many sends of one request
 */
public record CoherenceConfig(long pid, String home, long retransmitAfter, int maxAttempts) {

    public CoherenceConfig {
        Objects.requireNonNull(home, "home");
        if (retransmitAfter <= 0) {
            throw new IllegalArgumentException("retransmitAfter is " + retransmitAfter + ", expected > 0");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is " + maxAttempts + ", expected >= 1");
        }
    }

    /** Defaults for a real node: re-send after 200 ms, give up after 10 sends (about 2 s). */
    public static CoherenceConfig defaults(long pid, String home) {
        return new CoherenceConfig(pid, home, 200, 10);
    }
}
