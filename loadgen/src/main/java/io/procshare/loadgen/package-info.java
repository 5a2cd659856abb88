/**
 * procshare loadgen (DESIGN §9): the {@code procshare loadgen} command ({@code cli}), the suite that
 * runs the experiments on one in-JVM cluster and writes results.json, report.md and the plots
 * ({@code suite}), the experiments ({@code baseline}, {@code table1}, {@code readsize}, {@code fault},
 * {@code throughput}) over the shared probe machinery ({@code probe}), and the JMH benchmarks
 * ({@code jmh}).
 */
package io.procshare.loadgen;
