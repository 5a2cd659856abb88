package io.procshare.loadgen.probe;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Runs a {@link Probe} for {@code warmup} untimed-into-the-result iterations, then {@code
 * iterations} recorded ones, on the calling thread, and reports each row to a {@link Progress}. The
 * same pause precedes every timed access of every probe, baselines included, so that asynchronous
 * tails of a fault's set-up (the requester's confirm to the home) are over and every probe starts
 * from the same idle machine.
 *
 * <p>Rows meant to be compared with each other can run {@linkplain #runInterleaved interleaved}:
 * each iteration runs every row once, in an order shuffled anew (from a fixed seed), so a change of
 * the machine's load during the run (other jobs on shared CPUs) and whatever a row leaves behind
 * for the next (a message still in flight, a cold cache) fall on all of them alike.
 *
 * <p>The runner keeps the {@linkplain #cdfs() distribution} of every row it measured, for the CDF
 * plot.
 */
public final class ProbeRunner {

    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Seed of the interleaving order: the same order in every run. */
    private static final long SEED = 0x7AB1E1L;

    /** One row of an interleaved run: what results.json calls it and the probe that measures it. */
    public record Row(String op, String condition, Probe probe) {
    }

    /**
     * A row measured in repeats: {@code all} over every recorded iteration, and the p50 of each
     * repeat alone (µs, in the order run), from which a ratio between rows is taken per repeat.
     */
    public record Repeated(LatencyRow all, List<Double> p50s) {
    }

    private final int warmup;
    private final int iterations;
    private final long pauseNanos;
    private final Progress progress;
    private final String tag;
    private final List<Cdf> cdfs = new ArrayList<>();

    /** {@code tag} names the experiment in every progress row, e.g. {@code page-fault}. */
    public ProbeRunner(String tag, int warmup, int iterations, long pauseNanos, Progress progress) {
        this.tag = tag;
        this.warmup = warmup;
        this.iterations = iterations;
        this.pauseNanos = pauseNanos;
        this.progress = progress;
    }

    /** Progress as plain lines on {@code progress} (not a terminal bar). */
    public ProbeRunner(String tag, int warmup, int iterations, long pauseNanos, PrintStream progress) {
        this(tag, warmup, iterations, pauseNanos, new StreamProgress(progress, false));
    }

    /** The runner {@code options} describe: its K, W and pause. */
    public static ProbeRunner of(String tag, ExperimentOptions options, Progress progress) {
        return new ProbeRunner(tag, options.warmup(), options.iterations(),
                TimeUnit.MICROSECONDS.toNanos(options.pauseUs()), progress);
    }

    /** Iterations a probe needs distinct pages for: warmup plus recorded. */
    public int total() {
        return warmup + iterations;
    }

    /** Where this runner reports. */
    public Progress progress() {
        return progress;
    }

    /** The distribution of every row measured so far, in the order measured. */
    public List<Cdf> cdfs() {
        return List.copyOf(cdfs);
    }

    public LatencyRow run(String op, String condition, Probe probe) throws Exception {
        progress.row(tag, op + " " + condition, total());
        LatencyRow row = loop(List.of(new Row(op, condition, probe)), 1).getFirst().all();
        progress.done();
        progress.note(String.format(Locale.ROOT, "[%s]   %-14s %-32s p50 %.1f us, p99 %.1f us", tag, row.op(),
                row.condition(), row.p50(), row.p99()));
        return row;
    }

    /**
     * Runs {@code rows} interleaved: each iteration runs each row's probe once (prepare, pause,
     * timed access, check) in a shuffled order, so that no row always follows the same other one.
     * Returns their rows in the order given.
     */
    public List<LatencyRow> runInterleaved(String title, List<Row> rows) throws Exception {
        return runInterleaved(title, rows, 1).stream().map(Repeated::all).toList();
    }

    /**
     * {@link #runInterleaved(String, List)} with the recorded iterations split into {@code repeats}
     * consecutive repeats of about K / repeats iterations each (at most K repeats; the warm-up
     * once, before the first), every row interleaved within each: the same total work as one
     * repeat, and a p50 per repeat and row, so that a ratio between rows can be taken per repeat
     * and its spread shown (issue 14 item 6).
     */
    public List<Repeated> runInterleaved(String title, List<Row> rows, int repeats) throws Exception {
        String what = repeats > 1 ? rows.size() + " rows interleaved, " + repeats(repeats) + " repeats"
                : rows.size() + " rows interleaved";
        progress.row(tag, title + " (" + what + ")", total());
        List<Repeated> result = loop(rows, repeats(repeats));
        progress.done();
        for (Repeated r : result) {
            LatencyRow row = r.all();
            progress.note(String.format(Locale.ROOT, "[%s]   %-14s %-32s p50 %.1f us, p99 %.1f us", tag, row.op(),
                    row.condition(), row.p50(), row.p99()));
        }
        return result;
    }

    private int repeats(int asked) {
        return Math.max(1, Math.min(asked, iterations));
    }

    private List<Repeated> loop(List<Row> rows, int repeats) throws Exception {
        int n = rows.size();
        // [row][repeat]
        List<List<Histogram>> histograms = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            List<Histogram> perRepeat = new ArrayList<>(repeats);
            for (int k = 0; k < repeats; k++) {
                perRepeat.add(new Histogram(MAX_NANOS, 3));
            }
            histograms.add(perRepeat);
        }
        int total = total();
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Random random = new Random(SEED);
        for (int i = 0; i < total; i++) {
            Collections.shuffle(order, random);
            int repeat = i >= warmup ? repeatOf(i - warmup, iterations, repeats) : -1;
            for (int r : order) {
                long nanos = once(rows.get(r).probe(), i);
                if (repeat >= 0) {
                    histograms.get(r).get(repeat).recordValue(Math.min(nanos, MAX_NANOS));
                }
            }
            progress.advance(i + 1);
        }
        List<Repeated> result = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            row.probe().done();
            Histogram all = new Histogram(MAX_NANOS, 3);
            List<Double> p50s = new ArrayList<>(repeats);
            for (Histogram h : histograms.get(r)) {
                all.add(h);
                p50s.add(LatencyRow.of(row.op(), row.condition(), h).p50());
            }
            result.add(new Repeated(LatencyRow.of(row.op(), row.condition(), all), List.copyOf(p50s)));
            cdfs.add(Cdf.of(row.op(), row.condition(), all));
        }
        return result;
    }

    /** The repeat (0 to {@code repeats} − 1) recorded iteration {@code j} of {@code iterations} belongs to. */
    static int repeatOf(int j, int iterations, int repeats) {
        return (int) ((long) j * repeats / iterations);
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
