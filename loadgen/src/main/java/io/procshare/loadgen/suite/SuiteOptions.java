package io.procshare.loadgen.suite;

import io.procshare.loadgen.probe.ExperimentOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code procshare loadgen} was asked to run.
 *
 * @param name       the experiment as given ({@code table1}, ..., {@code all})
 * @param experiments what {@code name} stands for, in the order they run
 * @param nodes      nodes of the in-JVM cluster ({@code --local N})
 * @param iterations recorded iterations per row (K)
 * @param warmup     unrecorded iterations before them (W)
 * @param threads    the throughput experiment's highest concurrency
 * @param pauseUs    idle time before every timed operation, or null for each experiment's default
 * @param transport  event-bus transport: auto, io_uring, epoll or nio
 * @param out        directory of results.json, report.md and the PNGs
 * @param command    the command line, for report.md
 */
public record SuiteOptions(String name, List<Experiment> experiments, int nodes, int iterations, int warmup,
                           int threads, Long pauseUs, String transport, Path out, String command) {

    public SuiteOptions {
        experiments = List.copyOf(experiments);
    }

    /** The options one experiment runs with: its own pause unless {@code --pause-us} was given. */
    public ExperimentOptions of(Experiment e) {
        return new ExperimentOptions(iterations, warmup, out, pauseUs != null ? pauseUs : e.defaultPauseUs(), transport,
                threads);
    }
}
