package io.procshare.loadgen.fault;

import io.procshare.loadgen.probe.EchoProbe;
import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LatencyRow;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.ProbeRunner;
import io.procshare.loadgen.probe.Progress;
import io.procshare.loadgen.probe.Section;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code page-fault} experiment (DESIGN §9, issue 6): remote page faults (read; write with 0,
 * 1, 2 and 4 copies to invalidate; upgrade; first touch) on the nodes of a {@link LocalCluster},
 * then a hop-by-hop trace of the read faults and of the event-bus echo (report.md only). Rows the
 * cluster has too few nodes for are skipped with the reason ({@link FaultProbes}). Run it with
 * {@code procshare loadgen page-fault}.
 */
public final class PageFaultExperiment {

    /** The experiment's name in results.json and on the command line. */
    public static final String NAME = "page-fault";
    /** Nodes it needs at least (home and requester); a third owner and write-fault-2 need 3, write-fault-4 needs 5. */
    public static final int MIN_NODES = 2;
    /** Nodes every row of it needs. */
    public static final int FULL_NODES = 5;
    /** Idle time before every timed access unless {@code --pause-us} says otherwise. */
    public static final long DEFAULT_PAUSE_US = 500;
    private static final long FIRST_PID = 7_000_000;
    /** Iterations of the hop-by-hop trace that follows the measured rows. */
    private static final int TRACED = 500;

    private PageFaultExperiment() {
    }

    /** Runs the experiment on {@code cluster}; returns its rows and its part of report.md. */
    public static Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
        if (cluster.size() < MIN_NODES) {
            throw new IllegalArgumentException(NAME + " needs " + MIN_NODES + " nodes, the cluster has " + cluster.size());
        }
        ProbeRunner runner = ProbeRunner.of(NAME, options, progress);
        FaultProbes probes = new FaultProbes(cluster, runner, FIRST_PID);
        List<FaultProbes.Result> faults = probes.runAll();
        String trace;
        progress.note("[page-fault] tracing the read faults and the event-bus echo hop by hop");
        try (HopTrace hops = new HopTrace(cluster)) {
            long pause = TimeUnit.MICROSECONDS.toNanos(options.pauseUs());
            int n = Math.min(options.iterations(), TRACED);
            trace = probes.traceReadFaults(hops, n, pause) + "\n" + traceEventBus(cluster, hops, n, pause);
        }
        List<LatencyRow> rows = faults.stream().map(FaultProbes.Result::row).toList();
        return new Section(NAME, rows.stream().map(LatencyRow::toJson).toList(), List.of(), probes.skipped(),
                runner.cdfs(), FaultReport.render(cluster.size(), faults, probes.skipped(), trace));
    }

    /** Traces event-bus 4 KiB request/reply from R to H hop by hop (see {@link HopTrace}). */
    private static String traceEventBus(LocalCluster cluster, HopTrace trace, int iterations, long pauseNanos)
            throws Exception {
        return trace.trace("eventbus-4096 (R -> H echo -> R)", new EchoProbe(cluster, 1, 0, 4096), iterations, pauseNanos,
                List.of(new HopTrace.Step(1, false, "Buffer", "caller thread: request sent"),
                        new HopTrace.Step(0, true, "Buffer", "wire R->H, hand-off to the echo verticle"),
                        new HopTrace.Step(0, false, "Buffer", "echo verticle: decode, reply"),
                        new HopTrace.Step(1, true, "Buffer", "wire H->R, hand-off to the reply handler")));
    }
}
