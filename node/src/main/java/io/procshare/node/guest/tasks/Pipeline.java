package io.procshare.node.guest.tasks;

import io.procshare.node.guest.CondVar;
import io.procshare.node.guest.Guest;
import io.procshare.node.guest.Mutex;
import io.procshare.node.guest.SharedTask;
import io.procshare.node.guest.SpawnedThread;
import io.procshare.node.guest.ThreadEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code pipeline [--items N]}: producers and consumers over a bounded queue in shared guest
 * memory (default N = 10 000 items).
 *
 * <p>The queue is a ring buffer of 64 longs with head, tail and count, guarded by a futex
 * {@link Mutex} with two {@link CondVar}s (not full, not empty), all in one page. Of the
 * {@link Guest#requestedThreads()} T threads, P = max(1, T/2) produce and C = max(1, T-P) consume
 * (so T = 1 still starts two). The producers push the values 1..N, each a contiguous part of
 * them; main joins them and pushes one poison pill per consumer; each consumer pops until its pill,
 * summing what it got, and adds its sum and count to two shared counters. Main checks that N items
 * summing to N(N+1)/2 arrived and prints {@code pipeline: check passed (...)} (exit 0) or
 * {@code pipeline: check FAILED (...)} (exit 1). Every item crosses the queue's page, which moves
 * between the producer's and the consumer's nodes: this task measures coherence traffic more than
 * it computes.
 */
public final class Pipeline implements SharedTask {

    static final String NAME = "pipeline";
    static final String USAGE = "pipeline [--items N]   (N from 1 to 100000000, default 10000)";
    private static final TaskArgs.Option ITEMS = new TaskArgs.Option("--items", 1, 100_000_000);
    private static final long DEFAULT_ITEMS = 10_000;
    /** What a consumer stops at; the items are 1..N. */
    static final long POISON = -1;

    // the args block: what main writes before spawning, then the totals the consumers add to
    private static final long ITEMS_AT = 0;
    private static final long PRODUCERS_AT = 8;
    private static final long CONSUMERS_AT = 16;
    private static final long QUEUE_AT = 24;
    private static final long TOTAL_COUNT_AT = 32;
    private static final long TOTAL_SUM_AT = 40;
    private static final long DESCRIPTORS_AT = 64;

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public void validate(String[] args) {
        parse(args);
    }

    private static long parse(String[] args) {
        return TaskArgs.parse(NAME, USAGE, args, 0, "arguments", ITEMS).get(ITEMS.name(), DEFAULT_ITEMS);
    }

    /** How many of {@code threads} requested threads produce. */
    static int producers(int threads) {
        return Math.max(1, threads / 2);
    }

    /** How many consume. */
    static int consumers(int threads) {
        return Math.max(1, threads - producers(threads));
    }

    /** The first value producer {@code k} of {@code producers} pushes (its last is {@code first(k + 1) - 1}). */
    static long first(long items, int producers, int k) {
        return k * items / producers + 1;
    }

    /**
     * The bounded queue: a ring of {@link #CAPACITY} longs in one page, with its lock and
     * conditions. Every method takes the caller's {@link Guest}.
     */
    static final class Queue {
        static final int CAPACITY = 64;
        static final long LENGTH = TaskSupport.PAGE;
        private static final long MUTEX = 0;
        private static final long NOT_FULL = 8; // each condition variable is two ints (sequence, waiters)
        private static final long NOT_EMPTY = 40;
        private static final long HEAD = 16;
        private static final long TAIL = 24;
        private static final long COUNT = 32;
        private static final long RING = 64;

        private final long address;
        private final Mutex mutex;
        private final CondVar notFull;
        private final CondVar notEmpty;

        /** The queue at {@code address} (a zeroed page is an empty queue). */
        Queue(long address) {
            this.address = address;
            this.mutex = new Mutex(address + MUTEX);
            this.notFull = new CondVar(address + NOT_FULL);
            this.notEmpty = new CondVar(address + NOT_EMPTY);
        }

        /** Appends {@code value}, waiting while the queue is full. */
        void push(Guest g, long value) {
            mutex.lock(g);
            try {
                while (g.readLong(address + COUNT) == CAPACITY) {
                    notFull.await(g, mutex);
                }
                long tail = g.readLong(address + TAIL);
                g.writeLong(address + RING + 8 * tail, value);
                g.writeLong(address + TAIL, (tail + 1) % CAPACITY);
                g.writeLong(address + COUNT, g.readLong(address + COUNT) + 1);
                notEmpty.signal(g);
            } finally {
                mutex.unlock(g);
            }
        }

        /** Removes and returns the oldest value, waiting while the queue is empty. */
        long pop(Guest g) {
            mutex.lock(g);
            try {
                while (g.readLong(address + COUNT) == 0) {
                    notEmpty.await(g, mutex);
                }
                long head = g.readLong(address + HEAD);
                long value = g.readLong(address + RING + 8 * head);
                g.writeLong(address + HEAD, (head + 1) % CAPACITY);
                g.writeLong(address + COUNT, g.readLong(address + COUNT) - 1);
                notFull.signal(g);
                return value;
            } finally {
                mutex.unlock(g);
            }
        }
    }

    @Override
    public int main(Guest g, String[] args) {
        long items = parse(args);
        int threads = g.requestedThreads();
        int producers = producers(threads);
        int consumers = consumers(threads);
        long queueAddress = g.allocPages(Queue.LENGTH);
        Queue queue = new Queue(queueAddress);
        long blockLength = TaskSupport.pages(DESCRIPTORS_AT + 16L * (producers + consumers));
        long block = g.allocPages(blockLength);
        g.writeLong(block + ITEMS_AT, items);
        g.writeLong(block + PRODUCERS_AT, producers);
        g.writeLong(block + CONSUMERS_AT, consumers);
        g.writeLong(block + QUEUE_AT, queueAddress);
        for (int i = 0; i < producers + consumers; i++) {
            int k = i < producers ? i : i - producers;
            g.writeLong(block + DESCRIPTORS_AT + 16L * i, block);
            g.writeLong(block + DESCRIPTORS_AT + 16L * i + 8, k);
        }

        long start = System.nanoTime();
        List<SpawnedThread> producing = new ArrayList<>();
        List<SpawnedThread> consuming = new ArrayList<>();
        for (int i = 0; i < producers + consumers; i++) {
            long descriptor = block + DESCRIPTORS_AT + 16L * i;
            if (i < producers) {
                producing.add(g.spawn(Producer.class, descriptor));
            } else {
                consuming.add(g.spawn(Consumer.class, descriptor));
            }
        }
        int failedWorkers = TaskSupport.joinAll(g, producing);
        for (int i = 0; i < consumers; i++) {
            queue.push(g, POISON);
        }
        failedWorkers += TaskSupport.joinAll(g, consuming);
        String parallelMs = TaskSupport.millisSince(start);

        long count = g.readLongVolatile(block + TOTAL_COUNT_AT);
        long sum = g.readLongVolatile(block + TOTAL_SUM_AT);
        g.freePages(block, blockLength);
        g.freePages(queueAddress, Queue.LENGTH);
        long expectedSum = items * (items + 1) / 2;
        g.println(String.format(Locale.ROOT, "pipeline: items=%d producers=%d consumers=%d capacity=%d parallel ms=%s",
                count, producers, consumers, Queue.CAPACITY, parallelMs));
        boolean passed = failedWorkers == 0 && count == items && sum == expectedSum;
        String detail = failedWorkers > 0
                ? failedWorkers + " of " + (producers + consumers) + " threads exited with a nonzero status"
                : "consumed " + count + " of " + items + " items, sum " + sum + (sum == expectedSum ? " = " : " != ")
                + "N(N+1)/2 = " + expectedSum;
        g.println("pipeline: check " + (passed ? "passed" : "FAILED") + " (" + detail + ")");
        return passed ? 0 : 1;
    }

    /** Producer k: pushes its part of 1..N; arg is its descriptor (args block, k). */
    public static final class Producer implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            long block = g.readLong(arg);
            int k = (int) g.readLong(arg + 8);
            long items = g.readLong(block + ITEMS_AT);
            int producers = (int) g.readLong(block + PRODUCERS_AT);
            Queue queue = new Queue(g.readLong(block + QUEUE_AT));
            long from = first(items, producers, k);
            long to = first(items, producers, k + 1) - 1;
            long start = System.nanoTime();
            for (long v = from; v <= to; v++) {
                queue.push(g, v);
            }
            g.println("thread " + g.tid() + " on " + g.nodeName() + ": produced " + (to - from + 1) + " items ("
                    + from + ".." + to + "), " + TaskSupport.millisSince(start) + " ms");
            return 0;
        }
    }

    /** Consumer k: pops until its poison pill; arg is its descriptor (args block, k). */
    public static final class Consumer implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            long block = g.readLong(arg);
            Queue queue = new Queue(g.readLong(block + QUEUE_AT));
            long start = System.nanoTime();
            long count = 0;
            long sum = 0;
            for (long v = queue.pop(g); v != POISON; v = queue.pop(g)) {
                count++;
                sum += v;
            }
            g.getAndAddLong(block + TOTAL_COUNT_AT, count);
            g.getAndAddLong(block + TOTAL_SUM_AT, sum);
            g.println("thread " + g.tid() + " on " + g.nodeName() + ": consumed " + count + " items, sum " + sum + ", "
                    + TaskSupport.millisSince(start) + " ms");
            return 0;
        }
    }
}
