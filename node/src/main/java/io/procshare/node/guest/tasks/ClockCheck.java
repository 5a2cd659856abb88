package io.procshare.node.guest.tasks;

import io.procshare.node.guest.Guest;
import io.procshare.node.guest.SharedTask;
import io.procshare.node.guest.SpawnedThread;
import io.procshare.node.guest.ThreadEntry;
import io.procshare.verticles.syscall.Errno;
import io.procshare.verticles.syscall.Futexes;
import io.procshare.verticles.syscall.Sysno;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code clockcheck [--wait-ms N] [--tolerance-ms T]}: checks that the process has one CLOCK_MONOTONIC on every node
 * (issue 12 item 4), as {@code pthread_cond_timedwait} needs. Main reads the clock on the home;
 * one worker per other node (on the home when there is none) reads it there, then waits with
 * FUTEX_WAIT_BITSET on a word nobody changes until an absolute CLOCK_MONOTONIC deadline N ms
 * (default 1000) after its reading, which its home judges. Passes when every worker's first
 * reading is not before main's, every wait ends with ETIMEDOUT after at least N ms and less than
 * N + max(N, 2000) ms (by the worker's own host clock), and main's last reading is not before any
 * worker's last, each within T ms (default 100): a node other than the home knows the home's clock
 * only within half a round trip of the event bus, which a loaded host stretches. On hosts whose
 * monotonic clocks differ and without one clock per process, the wait ends at once or after the
 * difference between the clocks.
 */
public final class ClockCheck implements SharedTask {

    static final String NAME = "clockcheck";
    static final String USAGE = "clockcheck [--wait-ms N] [--tolerance-ms T]   (N 10..60000, default 1000; T 0..10000, default 100)";
    private static final TaskArgs.Option WAIT_MS = new TaskArgs.Option("--wait-ms", 10, 60_000);
    private static final TaskArgs.Option TOLERANCE_MS = new TaskArgs.Option("--tolerance-ms", 0, 10_000);
    private static final long DEFAULT_TOLERANCE_MS = 100;
    private static final long DEFAULT_WAIT_MS = 1_000;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int OP = Futexes.FUTEX_WAIT_BITSET | Futexes.FUTEX_PRIVATE_FLAG;
    /** A worker's slot: block, wait ms, first reading, last reading, elapsed host ns, futex result, 2 words of timespec. */
    private static final long SLOT = 64;
    private static final long SLOTS_AT = 256;

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public void validate(String[] args) {
        parse(args);
    }

    private static long[] parse(String[] args) {
        TaskArgs a = TaskArgs.parse(NAME, USAGE, args, 0, "arguments", WAIT_MS, TOLERANCE_MS);
        return new long[] {a.get(WAIT_MS.name(), DEFAULT_WAIT_MS), a.get(TOLERANCE_MS.name(), DEFAULT_TOLERANCE_MS)};
    }

    static long monotonic(Guest g, long buffer) {
        long r = g.syscall(Sysno.CLOCK_GETTIME, CLOCK_MONOTONIC, buffer);
        if (r != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_MONOTONIC) returned " + r);
        }
        return g.readLong(buffer) * 1_000_000_000L + g.readLong(buffer + 8);
    }

    @Override
    public int main(Guest g, String[] args) {
        long[] options = parse(args);
        long waitMs = options[0];
        long tolerance = options[1] * 1_000_000L;
        List<String> others = new ArrayList<>(g.nodeNames());
        others.remove(g.homeName());
        if (others.isEmpty()) {
            others.add(g.homeName());
        }
        long block = g.allocPages(TaskSupport.pages(SLOTS_AT + SLOT * others.size()));
        long first = monotonic(g, block + 64);
        List<SpawnedThread> threads = new ArrayList<>();
        for (int k = 0; k < others.size(); k++) {
            long slot = block + SLOTS_AT + SLOT * k;
            g.writeLong(slot, block);
            g.writeLong(slot + 8, waitMs);
            threads.add(g.spawn(Worker.class, slot, others.get(k)));
        }
        int failedWorkers = TaskSupport.joinAll(g, threads);
        long last = monotonic(g, block + 64);

        List<String> problems = new ArrayList<>();
        long waitNs = waitMs * 1_000_000L;
        long slack = Math.max(waitNs, 2_000_000_000L);
        for (int k = 0; k < others.size(); k++) {
            long slot = block + SLOTS_AT + SLOT * k;
            long t1 = g.readLong(slot + 16);
            long t2 = g.readLong(slot + 24);
            long elapsed = g.readLong(slot + 32);
            long ret = g.readLong(slot + 40);
            g.println(String.format(Locale.ROOT, "clockcheck: on %s: clock %+d ms from main's, futex deadline %d ms ahead "
                    + "returned %d after %d ms", others.get(k), (t1 - first) / 1_000_000, waitMs, ret, elapsed / 1_000_000));
            if (t1 < first - tolerance) {
                problems.add(others.get(k) + "'s clock read " + (first - t1) / 1_000_000 + " ms before main's earlier reading");
            }
            if (ret != -Errno.ETIMEDOUT) {
                problems.add("the wait on " + others.get(k) + " returned " + ret + ", not -ETIMEDOUT");
            }
            if (elapsed < waitNs - tolerance || elapsed >= waitNs + slack) {
                problems.add("the wait on " + others.get(k) + " took " + elapsed / 1_000_000 + " ms for a deadline "
                        + waitMs + " ms ahead");
            }
            if (last < t2 - tolerance) {
                problems.add("main's last reading is " + (t2 - last) / 1_000_000 + " ms before " + others.get(k) + "'s");
            }
        }
        if (failedWorkers > 0) {
            problems.add(failedWorkers + " workers exited with a nonzero status");
        }
        g.freePages(block, TaskSupport.pages(SLOTS_AT + SLOT * others.size()));
        boolean passed = problems.isEmpty();
        g.println("clockcheck: check " + (passed ? "passed (" + others.size() + " nodes, one CLOCK_MONOTONIC)"
                : "FAILED (" + String.join("; ", problems) + ")"));
        return passed ? 0 : 1;
    }

    /** Reads the clock, waits for an absolute deadline on a word nobody changes, reads it again. */
    public static final class Worker implements ThreadEntry {
        @Override
        public int run(Guest g, long slot) {
            long block = g.readLong(slot);
            long waitMs = g.readLong(slot + 8);
            long word = block + 128 + 8 * (((slot - block - SLOTS_AT) / SLOT) % 8);
            long start = System.nanoTime(); // before the reading the deadline counts from: elapsed >= the wait
            long t1 = monotonic(g, slot + 48);
            long deadline = t1 + waitMs * 1_000_000L;
            g.writeLong(slot + 48, deadline / 1_000_000_000L);
            g.writeLong(slot + 56, deadline % 1_000_000_000L);
            long ret = g.syscall(Sysno.FUTEX, word, OP, 0, slot + 48, 0, Futexes.FUTEX_BITSET_MATCH_ANY);
            long elapsed = System.nanoTime() - start;
            long t2 = monotonic(g, slot + 48);
            g.writeLong(slot + 16, t1);
            g.writeLong(slot + 24, t2);
            g.writeLong(slot + 32, elapsed);
            g.writeLong(slot + 40, ret);
            return 0;
        }
    }
}
