package io.procshare.loadgen.probe;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What one experiment hands the suite: its results.json rows, the rows it could not measure and
 * why, the distributions for the CDF plot, and its part of report.md.
 *
 * @param experiment  the experiment's name ({@code table1}, {@code page-fault}, ...)
 * @param rows        results.json rows (DESIGN §9: op, condition, n, p50, p90, p99, max, and extra
 *                    fields an experiment adds, e.g. {@code shipping}, {@code threads},
 *                    {@code ops_per_s}); the suite tags each with {@code experiment}
 * @param diagnostics rows that explain others but are no result of the issue (results.json
 *                    {@code diagnostics}), e.g. table1's {@code A-sandbox}
 * @param skipped     rows the experiment defines but did not measure in this run, with the reason
 * @param cdfs        distributions of rows worth plotting as CDFs (may be empty)
 * @param markdown    the experiment's part of report.md, below the suite's {@code ## experiment} heading
 *                    (its own headings at level 3, {@code ###})
 */
public record Section(String experiment, List<JsonObject> rows, List<JsonObject> diagnostics, List<Skipped> skipped,
                      List<Cdf> cdfs, String markdown) {

    /** A row not measured: its op and condition, and why (e.g. it needs more nodes). */
    public record Skipped(String op, String condition, String reason) {

        public JsonObject toJson() {
            return new JsonObject().put("op", op).put("condition", condition).put("reason", reason);
        }
    }

    public Section {
        rows = List.copyOf(rows);
        diagnostics = List.copyOf(diagnostics);
        skipped = List.copyOf(skipped);
        cdfs = List.copyOf(cdfs);
    }
}
