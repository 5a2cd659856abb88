/**
 * What the latency experiments share (DESIGN §9): real nodes in one JVM ({@link
 * io.procshare.loadgen.probe.LocalCluster}), a timed operation ({@link io.procshare.loadgen.probe.Probe})
 * run into an HdrHistogram by {@link io.procshare.loadgen.probe.ProbeRunner}, the results.json row
 * ({@link io.procshare.loadgen.probe.LatencyRow}), the command-line flags and the main's routine.
 */
package io.procshare.loadgen.probe;
