package io.procshare.node.litmus;

import io.procshare.node.litmus.LitmusTest.Load;
import io.procshare.node.litmus.LitmusTest.Op;
import io.procshare.node.litmus.LitmusTest.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs litmus tests over shared memory. Layout at {@code base}: the barrier word on the first page,
 * then each location on a page of its own (so that two locations never share a page and the
 * coherence protocol, not page granularity, must order them).
 *
 * <p>One iteration i, for every thread: thread {@code i mod n} resets the locations (so no thread
 * starts every iteration owning them all); all meet at a barrier; each waits a random number of
 * spins (start jitter), then runs its program; all meet at a second barrier; thread
 * {@code (i + 1) mod n}, the next resetter, reads the final values. Every value stored in
 * iteration i, the reset's included, carries i ({@link #tagged}): a load or final value that
 * carries another iteration is a copy left over from an earlier one, which sequential consistency
 * forbids, and is counted as the outcome {@link #STALE} (issue 13, finding 7). The barrier is a
 * fetch-add on the shared barrier word and a spin with a deadline: a lost update or a hung page
 * fails the run instead of hanging it.
 */
public final class LitmusRunner {

    /** Bytes of shared memory a test needs from {@code base}. */
    public static long footprint(LitmusTest test) {
        return (long) (1 + test.locations()) * PAGE;
    }

    static final long PAGE = 4096;
    /** The outcome value of a load or final that carried another iteration than its own. */
    public static final String STALE = "stale";
    /** Start jitter: each thread spins up to this many times after the first barrier. */
    static final int JITTER_SPINS = 512;

    private LitmusRunner() {
    }

    /**
     * The part of a run that one thread did.
     *
     * @param registers per iteration, the registers this thread's loads wrote (others 0), as loaded
     *                  (tagged with their iteration)
     * @param finals    per iteration, the final values of {@link LitmusTest#finals()} where this thread
     *                  read them (iteration i: thread (i + 1) mod n), else 0
     */
    public record RoleResult(long[][] registers, long[][] finals) {
    }

    /**
     * Runs thread {@code thread} of {@code test} for {@code iterations}, on whatever node {@code memory}
     * lives on; fails if a barrier sees no completion within {@code stallMs}.
     */
    public static RoleResult runRole(LitmusTest test, int thread, int iterations, long base, LitmusMemory memory,
                                     long stallMs) {
        int n = test.threads().size();
        List<Op> program = test.threads().get(thread);
        long[][] registers = new long[iterations][test.registers()];
        long[][] finals = new long[iterations][test.finals().size()];
        long barrier = base;
        java.util.SplittableRandom jitter = new java.util.SplittableRandom(test.name().hashCode() * 31L + thread);
        for (int i = 0; i < iterations; i++) {
            if (thread == i % n) {
                for (int loc = 0; loc < test.locations(); loc++) {
                    memory.store(location(base, loc), tagged(i, 0));
                }
            }
            await(memory, barrier, (2L * i + 1) * n, stallMs, test, i);
            for (int spin = jitter.nextInt(JITTER_SPINS); spin > 0; spin--) {
                Thread.onSpinWait();
            }
            for (Op op : program) {
                switch (op) {
                    case Store s -> memory.store(location(base, s.location()), tagged(i, s.value()));
                    case Load l -> registers[i][l.register()] = memory.load(location(base, l.location()));
                }
            }
            await(memory, barrier, (2L * i + 2) * n, stallMs, test, i);
            if (thread == (i + 1) % n) {
                // before this thread's reset of iteration i + 1, in program order
                for (int f = 0; f < test.finals().size(); f++) {
                    finals[i][f] = memory.load(location(base, test.finals().get(f)));
                }
            }
        }
        return new RoleResult(registers, finals);
    }

    /** The value {@code value} (0..255) as stored in iteration {@code iteration}. */
    static long tagged(int iteration, long value) {
        return ((long) iteration + 1) << 8 | value;
    }

    /** What a value loaded in iteration {@code iteration} means: its test value, or {@link #STALE}. */
    static String untagged(int iteration, long raw) {
        return raw >>> 8 == (long) iteration + 1 ? String.valueOf(raw & 0xff) : STALE;
    }

    static long location(long base, int loc) {
        return base + (1L + loc) * PAGE;
    }

    private static void await(LitmusMemory memory, long barrier, long target, long stallMs, LitmusTest test, int i) {
        memory.fetchAdd(barrier, 1);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stallMs);
        int spins = 0;
        while (memory.load(barrier) < target) {
            if ((++spins & 0xff) == 0 && System.nanoTime() > deadline) {
                throw new IllegalStateException(test.name() + ": barrier not reached at iteration " + i
                        + " (barrier word " + memory.load(barrier) + ", want " + target + ") within " + stallMs + " ms");
            }
            Thread.onSpinWait();
        }
    }

    /** Counts outcomes: every thread's registers of one iteration merged, plus thread 0's finals. */
    public static Map<String, Long> tally(LitmusTest test, List<RoleResult> roles, int iterations) {
        Map<String, Long> outcomes = new TreeMap<>();
        int n = roles.size();
        for (int i = 0; i < iterations; i++) {
            String[] regs = new String[test.registers()];
            for (int t = 0; t < n; t++) {
                for (Op op : test.threads().get(t)) {
                    if (op instanceof Load l) {
                        regs[l.register()] = untagged(i, roles.get(t).registers()[i][l.register()]);
                    }
                }
            }
            String[] finals = new String[test.finals().size()];
            for (int f = 0; f < finals.length; f++) {
                finals[f] = untagged(i, roles.get((i + 1) % n).finals()[i][f]);
            }
            outcomes.merge(test.outcome(regs, finals), 1L, Long::sum);
        }
        return outcomes;
    }

    /** How many of the counted outcomes the test forbids, a stale value in any of them included. */
    public static long forbidden(LitmusTest test, Map<String, Long> outcomes) {
        return outcomes.entrySet().stream().filter(e -> test.forbidden().contains(e.getKey()) || isStale(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** How many of the counted outcomes hold a value left over from an earlier iteration. */
    public static long stale(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream().filter(e -> isStale(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    private static boolean isStale(String outcome) {
        return outcome.contains("=" + STALE);
    }

    /** Runs every thread of {@code test} in this JVM, thread t on {@code memories.get(t)}. */
    public static LitmusResult runInProcess(LitmusTest test, String placement, int iterations, long base,
                                            List<LitmusMemory> memories, long deadlineMs) {
        int n = test.threads().size();
        if (memories.size() != n) {
            throw new IllegalArgumentException(test.name() + " needs " + n + " memories, got " + memories.size());
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, Thread.ofPlatform().name("litmus-", 0).factory());
        try {
            List<Future<RoleResult>> futures = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int thread = t;
                futures.add(pool.submit(() -> runRole(test, thread, iterations, base, memories.get(thread), deadlineMs)));
            }
            List<RoleResult> roles = new ArrayList<>();
            for (Future<RoleResult> f : futures) {
                roles.add(f.get(deadlineMs * (iterations + 1L), TimeUnit.MILLISECONDS));
            }
            Map<String, Long> outcomes = tally(test, roles, iterations);
            return new LitmusResult(test.name(), placement, iterations, outcomes, forbidden(test, outcomes));
        } catch (ExecutionException e) {
            throw new IllegalStateException(test.name() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(test.name() + " did not finish within " + deadlineMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(test.name() + " interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
