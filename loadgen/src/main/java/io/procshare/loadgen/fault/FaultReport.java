package io.procshare.loadgen.fault;

import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.Experiments;
import io.procshare.loadgen.probe.LatencyRow;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * report.md of a page-fault run: every row, each fault's critical path next to its latency, and the
 * goals of issue 3 item 8 evaluated with the numbers of this run, met or missed.
 */
final class FaultReport {

    private FaultReport() {
    }

    static String render(ExperimentOptions o, String transport, String loadBefore, List<FaultProbes.Result> faults,
                         List<LatencyRow> baselines, String trace) {
        StringBuilder b = new StringBuilder();
        b.append("# page-fault\n\n");
        b.append(String.format(Locale.ROOT, "%s; %d nodes in one JVM on loopback, transport %s; K = %d recorded "
                        + "iterations after W = %d warm-up per row, %d us idle before every timed access; Java %s, "
                        + "%d CPUs. Times in microseconds, measured on the accessing thread.%n%n",
                Instant.now(), PageFaultExperiment.NODES, transport, o.iterations(), o.warmup(), o.pauseUs(),
                Runtime.version(), Runtime.getRuntime().availableProcessors()));
        b.append("Load average (1, 5, 15 min) before the run: ").append(loadBefore).append("; after: ")
                .append(Experiments.loadAverage()).append(". Everything shares the CPUs: the three nodes, the probe thread, "
                        + "and whatever else the machine runs.\n\n");
        b.append("```\njava <JvmFlags.FLAGS> -cp loadgen/target/benchmarks.jar io.procshare.loadgen.fault.PageFaultExperiment")
                .append(" --iterations ").append(o.iterations()).append(" --warmup ").append(o.warmup())
                .append(" --pause-us ").append(o.pauseUs()).append(" --out ").append(o.out()).append("\n```\n\n");

        b.append("## Results\n\n| op | condition | n | p50 | p90 | p99 | max |\n|---|---|---:|---:|---:|---:|---:|\n");
        faults.forEach(f -> b.append(f.row().markdown()));
        baselines.forEach(r -> b.append(r.markdown()));

        b.append("\nH = node 0, the home (manager of every page); R = node 1, the timed requester; T = node 2. "
                + "Every iteration faults on a page nobody touched before.\n");
        b.append("\n## Critical paths\n\n| op | condition | event-bus hops between nodes | within a node | "
                + "messages | faults at R per iteration | invalidations per iteration | p50 | p50 per hop between nodes |\n"
                + "|---|---|---:|---:|---|---:|---:|---:|---:|\n");
        for (FaultProbes.Result f : faults) {
            FaultProbes.Path p = f.path();
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %.2f | %.2f | %.1f | %.1f |%n",
                    f.row().op(), f.row().condition(), p.remoteHops(), p.localHops(), p.messages(),
                    f.requesterFaults(), f.invalidations(), f.row().p50(), f.row().p50() / p.remoteHops()));
        }
        find(baselines, "eventbus-4096").ifPresent(eb -> b.append(String.format(Locale.ROOT,
                "%nOne event-bus hop between nodes costs about half an event-bus request/reply: %.1f us for 4 KiB, "
                        + "%.1f us for 16 B (p50 / 2).%n", eb.p50() / 2,
                find(baselines, "eventbus-16").map(LatencyRow::p50).orElse(Double.NaN) / 2)));
        b.append("\nA write fault with 4 copies to invalidate needs 5 nodes: the copyset is a set of nodes and the "
                + "requester's own copy is never invalidated, so with 3 nodes at most 2 copies (H's and T's) can be.\n");

        b.append("\n## Goals (issue 3 item 8)\n\n").append(goals(faults, baselines));
        b.append("\n## Where the time goes\n\nEvent-bus interceptors on every node stamp each message when sent and "
                + "when delivered to its handler (after the measured rows, on fresh pages).\n\n").append(trace);
        return b.toString();
    }

    /** The goal verdicts, one line each, for report.md and stderr. */
    static String goals(List<FaultProbes.Result> faults, List<LatencyRow> baselines) {
        StringBuilder b = new StringBuilder();
        Optional<LatencyRow> imap = find(baselines, "imap-get-4096");
        Optional<LatencyRow> tcp = find(baselines, "tcp-4096");
        for (FaultProbes.Result f : faults) {
            LatencyRow r = f.row();
            if (!r.op().equals("read-fault")) {
                continue;
            }
            imap.ifPresent(m -> b.append(String.format(Locale.ROOT,
                    "- read fault (%s) p50 %.1f us <= Hazelcast IMap.get 4 KiB p50 %.1f us: **%s** (%.2fx)%n",
                    r.condition(), r.p50(), m.p50(), r.p50() <= m.p50() ? "met" : "missed", r.p50() / m.p50())));
            tcp.ifPresent(t -> b.append(String.format(Locale.ROOT,
                    "- read fault (%s) p50 %.1f us <= 2 x TCP 4 KiB ping-pong p50 (2 x %.1f = %.1f us): **%s** (%.2fx TCP)%n",
                    r.condition(), r.p50(), t.p50(), 2 * t.p50(), r.p50() <= 2 * t.p50() ? "met" : "missed",
                    r.p50() / t.p50())));
        }
        return b.toString();
    }

    private static Optional<LatencyRow> find(List<LatencyRow> rows, String op) {
        return rows.stream().filter(r -> r.op().equals(op)).findFirst();
    }
}
