package io.procshare.loadgen.riscv;

import io.procshare.node.guest.riscv.RiscvRunner;
import io.procshare.verticles.exec.SyscallCounters;
import io.procshare.verticles.memory.MemoryCounters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node counters the {@code riscv} experiment reads around every run (the {@code counters} of
 * {@code procshare status --json}, read here straight from the in-JVM nodes), and the short names
 * results.json gives their deltas.
 */
public final class RiscvCounters {

    public static final String RETIRED = RiscvRunner.RETIRED;

    /** Node counter name → results.json field, in the order the report shows them. */
    public static final Map<String, String> FIELDS = fields();
    public static final List<String> NAMES = List.copyOf(FIELDS.keySet());

    private RiscvCounters() {
    }

    private static Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(RiscvRunner.RETIRED, "instructions");
        m.put(RiscvRunner.THREADS, "threads");
        m.put(MemoryCounters.FAULTS, "faults");
        m.put(MemoryCounters.INVALIDATIONS, "invalidations");
        m.put(MemoryCounters.FORWARDS, "page_forwards");
        m.put(SyscallCounters.FORWARDED, "syscalls_forwarded");
        m.put(SyscallCounters.DIRECT, "syscalls_direct");
        m.put(SyscallCounters.EXECUTED, "syscalls_executed");
        return java.util.Collections.unmodifiableMap(m);
    }
}
