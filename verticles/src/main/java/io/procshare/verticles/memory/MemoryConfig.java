package io.procshare.verticles.memory;

import io.procshare.verticles.memory.space.AddressSpace;

/**
 * Settings of the memory control unit on one node.
 *
 * @param faultTimeoutMs  a guest thread waits at most this long for a page fault before it gets
 *                        {@link PageFaultTimeoutException}; a map change at the home that waits this
 *                        long for its shootdown logs it and goes on waiting for its true outcome
 * @param retransmitMs    protocol retransmission interval (requests, forwards, shootdown pushes)
 * @param maxAttempts     a page request fails (PageUnavailableException) after this many sends
 * @param tickMs          period of the retransmission timer
 * @param layout          where brk and mmap put things in every process created on this node, and
 *                        how many mappings and pages each may have
 * @param maxFrames       page frames (4 KiB each, on the heap) this node holds at most, over all
 *                        processes; a fault that needs one more fails (the process ends with
 *                        "frame memory cap") instead of the node running out of heap
 */
public record MemoryConfig(long faultTimeoutMs, long retransmitMs, int maxAttempts, long tickMs,
                           AddressSpace.Layout layout, long maxFrames) {

    public MemoryConfig {
        if (faultTimeoutMs <= 0 || retransmitMs <= 0 || maxAttempts < 1 || tickMs <= 0 || maxFrames < 1) {
            throw new IllegalArgumentException("memory config needs positive times and maxAttempts >= 1: " + this);
        }
    }

    /**
     * 10 s fault deadline, re-send after 200 ms, give up after 25 sends (5 s), tick every 50 ms;
     * frames up to half the JVM's maximum heap.
     */
    public static MemoryConfig defaults() {
        return new MemoryConfig(10_000, 200, 25, 50, AddressSpace.Layout.defaults(),
                halfTheHeapInFrames(Runtime.getRuntime().maxMemory()));
    }

    /** The default frame cap: half of a {@code maxHeapBytes} heap, in 4 KiB frames. */
    public static long halfTheHeapInFrames(long maxHeapBytes) {
        return Math.max(1, maxHeapBytes / 2 / 4096);
    }

    /** At most {@code v} frames on this node (node.json {@code limits.frameMemoryMiB} x 256). */
    public MemoryConfig withMaxFrames(long v) {
        return new MemoryConfig(faultTimeoutMs, retransmitMs, maxAttempts, tickMs, layout, v);
    }

    public MemoryConfig withFaultTimeoutMs(long v) {
        return new MemoryConfig(v, retransmitMs, maxAttempts, tickMs, layout, maxFrames);
    }

    public MemoryConfig withLayout(AddressSpace.Layout v) {
        return new MemoryConfig(faultTimeoutMs, retransmitMs, maxAttempts, tickMs, v, maxFrames);
    }

    /** Every process created on this node may map at most {@code v} pages (node.json {@code limits.mappedPagesPerProcess}). */
    public MemoryConfig withMaxPagesPerProcess(long v) {
        return withLayout(layout.withMaxPages(v));
    }
}
