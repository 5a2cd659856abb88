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
 * @param runs       timed runs per program and condition of the riscv experiment
 * @param work       the riscv experiment's work per program, a multiple of the default
 */
public record SuiteOptions(String name, List<Experiment> experiments, int nodes, int iterations, int warmup,
                           int threads, Long pauseUs, String transport, Path out, String command, int runs,
                           double work) {

    public SuiteOptions {
        experiments = List.copyOf(experiments);
    }

    /** Options with the riscv experiment's defaults. */
    public SuiteOptions(String name, List<Experiment> experiments, int nodes, int iterations, int warmup, int threads,
                        Long pauseUs, String transport, Path out, String command) {
        this(name, experiments, nodes, iterations, warmup, threads, pauseUs, transport, out, command,
                ExperimentOptions.DEFAULT_RUNS, 1.0);
    }

    /** The options one experiment runs with: its own pause unless {@code --pause-us} was given. */
    public ExperimentOptions of(Experiment e) {
        return new ExperimentOptions(iterations, warmup, out, pauseUs != null ? pauseUs : e.defaultPauseUs(), transport,
                threads, runs, work);
    }
}
