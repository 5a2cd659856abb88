package io.procshare.loadgen.probe;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * One row of results.json (DESIGN §9): an operation under a condition, its sample count and
 * percentiles in microseconds.
 */
public record LatencyRow(String op, String condition, long n, double p50, double p90, double p99, double max) {

    /** Converts a histogram of nanoseconds to microseconds with 0.1 us resolution. */
    public static LatencyRow of(String op, String condition, Histogram nanos) {
        return new LatencyRow(op, condition, nanos.getTotalCount(), us(nanos.getValueAtPercentile(50)),
                us(nanos.getValueAtPercentile(90)), us(nanos.getValueAtPercentile(99)), us(nanos.getMaxValue()));
    }

    public JsonObject toJson() {
        return new JsonObject().put("op", op).put("condition", condition).put("n", n)
                .put("p50", p50).put("p90", p90).put("p99", p99).put("max", max);
    }

    /** This row as a line of a markdown table: {@code | op | condition | n | p50 | p90 | p99 | max |}. */
    public String markdown() {
        return String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |%n", op, condition, n, p50, p90, p99, max);
    }

    private static double us(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
