package io.procshare.loadgen.baseline;

import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LatencyRow;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.ProbeRunner;
import io.procshare.loadgen.probe.Progress;
import io.procshare.loadgen.probe.Section;

import java.util.List;

/**
 * The {@code baseline} experiment (DESIGN §9): what the mechanism's numbers are compared with, in
 * the same run — raw TCP ping-pong of 16 B and 4 KiB on loopback (the physical limit here), Vert.x
 * event-bus request/reply of 16 B and 4 KiB from node 1 to node 0 (what every forwarded call and
 * fault message rides on), and Hazelcast {@code IMap.get} of a 4 KiB value owned by node 0's member
 * (what a user would build instead). Run it with {@code procshare loadgen baseline}.
 */
public final class BaselineExperiment {

    /** The experiment's name in results.json and on the command line. */
    public static final String NAME = "baseline";
    /** Nodes it needs: a caller and a callee. */
    public static final int MIN_NODES = 2;
    /** Idle time before every timed operation unless {@code --pause-us} says otherwise (as page-fault's). */
    public static final long DEFAULT_PAUSE_US = 500;

    private BaselineExperiment() {
    }

    /** Runs the experiment on nodes 0 and 1 of {@code cluster}; returns its rows and its part of report.md. */
    public static Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
        if (cluster.size() < MIN_NODES) {
            throw new IllegalArgumentException(NAME + " needs " + MIN_NODES + " nodes, the cluster has " + cluster.size());
        }
        ProbeRunner runner = ProbeRunner.of(NAME, options, progress);
        List<LatencyRow> rows = new BaselineProbes(cluster, runner).runAll();
        StringBuilder b = new StringBuilder();
        b.append("`tcp-<bytes>`: `java.net.Socket` ping-pong on loopback, TCP_NODELAY, an echo thread. "
                + "`eventbus-<bytes>`: request/reply from node 1 to node 0's echo verticle over the clustered "
                + "event bus. `imap-get-4096`: `IMap.get` from node 1's Hazelcast member of a 4 KiB value whose "
                + "partition node 0's member owns.\n\n");
        b.append("| op | condition | n | p50 | p90 | p99 | max |\n|---|---|---:|---:|---:|---:|---:|\n");
        rows.forEach(r -> b.append(r.markdown()));
        return new Section(NAME, rows.stream().map(LatencyRow::toJson).toList(), List.of(), List.of(), runner.cdfs(),
                b.toString());
    }
}
