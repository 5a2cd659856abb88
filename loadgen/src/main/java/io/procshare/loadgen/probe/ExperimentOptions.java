package io.procshare.loadgen.probe;

import java.nio.file.Path;

/**
 * Settings of one experiment run (DESIGN §9), the same for every experiment; {@code procshare
 * loadgen} fills them from its flags.
 *
 * @param iterations recorded iterations per row (K)
 * @param warmup     iterations run before, not recorded (W)
 * @param out        directory of results.json, report.md and the plots
 * @param pauseUs    idle time before every timed operation, every probe alike (lets the
 *                   asynchronous tail of the untimed set-up finish)
 * @param transport  event-bus transport of the nodes: auto, io_uring, epoll or nio
 * @param threads    the highest concurrency the throughput experiment runs at (--threads)
 * @param runs       timed runs of each program under each condition in the riscv experiment (--runs)
 * @param work       the riscv experiment's work per program, as a multiple of the default (--work)
 */
public record ExperimentOptions(int iterations, int warmup, Path out, long pauseUs, String transport,
        int threads, int runs, double work) {

    /** Default of {@link #threads}: the throughput curve goes up to 256 concurrent threads. */
    public static final int DEFAULT_THREADS = 256;
    /** Default of {@link #runs}. */
    public static final int DEFAULT_RUNS = 3;

    public ExperimentOptions {
        if (iterations < 1 || warmup < 0 || pauseUs < 0) {
            throw new IllegalArgumentException("--iterations must be >= 1, --warmup and --pause-us >= 0; got "
                    + iterations + ", " + warmup + ", " + pauseUs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1; got " + threads);
        }
        if (runs < 1 || !(work > 0)) {
            throw new IllegalArgumentException("--runs must be >= 1 and --work > 0; got " + runs + ", " + work);
        }
    }

    /** Options with the default {@link #runs} and {@link #work}. */
    public ExperimentOptions(int iterations, int warmup, Path out, long pauseUs, String transport, int threads) {
        this(iterations, warmup, out, pauseUs, transport, threads, DEFAULT_RUNS, 1.0);
    }

    /** Options with the default {@link #threads} ({@value #DEFAULT_THREADS}). */
    public ExperimentOptions(int iterations, int warmup, Path out, long pauseUs, String transport) {
        this(iterations, warmup, out, pauseUs, transport, DEFAULT_THREADS);
    }
}
