package io.procshare.loadgen.fault;

import java.nio.file.Path;

/**
 * Settings of one page-fault run.
 *
 * @param iterations recorded iterations per row (K)
 * @param warmup     iterations run before, not recorded (W)
 * @param out        directory for results.json and report.md
 * @param pauseUs    idle time before every timed access, every probe alike (lets a fault's
 *                   asynchronous tail finish)
 * @param transport  event-bus transport of the nodes: auto, io_uring, epoll or nio
 */
record FaultOptions(int iterations, int warmup, Path out, long pauseUs, String transport) {

    static final String USAGE = "usage: PageFaultExperiment [--iterations K] [--warmup W] [--out DIR]"
            + " [--pause-us US] [--transport auto|io_uring|epoll|nio]";

    FaultOptions {
        if (iterations < 1 || warmup < 0 || pauseUs < 0) {
            throw new IllegalArgumentException("--iterations must be >= 1, --warmup and --pause-us >= 0; got "
                    + iterations + ", " + warmup + ", " + pauseUs);
        }
    }

    static FaultOptions parse(String... args) {
        int iterations = 2_000;
        int warmup = 200;
        Path out = Path.of("page-fault-results");
        long pauseUs = 500;
        String transport = "auto";
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--iterations" -> iterations = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--out" -> out = Path.of(value);
                    case "--pause-us" -> pauseUs = Long.parseLong(value);
                    case "--transport" -> transport = value;
                    default -> throw new IllegalArgumentException("unknown option " + flag + "; " + USAGE);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": not a number: '" + value + "'; " + USAGE, e);
            }
        }
        return new FaultOptions(iterations, warmup, out, pauseUs, transport);
    }
}
