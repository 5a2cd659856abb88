package io.procshare.loadgen.throughput;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * One row of the {@code throughput} experiment's results.json: an operation under a condition at
 * a concurrency, the operations completed, their rate and the latency percentiles of one operation
 * in microseconds (as in {@link io.procshare.loadgen.probe.LatencyRow}).
 *
 * @param op        {@code syscall}, {@code page-fault} or {@code eventbus-16}
 * @param condition {@code mechanism} or {@code eventbus}
 * @param threads   concurrent threads, each in a closed loop (one operation outstanding)
 * @param n         operations timed (warm-up excluded)
 * @param opsPerSec {@code n} divided by the wall time from the first thread's start to the last
 *                  thread's end
 */
public record ThroughputRow(String op, String condition, int threads, long n, double opsPerSec, double p50,
                            double p90, double p99, double max) {

    /** A row from a histogram of nanoseconds and the wall time in which its operations ran. */
    public static ThroughputRow of(String op, String condition, int threads, Histogram nanos, long wallNanos) {
        long n = nanos.getTotalCount();
        double rate = wallNanos <= 0 ? 0 : Math.round(n * 1e10 / wallNanos) / 10.0;
        return new ThroughputRow(op, condition, threads, n, rate, us(nanos.getValueAtPercentile(50)),
                us(nanos.getValueAtPercentile(90)), us(nanos.getValueAtPercentile(99)), us(nanos.getMaxValue()));
    }

    /** {@code {op, condition, threads, n, ops_per_s, p50, p90, p99, max}}, times in microseconds. */
    public JsonObject toJson() {
        return new JsonObject().put("op", op).put("condition", condition).put("threads", threads).put("n", n)
                .put("ops_per_s", opsPerSec).put("p50", p50).put("p90", p90).put("p99", p99).put("max", max);
    }

    /** This row as a markdown table line: {@code | op | condition | threads | n | ops/s | p50 | p90 | p99 | max |}. */
    public String markdown() {
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f |%n", op, condition,
                threads, n, opsPerSec, p50, p90, p99, max);
    }

    private static double us(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
