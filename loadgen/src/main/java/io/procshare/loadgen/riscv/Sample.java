package io.procshare.loadgen.riscv;

import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * One timed run of one benchmark under one condition.
 *
 * @param benchmark   what ran
 * @param condition   {@code qemu}, or the placement it ran with on the cluster ({@code pack}, {@code spread})
 * @param round       the repeat it belongs to (0-based; the rounds interleave the conditions)
 * @param args        the program's arguments, space-separated
 * @param wallNs      from the start of the run to its exit at the client (qemu: process start to its
 *                    end; procshare: from the upload of the binary to the exit message)
 * @param cpuNs       CPU time (user + system) the run used: qemu's process, or the whole JVM of the
 *                    nodes and this client (-1 when unknown)
 * @param stdout      what the program printed
 * @param status      its exit status
 * @param nodes       per node (by name, in the cluster's order) the deltas of its counters over the
 *                    run ({@link RiscvCounters#NAMES}); empty for qemu
 * @param threadNodes where each guest thread ran (procshare only)
 */
public record Sample(Benchmark benchmark, String condition, int round, String args, long wallNs, long cpuNs,
                     String stdout, int status, SequencedMap<String, Map<String, Long>> nodes, List<String> threadNodes) {

    public static final String QEMU = "qemu";

    public Sample {
        threadNodes = List.copyOf(threadNodes);
    }

    /** Guest instructions retired over every node, or -1 for qemu (which does not count them). */
    public long instructions() {
        if (nodes.isEmpty()) {
            return -1;
        }
        return nodes.values().stream().mapToLong(c -> c.getOrDefault(RiscvCounters.RETIRED, 0L)).sum();
    }

    /** The sum of one counter's deltas over every node. */
    public long total(String counter) {
        return nodes.values().stream().mapToLong(c -> c.getOrDefault(counter, 0L)).sum();
    }
}
