package io.procshare.loadgen.fault;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * One row of results.json (DESIGN §9): an operation under a condition, its sample count and
 * percentiles in microseconds.
 */
record LatencyRow(String op, String condition, long n, double p50, double p90, double p99, double max) {

    /** Converts a histogram of nanoseconds to microseconds with 0.1 us resolution. */
    static LatencyRow of(String op, String condition, Histogram nanos) {
        return new LatencyRow(op, condition, nanos.getTotalCount(), us(nanos.getValueAtPercentile(50)),
                us(nanos.getValueAtPercentile(90)), us(nanos.getValueAtPercentile(99)), us(nanos.getMaxValue()));
    }

    JsonObject toJson() {
        return new JsonObject().put("op", op).put("condition", condition).put("n", n)
                .put("p50", p50).put("p90", p90).put("p99", p99).put("max", max);
    }

    private static double us(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
