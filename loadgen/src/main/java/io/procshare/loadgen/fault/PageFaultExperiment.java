package io.procshare.loadgen.fault;

import io.procshare.loadgen.probe.Experiments;
import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LatencyRow;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.ProbeRunner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code page-fault} experiment (DESIGN §9, issue 3 item 8): starts three procshare nodes in
 * this JVM, measures remote page faults (read; write with 0, 1, 2 copies to invalidate; upgrade;
 * first touch) and, in the same run, the baselines (TCP ping-pong on loopback, event-bus
 * request/reply, Hazelcast IMap.get), then writes {@code results.json} and {@code report.md} to
 * {@code --out}. Progress goes to stderr.
 *
 * <pre>{@code
 * java $(JvmFlags) -cp loadgen/target/benchmarks.jar io.procshare.loadgen.fault.PageFaultExperiment \
 *     --iterations 2000 --warmup 200 --out target/page-fault
 * }</pre>
 */
public final class PageFaultExperiment {

    static final int NODES = 3;
    private static final String TAG = "page-fault";
    private static final String MAIN = "PageFaultExperiment";
    private static final Path DEFAULT_OUT = Path.of("page-fault-results");
    private static final long DEFAULT_PAUSE_US = 500;
    private static final long FIRST_PID = 7_000_000;
    /** Iterations of the hop-by-hop trace that follows the measured rows. */
    private static final int TRACED = 500;

    private PageFaultExperiment() {
    }

    public static void main(String[] args) {
        Experiments.main(TAG, MAIN, DEFAULT_OUT, DEFAULT_PAUSE_US, args, PageFaultExperiment::run);
    }

    /** Parses this experiment's flags (see {@link ExperimentOptions}). */
    static ExperimentOptions options(String... args) {
        return ExperimentOptions.parse(MAIN, DEFAULT_OUT, DEFAULT_PAUSE_US, args);
    }

    /** Runs the experiment and writes its outputs; returns the document written to results.json. */
    static JsonObject run(ExperimentOptions options) throws Exception {
        Files.createDirectories(options.out());
        Path data = Files.createTempDirectory("procshare-page-fault");
        long t0 = System.nanoTime();
        String loadBefore = Experiments.loadAverage();
        try (LocalCluster cluster = Experiments.startCluster(TAG, options, NODES, data)) {
            String transport = cluster.node(0).identity().transport();
            ProbeRunner runner = new ProbeRunner(TAG, options.warmup(), options.iterations(),
                    TimeUnit.MICROSECONDS.toNanos(options.pauseUs()), System.err);

            BaselineProbes baselineProbes = new BaselineProbes(cluster, runner);
            FaultProbes faultProbes = new FaultProbes(cluster, runner, FIRST_PID);
            List<LatencyRow> baselines = baselineProbes.runAll();
            List<FaultProbes.Result> faults = faultProbes.runAll();
            String trace;
            System.err.println("[page-fault] tracing the read fault and the event-bus echo hop by hop");
            try (HopTrace hops = new HopTrace(cluster)) {
                long pause = TimeUnit.MICROSECONDS.toNanos(options.pauseUs());
                int n = Math.min(options.iterations(), TRACED);
                trace = faultProbes.traceReadFaults(hops, n, pause) + "\n" + baselineProbes.traceEventBus(hops, n, pause);
            }

            List<LatencyRow> rows = new ArrayList<>();
            faults.forEach(f -> rows.add(f.row()));
            rows.addAll(baselines);
            JsonObject results = new JsonObject().put("experiment", "page-fault").put("transport", transport)
                    .put("nodes", NODES).put("unit", "us")
                    .put("rows", new JsonArray(rows.stream().map(LatencyRow::toJson).toList()));
            String report = FaultReport.render(options, transport, loadBefore, faults, baselines, trace);
            Experiments.write(options.out(), results, report);
            System.err.printf("[page-fault] done in %d s: %s, %s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0),
                    options.out().resolve("results.json"), options.out().resolve("report.md"));
            System.err.print(FaultReport.goals(faults, baselines));
            return results;
        } finally {
            Experiments.deleteQuietly(TAG, data);
        }
    }
}
