/**
 * What the experiments share (DESIGN §9): real nodes in one JVM ({@link
 * io.procshare.loadgen.probe.LocalCluster}), a timed operation ({@link io.procshare.loadgen.probe.Probe})
 * run into an HdrHistogram by {@link io.procshare.loadgen.probe.ProbeRunner}, the results.json row
 * ({@link io.procshare.loadgen.probe.LatencyRow}) and distribution ({@link io.procshare.loadgen.probe.Cdf}),
 * the settings of a run ({@link io.procshare.loadgen.probe.ExperimentOptions}), progress reporting
 * ({@link io.procshare.loadgen.probe.Progress}) and what an experiment hands back
 * ({@link io.procshare.loadgen.probe.Section}).
 */
package io.procshare.loadgen.probe;
