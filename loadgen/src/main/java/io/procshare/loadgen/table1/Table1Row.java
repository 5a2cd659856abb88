package io.procshare.loadgen.table1;

import io.procshare.loadgen.probe.LatencyRow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One measured Table-1 row: a syscall under a condition ({@code A}, {@code B}, {@code C}, or the
 * diagnostic {@code A-sandbox}) with argument shipping {@code ship}, {@code noship} or, where the
 * mechanism is not involved, {@code none}.
 *
 * @param stats          the latencies over every repeat; its condition is the progress label, e.g. {@code C/noship}
 * @param p50s           the p50 of each interleaved repeat alone, µs, in the order run
 * @param homeFaults     page faults taken at the home per iteration (timed call and set-up alike)
 */
record Table1Row(String op, String condition, String shipping, LatencyRow stats, List<Double> p50s,
                 double homeFaults) {

    /**
     * The results.json row (DESIGN §9) with {@code condition} A/B/C and the extra fields {@code
     * shipping} and {@code p50_runs} (the p50 of each repeat).
     */
    JsonObject toJson() {
        return stats.toJson().put("condition", condition).put("shipping", shipping)
                .put("p50_runs", new JsonArray(List.copyOf(p50s)));
    }

    double p50() {
        return stats.p50();
    }
}
