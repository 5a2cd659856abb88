package io.procshare.verticles;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Event counters of one node (rejected frames, faults, forwarded syscalls, ...), each a Micrometer
 * meter: one instance per node, handed to every verticle that counts; read by {@code procshare
 * status} ({@link #snapshot()}) and by {@code /metrics} ({@link #registry()}). A name's count lives
 * once, in a {@link LongAdder}; its meter reads that adder ({@link FunctionCounter}, or a
 * {@link Gauge} for the names declared {@link #gauge levels}), so there is no second copy to keep
 * in step. Increments are lock-free and allocation-free once a name exists.
 *
 * <p>Meter names: {@value #METER_PREFIX} + the counter's name ({@code memory.faults} is
 * {@code procshare.memory.faults}, {@code procshare_memory_faults_total} in Prometheus). Meters that
 * {@link #snapshot()} does not list, so that {@code status} stays as it is: syscalls per number
 * ({@link #countSyscall}) and latency timers with histograms ({@link #timer}).
 */
public final class NodeCounters {

    /** Frames that failed to decode (wrong version, truncated, oversized, unknown type, ...). */
    public static final String REJECTED_FRAMES = "rejectedFrames";
    /** Messages answered by the echo probe. */
    public static final String ECHOED = "echoed";
    /** Prefix of every meter name. */
    public static final String METER_PREFIX = "procshare.";
    /** Meter of the HOME syscalls executed at this home, one per number (tags {@code nr}, {@code name}). */
    public static final String SYSCALLS_BY_NUMBER = METER_PREFIX + "syscalls.byNumber";

    /** Syscall numbers above this share one meter (Linux's generic table ends below 512). */
    private static final int MAX_SYSCALL = 511;

    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<Counter> syscalls = new AtomicReferenceArray<>(MAX_SYSCALL + 1);
    private final MeterRegistry registry;

    /** Counters whose meters nobody scrapes (tests, tools). */
    public NodeCounters() {
        this(new SimpleMeterRegistry());
    }

    /** Counters whose meters are registered in {@code registry} (a node's Prometheus registry). */
    public NodeCounters(MeterRegistry registry) {
        this.registry = registry;
        adder(REJECTED_FRAMES);
        adder(ECHOED);
    }

    /** The registry every meter of this node is in. */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Declares {@code name} a level that goes up and down (pages held, frames in use): its meter is a
     * gauge, not a counter. Call it before the name's first count.
     */
    public void gauge(String name) {
        if (!counters.containsKey(name)) {
            gauges.add(name);
        }
        adder(name);
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

    /** Counts one HOME syscall {@code nr} executed at this home; {@code name} tags its meter. */
    public void countSyscall(int nr, String name) {
        int i = nr < 0 || nr > MAX_SYSCALL ? MAX_SYSCALL : nr;
        Counter c = syscalls.get(i);
        if (c == null) {
            c = Counter.builder(SYSCALLS_BY_NUMBER).description("HOME syscalls executed at this home, by number")
                    .tag("nr", i == MAX_SYSCALL && nr != MAX_SYSCALL ? "other" : Integer.toString(nr))
                    .tag("name", i == nr ? name : "other").register(registry);
            syscalls.compareAndSet(i, null, c);
        }
        c.increment();
    }

    /**
     * A latency timer with a Prometheus histogram (buckets from 10 µs to 30 s), registered once per
     * name; keep it in a field and {@code record(nanos, NANOSECONDS)} on the path it measures.
     */
    public Timer timer(String name, String description) {
        return timers.computeIfAbsent(name, n -> Timer.builder(METER_PREFIX + n).description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }

    /** A point-in-time copy, sorted by name so that status output is stable. */
    public SequencedMap<String, Long> snapshot() {
        SequencedMap<String, Long> out = new LinkedHashMap<>();
        counters.keySet().stream().sorted().forEach(k -> out.put(k, counters.get(k).sum()));
        return out;
    }

    private LongAdder adder(String name) {
        LongAdder a = counters.get(name);
        return a != null ? a : counters.computeIfAbsent(name, this::register);
    }

    private LongAdder register(String name) {
        LongAdder a = new LongAdder();
        if (gauges.contains(name)) {
            Gauge.builder(METER_PREFIX + name, a, LongAdder::sum).register(registry);
        } else {
            FunctionCounter.builder(METER_PREFIX + name, a, LongAdder::sum).register(registry);
        }
        return a;
    }

    @Override
    public String toString() {
        Map<String, Long> s = snapshot();
        return "NodeCounters" + s;
    }
}
