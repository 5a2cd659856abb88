package io.procshare.node.status;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's own memory as {@code status} shows it: heap used now, the highest heap used seen by a
 * sampler (every {@link #SAMPLE_MS} ms, so a peak shorter than that can be missed), the heap's
 * maximum, and the process's resident set now and at its peak (Linux's VmRSS and VmHWM; absent
 * elsewhere). For load runs: what a node needs, not what it was given.
 */
final class JvmGauges {

    static final long SAMPLE_MS = 200;
    static final String HEAP_USED = "jvm.heapUsedBytes";
    static final String HEAP_PEAK = "jvm.heapPeakBytes";
    static final String HEAP_MAX = "jvm.heapMaxBytes";
    static final String RSS = "jvm.rssBytes";
    static final String RSS_PEAK = "jvm.rssPeakBytes";

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong heapPeak = new AtomicLong();

    /** Records the heap used now into the peak; cheap, called by a timer. */
    void sample() {
        heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    }

    /** Puts every gauge into {@code out}. */
    void addTo(Map<String, Long> out) {
        var heap = memory.getHeapMemoryUsage();
        out.put(HEAP_USED, heap.getUsed());
        out.put(HEAP_PEAK, heapPeak.accumulateAndGet(heap.getUsed(), Math::max));
        out.put(HEAP_MAX, heap.getMax());
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    out.put(RSS, kib(line));
                } else if (line.startsWith("VmHWM:")) {
                    out.put(RSS_PEAK, kib(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs: the RSS gauges are absent
        }
    }

    /** "VmRSS:     123456 kB" in bytes. */
    static long kib(String line) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]) * 1024;
    }
}
