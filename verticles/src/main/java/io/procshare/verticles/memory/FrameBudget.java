package io.procshare.verticles.memory;

import io.procshare.verticles.NodeCounters;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The page frames one node holds, over all processes, against its cap ({@link MemoryConfig#maxFrames()},
 * node.json {@code limits.frameMemoryMiB}). A process takes a frame when it first faults a page
 * here and gives its frames back when it ends; a fault that finds the budget spent fails, so the
 * process ends with a clear message and the node keeps its heap (DESIGN §10).
 */
final class FrameBudget {

    /** Gauge: frames held now. */
    static final String FRAMES = "memory.frames";
    /** Faults refused because the node's frames were all taken. */
    static final String REFUSED = "memory.framesRefused";

    private final long max;
    private final AtomicLong used = new AtomicLong();
    private final NodeCounters counters;

    FrameBudget(long max, NodeCounters counters) {
        this.max = max;
        this.counters = counters;
        counters.gauge(FRAMES);
        counters.add(REFUSED, 0);
    }

    /** Takes one frame; false (and counted) if the cap is reached. */
    boolean take() {
        long u;
        do {
            u = used.get();
            if (u >= max) {
                counters.increment(REFUSED);
                return false;
            }
        } while (!used.compareAndSet(u, u + 1));
        counters.increment(FRAMES);
        return true;
    }

    void giveBack(long n) {
        used.addAndGet(-n);
        counters.add(FRAMES, -n);
    }

    /** Why a fault was refused, for the process's error message. */
    String refusal(String node) {
        return "node " + node + " reached its frame memory cap (" + max + " frames, " + (max * 4096 >> 20)
                + " MiB: node.json limits.frameMemoryMiB)";
    }
}
