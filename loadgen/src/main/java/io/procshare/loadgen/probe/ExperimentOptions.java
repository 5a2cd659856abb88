package io.procshare.loadgen.probe;

import java.nio.file.Path;

/**
 * Settings of one latency experiment run (DESIGN §9), the same flags for every experiment.
 *
 * @param iterations recorded iterations per row (K)
 * @param warmup     iterations run before, not recorded (W)
 * @param out        directory for results.json and report.md
 * @param pauseUs    idle time before every timed operation, every probe alike (lets the
 *                   asynchronous tail of the untimed set-up finish)
 * @param transport  event-bus transport of the nodes: auto, io_uring, epoll or nio
 * @param threads    the highest concurrency the throughput experiment runs at (--threads)
 */
public record ExperimentOptions(int iterations, int warmup, Path out, long pauseUs, String transport,
        int threads) {

    /** Default of {@link #threads}: the throughput curve goes up to 256 concurrent threads. */
    public static final int DEFAULT_THREADS = 256;

    public ExperimentOptions {
        if (iterations < 1 || warmup < 0 || pauseUs < 0) {
            throw new IllegalArgumentException("--iterations must be >= 1, --warmup and --pause-us >= 0; got "
                    + iterations + ", " + warmup + ", " + pauseUs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1; got " + threads);
        }
    }

    /** Options with the default {@link #threads} ({@value #DEFAULT_THREADS}). */
    public ExperimentOptions(int iterations, int warmup, Path out, long pauseUs, String transport) {
        this(iterations, warmup, out, pauseUs, transport, DEFAULT_THREADS);
    }

    /** The usage line of experiment class {@code main}. */
    public static String usage(String main) {
        return "usage: " + main + " [--iterations K] [--warmup W] [--out DIR] [--pause-us US]"
                + " [--transport auto|io_uring|epoll|nio]";
    }

    /**
     * Parses {@code args}; what is not given keeps its default: K = 2000, W = 200, {@code defaultOut},
     * {@code defaultPauseUs}, transport auto.
     *
     * @throws IllegalArgumentException naming the bad flag and the usage of {@code main}
     */
    public static ExperimentOptions parse(String main, Path defaultOut, long defaultPauseUs, String... args) {
        int iterations = 2_000;
        int warmup = 200;
        Path out = defaultOut;
        long pauseUs = defaultPauseUs;
        String transport = "auto";
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value; " + usage(main));
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--iterations" -> iterations = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--out" -> out = Path.of(value);
                    case "--pause-us" -> pauseUs = Long.parseLong(value);
                    case "--transport" -> transport = value;
                    default -> throw new IllegalArgumentException("unknown option " + flag + "; " + usage(main));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": not a number: '" + value + "'; " + usage(main), e);
            }
        }
        return new ExperimentOptions(iterations, warmup, out, pauseUs, transport);
    }
}
