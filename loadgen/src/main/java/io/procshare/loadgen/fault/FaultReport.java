package io.procshare.loadgen.fault;

import io.procshare.loadgen.probe.Section;

import java.util.List;
import java.util.Locale;

/**
 * The page-fault part of report.md: every row, each fault's critical path next to its latency, the
 * rows skipped and why, and the hop-by-hop trace. Its goal (read fault against Hazelcast
 * {@code IMap.get}) is evaluated with the others' ({@code io.procshare.loadgen.suite.Goals}).
 */
final class FaultReport {

    private FaultReport() {
    }

    static String render(int nodes, List<FaultProbes.Result> faults, List<Section.Skipped> skipped, String trace) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "H = n0, the home (manager of every page); R = n1, the timed requester; "
                + "n2.. the others (%d nodes in this run). Every iteration faults on a page nobody touched before. "
                + "`page-moves,invalidate:X`: the page travels from H to R after X's copies are invalidated; "
                + "`ownership-only,invalidate:X`: R holds a read-only copy, X's copies are invalidated and R is "
                + "granted ownership without data.%n%n", nodes));
        b.append("| op | condition | n | p50 | p90 | p99 | max |\n|---|---|---:|---:|---:|---:|---:|\n");
        faults.forEach(f -> b.append(f.row().markdown()));
        for (Section.Skipped s : skipped) {
            b.append("| ").append(s.op()).append(" | ").append(s.condition()).append(" | skipped | | | | |\n");
        }
        if (!skipped.isEmpty()) {
            b.append("\nRows marked skipped need more nodes than this run has: see \"Skipped rows\" below.\n");
        }

        b.append("\n### Critical paths\n\n| op | condition | event-bus hops between nodes | within a node | "
                + "messages | faults at R per iteration | invalidations per iteration | p50 | p50 per hop between nodes |\n"
                + "|---|---|---:|---:|---|---:|---:|---:|---:|\n");
        for (FaultProbes.Result f : faults) {
            FaultProbes.Path p = f.path();
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %.2f | %.2f | %.1f | %.1f |%n",
                    f.row().op(), f.row().condition(), p.remoteHops(), p.localHops(), p.messages(),
                    f.requesterFaults(), f.invalidations(), f.row().p50(), f.row().p50() / p.remoteHops()));
        }
        b.append("\n### Where the time goes\n\nEvent-bus interceptors on every node stamp each message when sent and "
                + "when delivered to its handler (after the measured rows, on fresh pages).\n\n").append(trace);
        return b.toString();
    }
}
