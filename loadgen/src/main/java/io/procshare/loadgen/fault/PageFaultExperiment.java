package io.procshare.loadgen.fault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
    private static final long FIRST_PID = 7_000_000;
    /** Iterations of the hop-by-hop trace that follows the measured rows. */
    private static final int TRACED = 500;

    private PageFaultExperiment() {
    }

    public static void main(String[] args) {
        FaultOptions options;
        try {
            options = FaultOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(options);
        } catch (Exception e) {
            System.err.println("[page-fault] failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // Hazelcast and Netty leave non-daemon threads behind even after a clean stop
    }

    /** Runs the experiment and writes its outputs; returns the document written to results.json. */
    static JsonObject run(FaultOptions options) throws Exception {
        Files.createDirectories(options.out());
        Path data = Files.createTempDirectory("procshare-page-fault");
        long t0 = System.nanoTime();
        System.err.printf("[page-fault] starting %d nodes (K=%d, W=%d, pause %d us)%n", NODES, options.iterations(),
                options.warmup(), options.pauseUs());
        String loadBefore = FaultReport.loadAverage();
        try (LocalCluster cluster = LocalCluster.start(NODES, options.transport(), data)) {
            String transport = cluster.node(0).identity().transport();
            System.err.printf("[page-fault] cluster up in %d ms, transport %s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), transport);
            ProbeRunner runner = new ProbeRunner(options.warmup(), options.iterations(),
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
            Files.writeString(options.out().resolve("results.json"), results.encodePrettily() + "\n",
                    StandardCharsets.UTF_8);
            String report = FaultReport.render(options, transport, loadBefore, faults, baselines, trace);
            Files.writeString(options.out().resolve("report.md"), report, StandardCharsets.UTF_8);
            System.err.printf("[page-fault] done in %d s: %s, %s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0),
                    options.out().resolve("results.json"), options.out().resolve("report.md"));
            System.err.print(FaultReport.goals(faults, baselines));
            return results;
        } finally {
            deleteQuietly(data);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[page-fault] could not delete " + dir + ": " + e.getMessage());
        }
    }
}
