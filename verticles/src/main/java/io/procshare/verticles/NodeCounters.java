package io.procshare.verticles;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Monotonic event counters of one node (rejected frames, messages served, later faults and
 * forwarded syscalls). One instance per node, handed to every verticle that counts; read by
 * {@code procshare status}. Increments are lock-free and allocation-free once a name exists.
 */
public final class NodeCounters {

    /** Frames that failed to decode (wrong version, truncated, oversized, unknown type, ...). */
    public static final String REJECTED_FRAMES = "rejectedFrames";
    /** Messages answered by the echo probe. */
    public static final String ECHOED = "echoed";

    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

    public NodeCounters() {
        adder(REJECTED_FRAMES);
        adder(ECHOED);
    }

    public void increment(String name) {
        adder(name).increment();
    }

    public void add(String name, long delta) {
        adder(name).add(delta);
    }

    public long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** A point-in-time copy, sorted by name so that status output is stable. */
    public SequencedMap<String, Long> snapshot() {
        SequencedMap<String, Long> out = new LinkedHashMap<>();
        counters.keySet().stream().sorted().forEach(k -> out.put(k, counters.get(k).sum()));
        return out;
    }

    private LongAdder adder(String name) {
        LongAdder a = counters.get(name);
        return a != null ? a : counters.computeIfAbsent(name, k -> new LongAdder());
    }

    @Override
    public String toString() {
        Map<String, Long> s = snapshot();
        return "NodeCounters" + s;
    }
}
