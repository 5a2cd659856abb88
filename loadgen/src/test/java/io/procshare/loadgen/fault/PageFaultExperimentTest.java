package io.procshare.loadgen.fault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the harness with tiny K on three real nodes; checks the outputs' shape, never a time (STYLE 13). */
class PageFaultExperimentTest {

    private static final int K = 20;

    @TempDir
    Path out;

    @Test
    void when_runWithTwentyIterations_then_resultsJsonHasEveryRowWithNEqualToKAndOrderedPercentiles() throws Exception {
        PageFaultExperiment.run(PageFaultExperiment.options("--iterations", String.valueOf(K), "--warmup", "5",
                "--pause-us", "100", "--out", out.toString()));

        JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
        assertThat(results.getString("experiment")).isEqualTo("page-fault");
        assertThat(results.getInteger("nodes")).isEqualTo(3);
        assertThat(results.getString("unit")).isEqualTo("us");
        assertThat(results.getString("transport")).isNotBlank();
        JsonArray rows = results.getJsonArray("rows");
        List<String> ops = rows.stream().map(r -> ((JsonObject) r).getString("op")).toList();
        assertThat(ops).contains("read-fault", "write-fault-0", "write-fault-1", "write-fault-2", "upgrade",
                "first-touch", "tcp-16", "tcp-4096", "eventbus-16", "eventbus-4096", "imap-get-4096");
        for (Object o : rows) {
            JsonObject row = (JsonObject) o;
            assertThat(row.getString("condition")).as("condition of %s", row).isNotBlank();
            assertThat(row.getLong("n")).as("n of %s", row).isEqualTo(K);
            assertThat(row.getDouble("p50")).as("p50 of %s", row).isPositive()
                    .isLessThanOrEqualTo(row.getDouble("p90"));
            assertThat(row.getDouble("p90")).as("p90 of %s", row).isLessThanOrEqualTo(row.getDouble("p99"));
            assertThat(row.getDouble("p99")).as("p99 of %s", row).isLessThanOrEqualTo(row.getDouble("max"));
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Goals").containsPattern("\\*\\*(met|missed)\\*\\*");
    }
}
