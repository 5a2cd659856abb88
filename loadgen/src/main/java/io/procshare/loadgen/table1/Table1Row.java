package io.procshare.loadgen.table1;

import io.procshare.loadgen.probe.LatencyRow;
import io.vertx.core.json.JsonObject;

/**
 * One measured Table-1 row: a syscall under a condition ({@code A}, {@code B}, {@code C}, or the
 * diagnostic {@code A-sandbox}) with argument shipping {@code ship}, {@code noship} or, where the
 * mechanism is not involved, {@code none}.
 *
 * @param stats          the latencies; its condition is the progress label, e.g. {@code C/noship}
 * @param homeFaults     page faults taken at the home per iteration (timed call and set-up alike)
 */
record Table1Row(String op, String condition, String shipping, LatencyRow stats, double homeFaults) {

    /** The results.json row (DESIGN §9) with {@code condition} A/B/C and the extra field {@code shipping}. */
    JsonObject toJson() {
        return stats.toJson().put("condition", condition).put("shipping", shipping);
    }

    double p50() {
        return stats.p50();
    }
}
