package io.procshare.loadgen.probe;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Runs a {@link Probe} for {@code warmup} untimed-into-the-result iterations, then {@code
 * iterations} recorded ones, on the calling thread, and reports progress on stderr. The same pause
 * precedes every timed access of every probe, baselines included, so that asynchronous tails of a
 * fault's set-up (the requester's confirm to the home) are over and every probe starts from the
 * same idle machine.
 *
 * <p>Rows meant to be compared with each other can run {@linkplain #runInterleaved interleaved}:
 * each iteration runs every row once, in an order shuffled anew (from a fixed seed), so a change of
 * the machine's load during the run (other jobs on shared CPUs) and whatever a row leaves behind
 * for the next (a message still in flight, a cold cache) fall on all of them alike.
 */
public final class ProbeRunner {

    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Seed of the interleaving order: the same order in every run. */
    private static final long SEED = 0x7AB1E1L;

    /** One row of an interleaved run: what results.json calls it and the probe that measures it. */
    public record Row(String op, String condition, Probe probe) {
    }

    private final int warmup;
    private final int iterations;
    private final long pauseNanos;
    private final PrintStream progress;
    private final String tag;

    /** {@code tag} prefixes every progress line, e.g. {@code page-fault}. */
    public ProbeRunner(String tag, int warmup, int iterations, long pauseNanos, PrintStream progress) {
        this.tag = tag;
        this.warmup = warmup;
        this.iterations = iterations;
        this.pauseNanos = pauseNanos;
        this.progress = progress;
    }

    /** Iterations a probe needs distinct pages for: warmup plus recorded. */
    public int total() {
        return warmup + iterations;
    }

    public LatencyRow run(String op, String condition, Probe probe) throws Exception {
        long start = System.nanoTime();
        progress.printf("[%s] %-14s %-34s ", tag, op, condition);
        progress.flush();
        LatencyRow row = loop(List.of(new Row(op, condition, probe))).getFirst();
        progress.printf(" p50 %.1f us, p99 %.1f us (%d ms)%n", row.p50(), row.p99(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return row;
    }

    /**
     * Runs {@code rows} interleaved: each iteration runs each row's probe once (prepare, pause,
     * timed access, check) in a shuffled order, so that no row always follows the same other one.
     * Returns their rows in the order given.
     */
    public List<LatencyRow> runInterleaved(String title, List<Row> rows) throws Exception {
        long start = System.nanoTime();
        progress.printf("[%s] %-14s %-34s ", tag, title, rows.size() + " rows interleaved");
        progress.flush();
        List<LatencyRow> result = loop(rows);
        progress.printf(" (%d ms)%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        for (LatencyRow row : result) {
            progress.printf("[%s]   %-14s %-32s p50 %.1f us, p99 %.1f us%n", tag, row.op(), row.condition(), row.p50(),
                    row.p99());
        }
        return result;
    }

    private List<LatencyRow> loop(List<Row> rows) throws Exception {
        int n = rows.size();
        List<Histogram> histograms = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            histograms.add(new Histogram(MAX_NANOS, 3));
        }
        int total = total();
        int step = Math.max(1, total / 10);
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Random random = new Random(SEED);
        for (int i = 0; i < total; i++) {
            Collections.shuffle(order, random);
            for (int r : order) {
                long nanos = once(rows.get(r).probe(), i);
                if (i >= warmup) {
                    histograms.get(r).recordValue(Math.min(nanos, MAX_NANOS));
                }
            }
            if ((i + 1) % step == 0) {
                progress.print('.');
                progress.flush();
            }
        }
        List<LatencyRow> result = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            rows.get(r).probe().done();
            result.add(LatencyRow.of(rows.get(r).op(), rows.get(r).condition(), histograms.get(r)));
        }
        return result;
    }

    /** One iteration of {@code probe}: the nanoseconds of its access alone. */
    private long once(Probe probe, int i) throws Exception {
        probe.prepare(i);
        if (pauseNanos > 0) {
            LockSupport.parkNanos(pauseNanos);
        }
        long t0 = System.nanoTime();
        long result = probe.access(i);
        long t1 = System.nanoTime();
        probe.check(i, result);
        return t1 - t0;
    }
}
