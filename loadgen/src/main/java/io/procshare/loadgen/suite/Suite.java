package io.procshare.loadgen.suite;

import io.procshare.loadgen.probe.EchoProbe;
import io.procshare.loadgen.probe.Experiments;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Progress;
import io.procshare.loadgen.probe.Section;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code procshare loadgen} run: starts one {@link LocalCluster} of {@code --local N} nodes,
 * warms it up (untimed event-bus request/replies), runs the chosen experiments on it one after
 * another, and writes {@code results.json},
 * {@code report.md} and the PNG plots into {@code --out}. An experiment that fails is reported as
 * failed (results.json {@code failed}, report.md) and the others still run; the outputs are written
 * either way.
 *
 * <p>results.json is one document whatever was run (DESIGN §9's schema, extended): {@code
 * {"experiment": <name or "all">, "transport", "nodes", "unit": "us", "params": {...},
 * "experiments": [...], "rows": [{"experiment", "op", "condition", "n", "p50", "p90", "p99",
 * "max", ...}], "skipped": [...], "diagnostics": [...], "goals": [...], "failed": [...]}}: every
 * row carries the experiment that measured it, so that {@code all} is one flat list.
 */
public final class Suite {

    /** What a run produced: the document written to results.json, and whether every experiment completed. */
    public record Outcome(JsonObject results, List<Goal> goals, List<String> plots, boolean complete) {
    }

    /** Least untimed request/replies of each size before the first experiment. */
    static final int MIN_WARM_UP = 2_000;

    private Suite() {
    }

    public static Outcome run(SuiteOptions options, Progress progress) throws Exception {
        Files.createDirectories(options.out());
        Path data = Files.createTempDirectory("procshare-loadgen");
        long t0 = System.nanoTime();
        String loadBefore = Experiments.loadAverage();
        List<Section> sections = new ArrayList<>();
        List<JsonObject> failed = new ArrayList<>();
        String transport;
        long clusterMs;
        try {
            progress.note(String.format("[loadgen] starting %d nodes in this JVM (%s)", options.nodes(),
                    String.join(", ", options.experiments().stream().map(Experiment::label).toList())));
            try (LocalCluster cluster = LocalCluster.start(options.nodes(), options.transport(), data)) {
                clusterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                transport = cluster.node(0).identity().transport();
                progress.note(String.format("[loadgen] cluster up in %d ms, transport %s", clusterMs, transport));
                warmUp(cluster, options, progress);
                for (Experiment e : options.experiments()) {
                    long e0 = System.nanoTime();
                    try {
                        sections.add(e.run(cluster, options.of(e), progress));
                        progress.note(String.format("[loadgen] %s done in %d s", e.label(),
                                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - e0)));
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        throw ex;
                    } catch (Exception | LinkageError ex) {
                        progress.done();
                        progress.note("[loadgen] " + e.label() + " failed: " + ex + "; the other experiments still run");
                        ex.printStackTrace();
                        failed.add(new JsonObject().put("experiment", e.label()).put("error", String.valueOf(ex)));
                    }
                }
            }
        } finally {
            Experiments.deleteQuietly("loadgen", data);
        }
        long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        JsonArray rows = new JsonArray();
        JsonArray skipped = new JsonArray();
        JsonArray diagnostics = new JsonArray();
        for (Section s : sections) {
            s.rows().forEach(r -> rows.add(tagged(s.experiment(), r)));
            s.skipped().forEach(k -> skipped.add(tagged(s.experiment(), k.toJson())));
            s.diagnostics().forEach(r -> diagnostics.add(tagged(s.experiment(), r)));
        }
        List<Goal> goals = goals(options, rows);
        List<String> plots = Plots.write(options.out(), sections);
        RunInfo info = new RunInfo(options, transport, loadBefore, Experiments.loadAverage(), clusterMs, wallMs);
        JsonObject results = new JsonObject()
                .put("experiment", options.name())
                .put("transport", transport)
                .put("nodes", options.nodes())
                .put("unit", "us")
                .put("params", info.toJson())
                .put("experiments", new JsonArray(sections.stream().map(Section::experiment).toList()))
                .put("rows", rows)
                .put("skipped", skipped)
                .put("diagnostics", diagnostics)
                .put("goals", new JsonArray(goals.stream().map(Goal::toJson).toList()))
                .put("failed", new JsonArray(failed));
        Files.writeString(options.out().resolve("results.json"), results.encodePrettily() + "\n", StandardCharsets.UTF_8);
        Files.writeString(options.out().resolve("report.md"), Report.render(info, sections, goals, failed, plots),
                StandardCharsets.UTF_8);
        return new Outcome(results, goals, plots, failed.isEmpty());
    }

    /**
     * The goals of what was asked: issue 6's when one of its experiments was, issue 12's when
     * {@code riscv} was (each decided from this run's rows; a failed experiment leaves its goals
     * not evaluated).
     */
    static List<Goal> goals(SuiteOptions options, JsonArray rows) {
        List<Goal> goals = new ArrayList<>();
        if (options.experiments().stream().anyMatch(e -> e != Experiment.RISCV)) {
            goals.addAll(Goals.evaluate(rows));
        }
        if (options.experiments().contains(Experiment.RISCV)) {
            goals.add(RiscvSection.goal(rows));
        }
        return goals;
    }

    /**
     * Untimed event-bus request/replies from node 1 to node 0, 16 B and 4 KiB, before the first
     * experiment: the JIT, the connections between the nodes and Hazelcast's start-up work are then
     * behind every experiment alike, not inside the first one's rows (the baseline's).
     */
    private static void warmUp(LocalCluster cluster, SuiteOptions options, Progress progress) throws Exception {
        int n = warmUpIterations(options);
        List<EchoProbe> probes = List.of(new EchoProbe(cluster, 1, 0, 16), new EchoProbe(cluster, 1, 0, 4096));
        progress.row("loadgen", "warm-up: event-bus 16 B and 4 KiB", n);
        for (int i = 0; i < n; i++) {
            for (EchoProbe p : probes) {
                p.prepare(i);
                p.check(i, p.access(i));
            }
            progress.advance(i + 1);
        }
        progress.done();
    }

    /** Request/replies of each size the warm-up runs: at least {@value #MIN_WARM_UP}, at least W. */
    static int warmUpIterations(SuiteOptions options) {
        return Math.max(MIN_WARM_UP, options.warmup());
    }

    /** {@code row} with {@code experiment} as its first field. */
    private static JsonObject tagged(String experiment, JsonObject row) {
        JsonObject t = new JsonObject().put("experiment", experiment);
        row.forEach(e -> t.put(e.getKey(), e.getValue()));
        return t;
    }
}
