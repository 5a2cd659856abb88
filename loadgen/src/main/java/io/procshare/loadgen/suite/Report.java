package io.procshare.loadgen.suite;

import io.procshare.loadgen.probe.Section;
import io.procshare.loadgen.riscv.RiscvReport;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * report.md of a run: how it ran, the goals of issue 6 met or missed with this run's numbers, one
 * section per experiment (tables; Table 1 beside the paper's), the rows skipped and why, and the
 * plots.
 */
final class Report {

    private Report() {
    }

    static String render(RunInfo info, List<Section> sections, List<Goal> goals, List<JsonObject> failed,
                         List<String> plots) {
        SuiteOptions o = info.options();
        StringBuilder b = new StringBuilder();
        b.append("# procshare loadgen: ").append(o.name()).append("\n\n");
        boolean riscvOnly = o.experiments().equals(List.of(Experiment.RISCV));
        if (riscvOnly) {
            b.append(String.format(Locale.ROOT, "%s; %d procshare nodes in one JVM on loopback, transport %s; riscv: "
                            + "K = %d timed runs of each program under each condition after %d untimed, work × %s of "
                            + "the default; Java %s, %d CPUs. Times in microseconds.%n%n", Instant.now(), o.nodes(),
                    info.transport(), o.runs(), Math.min(o.warmup(), 1), o.work(), Runtime.version(),
                    Runtime.getRuntime().availableProcessors()));
        } else {
            b.append(String.format(Locale.ROOT, "%s; %d procshare nodes in one JVM on loopback, transport %s; K = %d "
                            + "recorded iterations after W = %d warm-up per row; throughput up to %d threads; Java %s, "
                            + "%d CPUs. Times in microseconds, measured on the thread that issues the operation.%n%n",
                    Instant.now(), o.nodes(), info.transport(), o.iterations(), o.warmup(), o.threads(),
                    Runtime.version(), Runtime.getRuntime().availableProcessors()));
        }
        b.append(String.format(Locale.ROOT, "Before the first experiment, %d untimed event-bus request/replies of "
                + "16 B and of 4 KiB from node 1 to node 0 warmed up the JIT and the connections. ",
                Suite.warmUpIterations(o)));
        if (!riscvOnly) {
            b.append("Idle time before every timed operation (µs): ");
            b.append(String.join(", ", o.experiments().stream().map(e -> e.label() + " " + o.of(e).pauseUs())
                    .toList())).append(". ");
        }
        b.append(String.format(Locale.ROOT, "Load average (1, 5, 15 min) before: %s; after: %s. Cluster start "
                + "%.1f s, whole run %.1f s. Everything shares the CPUs: every node, every probe thread, and whatever "
                + "else the machine runs.%n%n", info.loadBefore(), info.loadAfter(), info.clusterMs() / 1000.0,
                info.wallMs() / 1000.0));
        b.append("```\n").append(o.command()).append("\n```\n\n");

        if (!failed.isEmpty()) {
            b.append("## Failed\n\n");
            failed.forEach(f -> b.append("- `").append(f.getString("experiment")).append("`: ")
                    .append(f.getString("error")).append('\n'));
            b.append('\n');
        }

        b.append("## Goals\n\n");
        if (goals.stream().anyMatch(g -> !g.id().equals(RiscvReport.GOAL_ID))) {
            b.append("Each decided with the p50s of this run.\n\n");
        }
        goals.forEach(g -> b.append(g.markdown()));
        if (goals.stream().anyMatch(g -> g.numbers().contains(" repeats"))) {
            b.append("\nCaution: a ratio is also taken in each interleaved repeat; where that range includes the "
                    + "goal's bound (marked noise) this run cannot tell the verdict from noise.\n");
        }

        for (Section s : sections) {
            b.append("\n## ").append(s.experiment()).append("\n\n").append(s.markdown());
        }

        List<String> skipped = sections.stream().flatMap(s -> s.skipped().stream()
                .map(k -> "- " + s.experiment() + " `" + k.op() + "`" + (k.condition().equals("-") ? "" : " (" + k.condition()
                        + ")") + ": " + k.reason())).toList();
        if (!skipped.isEmpty()) {
            b.append("\n## Skipped rows\n\n");
            skipped.forEach(line -> b.append(line).append('\n'));
        }

        if (!plots.isEmpty()) {
            b.append("\n## Plots\n\n");
            plots.forEach(p -> b.append("![").append(p).append("](").append(p).append(")\n\n"));
        }
        return b.toString();
    }
}
