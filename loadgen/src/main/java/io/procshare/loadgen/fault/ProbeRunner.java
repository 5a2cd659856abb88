package io.procshare.loadgen.fault;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link Probe} for {@code warmup} untimed-into-the-result iterations, then {@code
 * iterations} recorded ones, on the calling thread, and reports progress on stderr. The same pause
 * precedes every timed access of every probe, baselines included, so that asynchronous tails of a
 * fault's set-up (the requester's confirm to the home) are over and every probe starts from the
 * same idle machine.
 */
final class ProbeRunner {

    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final int warmup;
    private final int iterations;
    private final long pauseNanos;
    private final PrintStream progress;

    ProbeRunner(int warmup, int iterations, long pauseNanos, PrintStream progress) {
        this.warmup = warmup;
        this.iterations = iterations;
        this.pauseNanos = pauseNanos;
        this.progress = progress;
    }

    /** Iterations a probe needs distinct pages for: warmup plus recorded. */
    int total() {
        return warmup + iterations;
    }

    LatencyRow run(String op, String condition, Probe probe) throws Exception {
        Histogram h = new Histogram(MAX_NANOS, 3);
        int total = total();
        int step = Math.max(1, total / 10);
        long start = System.nanoTime();
        progress.printf("[page-fault] %-14s %-34s ", op, condition);
        progress.flush();
        for (int i = 0; i < total; i++) {
            probe.prepare(i);
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            }
            long t0 = System.nanoTime();
            long result = probe.access(i);
            long t1 = System.nanoTime();
            probe.check(i, result);
            if (i >= warmup) {
                h.recordValue(Math.min(t1 - t0, MAX_NANOS));
            }
            if ((i + 1) % step == 0) {
                progress.print('.');
                progress.flush();
            }
        }
        LatencyRow row = LatencyRow.of(op, condition, h);
        progress.printf(" p50 %.1f us, p99 %.1f us (%d ms)%n", row.p50(), row.p99(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return row;
    }
}
