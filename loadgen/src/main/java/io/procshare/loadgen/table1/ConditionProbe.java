package io.procshare.loadgen.table1;

import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Probe;
import io.procshare.verticles.memory.MemoryCounters;

/**
 * A Table-1 probe under one condition: before each iteration it sets the argument-shipping switch
 * of every node to the condition's (rows of different conditions run interleaved), and it counts
 * the page faults the home takes during the iteration (set-up and timed call alike).
 */
final class ConditionProbe implements Probe {

    private final LocalCluster cluster;
    private final int home;
    private final boolean ship;
    private final Probe probe;
    private long faultsBefore;
    private long homeFaults;
    private long iterations;

    ConditionProbe(LocalCluster cluster, int home, boolean ship, Probe probe) {
        this.cluster = cluster;
        this.home = home;
        this.ship = ship;
        this.probe = probe;
    }

    /** Page faults the home took per iteration of this probe, warm-up included. */
    double homeFaultsPerIteration() {
        return iterations == 0 ? 0 : homeFaults / (double) iterations;
    }

    @Override
    public void prepare(int i) throws Exception {
        for (int n = 0; n < cluster.size(); n++) {
            cluster.node(n).syscalls().setArgumentShipping(ship);
        }
        faultsBefore = faults();
        probe.prepare(i);
    }

    @Override
    public long access(int i) throws Exception {
        return probe.access(i);
    }

    @Override
    public void check(int i, long result) throws Exception {
        probe.check(i, result);
        homeFaults += faults() - faultsBefore;
        iterations++;
    }

    @Override
    public void done() throws Exception {
        probe.done();
    }

    private long faults() {
        return cluster.node(home).counters().get(MemoryCounters.FAULTS);
    }
}
