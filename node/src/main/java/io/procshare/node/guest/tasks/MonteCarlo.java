package io.procshare.node.guest.tasks;

import io.procshare.node.guest.Guest;
import io.procshare.node.guest.SharedTask;
import io.procshare.node.guest.ThreadEntry;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code montecarlo [--samples N]}: estimates π by throwing N random points (default 1 000 000)
 * at the unit square and counting those inside the quarter circle.
 *
 * <p>Main starts {@link Guest#requestedThreads()} workers; each throws its share of the points
 * with a {@link SplittableRandom} of its own (seeded by its tid) and adds its hits and its sample
 * count to two shared counters in guest memory with {@link Guest#getAndAddLong}, once per batch of
 * 10 000 samples, so the counters' page moves between nodes a few times, not once per sample.
 * Main checks that exactly N samples were counted and, for N of 100 000 or more, that the estimate
 * is within 0.05 of π; it prints {@code montecarlo: ... pi=..} and
 * {@code montecarlo: check passed (...)} (exit 0) or {@code montecarlo: check FAILED (...)} (exit 1).
 */
public final class MonteCarlo implements SharedTask {

    static final String NAME = "montecarlo";
    static final String USAGE = "montecarlo [--samples N]   (N at least 1, default 1000000)";
    private static final TaskArgs.Option SAMPLES = new TaskArgs.Option("--samples", 1, Long.MAX_VALUE);
    private static final long DEFAULT_SAMPLES = 1_000_000;
    private static final long BATCH = 10_000;
    private static final long CHECKED_FROM = 100_000;
    private static final double TOLERANCE = 0.05;

    // page 0: the shared counters (every worker adds to them); page 1 on: what main writes before spawning
    private static final long HITS_AT = 0;
    private static final long COUNTED_AT = 8;
    private static final long SAMPLES_AT = TaskSupport.PAGE;
    private static final long WORKERS_AT = TaskSupport.PAGE + 8;
    private static final long DESCRIPTORS_AT = TaskSupport.PAGE + 64;

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public void validate(String[] args) {
        parse(args);
    }

    private static long parse(String[] args) {
        return TaskArgs.parse(NAME, USAGE, args, 0, "arguments", SAMPLES).get(SAMPLES.name(), DEFAULT_SAMPLES);
    }

    /** How many of {@code samples} worker {@code k} of {@code workers} throws. */
    static long share(long samples, int workers, int k) {
        return samples / workers + (k < samples % workers ? 1 : 0);
    }

    @Override
    public int main(Guest g, String[] args) {
        long samples = parse(args);
        int workers = g.requestedThreads();
        long length = TaskSupport.pages(DESCRIPTORS_AT + 16L * workers);
        long block = g.allocPages(length);
        g.writeLong(block + SAMPLES_AT, samples);
        g.writeLong(block + WORKERS_AT, workers);
        for (int k = 0; k < workers; k++) {
            g.writeLong(block + DESCRIPTORS_AT + 16L * k, block);
            g.writeLong(block + DESCRIPTORS_AT + 16L * k + 8, k);
        }

        long start = System.nanoTime();
        int failedWorkers = TaskSupport.runWorkers(g, Worker.class, workers, k -> block + DESCRIPTORS_AT + 16L * k);
        String parallelMs = TaskSupport.millisSince(start);

        long hits = g.readLongVolatile(block + HITS_AT);
        long counted = g.readLongVolatile(block + COUNTED_AT);
        g.freePages(block, length);
        double pi = counted == 0 ? 0 : 4.0 * hits / counted;
        double error = Math.abs(pi - Math.PI);
        g.println(String.format(Locale.ROOT, "montecarlo: samples=%d threads=%d hits=%d pi=%.6f parallel ms=%s",
                counted, workers, hits, pi, parallelMs));

        String detail;
        boolean passed;
        if (failedWorkers > 0) {
            passed = false;
            detail = failedWorkers + " of " + workers + " workers exited with a nonzero status";
        } else if (counted != samples) {
            passed = false;
            detail = counted + " samples counted, " + samples + " asked for";
        } else if (samples < CHECKED_FROM) {
            passed = true;
            detail = String.format(Locale.ROOT, "%d samples counted; pi=%.6f not checked below %d samples",
                    counted, pi, CHECKED_FROM);
        } else {
            passed = error < TOLERANCE;
            detail = String.format(Locale.ROOT, "%d samples counted, |pi - %.5f| = %.6f %s %.2f",
                    counted, Math.PI, error, passed ? "<" : ">=", TOLERANCE);
        }
        g.println("montecarlo: check " + (passed ? "passed" : "FAILED") + " (" + detail + ")");
        return passed ? 0 : 1;
    }

    /** Worker k: throws its share of the points; arg is its descriptor (block, k). */
    public static final class Worker implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            long block = g.readLong(arg);
            int k = (int) g.readLong(arg + 8);
            long mine = share(g.readLong(block + SAMPLES_AT), (int) g.readLong(block + WORKERS_AT), k);
            SplittableRandom random = new SplittableRandom(0x5DEECE66DL * g.tid() + 11);
            long start = System.nanoTime();
            long hits = 0;
            for (long done = 0; done < mine; ) {
                long batch = Math.min(BATCH, mine - done);
                long batchHits = 0;
                for (long i = 0; i < batch; i++) {
                    double x = random.nextDouble();
                    double y = random.nextDouble();
                    if (x * x + y * y <= 1.0) {
                        batchHits++;
                    }
                }
                g.getAndAddLong(block + HITS_AT, batchHits);
                g.getAndAddLong(block + COUNTED_AT, batch);
                hits += batchHits;
                done += batch;
            }
            g.println(String.format(Locale.ROOT, "thread %d on %s: %d samples, %d hits (pi~%.4f), %s ms",
                    g.tid(), g.nodeName(), mine, hits, mine == 0 ? 0.0 : 4.0 * hits / mine, TaskSupport.millisSince(start)));
            return 0;
        }
    }
}
