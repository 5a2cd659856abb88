package io.procshare.verticles.syscall;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The system calls a program made that the {@link SyscallTable} lacks (answered -ENOSYS on the
 * calling node), counted per number, per process and for the node (issue 12 step 3), so that
 * {@code procshare status} can show users what their program missed. Numbers are bounded (the
 * generic table ends near 470; anything else is counted under {@link #OTHER}), so a program that
 * calls random numbers cannot grow the maps without limit. Thread-safe; recording is two hash
 * lookups and an add.
 */
public final class MissedSyscalls {

    /** Where numbers outside 0..{@link #MAX_NUMBER} are counted. */
    public static final int OTHER = -1;
    public static final int MAX_NUMBER = 1023;
    /** Processes remembered after they ended, so a status shortly after the exit still shows them. */
    private static final int ENDED_KEPT = 256;

    private final Map<Long, Map<Integer, LongAdder>> byProcess = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> node = new ConcurrentHashMap<>();
    private final java.util.ArrayDeque<Long> ended = new java.util.ArrayDeque<>();

    /** Thread {@code pid}'s call {@code number} got -ENOSYS. */
    public void record(long pid, long number) {
        int nr = number < 0 || number > MAX_NUMBER ? OTHER : (int) number;
        byProcess.computeIfAbsent(pid, p -> new ConcurrentHashMap<>()).computeIfAbsent(nr, n -> new LongAdder()).increment();
        node.computeIfAbsent(nr, n -> new LongAdder()).increment();
    }

    /** Number to count for {@code pid} on this node, by number (empty when it missed nothing here). */
    public SortedMap<Integer, Long> ofProcess(long pid) {
        return snapshot(byProcess.getOrDefault(pid, Map.of()));
    }

    /** Number to count over every process this node has run threads of. */
    public SortedMap<Integer, Long> ofNode() {
        return snapshot(node);
    }

    /** The pids with a count here. */
    public java.util.Set<Long> pids() {
        return java.util.Set.copyOf(byProcess.keySet());
    }

    /** {@code pid} ended: its counts are kept for the next few status queries, then dropped. */
    public void ended(long pid) {
        synchronized (ended) {
            ended.addLast(pid);
            while (ended.size() > ENDED_KEPT) {
                byProcess.remove(ended.removeFirst());
            }
        }
    }

    /** "293 rseq ×1, 435 clone3 ×2": what the plain status prints. */
    public static String describe(Map<Integer, Long> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((nr, n) -> {
            b.append(b.isEmpty() ? "" : ", ");
            b.append(nr == OTHER ? "other" : nr + " " + SyscallNames.describe(nr)).append(" ×").append(n);
        });
        return b.toString();
    }

    private static SortedMap<Integer, Long> snapshot(Map<Integer, LongAdder> m) {
        SortedMap<Integer, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
