package io.procshare.loadgen.table1;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the harness with tiny K on two real nodes; checks the outputs' shape, never a time (STYLE 13). */
class Table1ExperimentTest {

    private static final int K = 10;

    @TempDir
    Path out;

    @Test
    void when_runWithTenIterations_then_everyOpUnderEveryConditionHasARowWithNEqualToK() throws Exception {
        Table1Experiment.run(Table1Experiment.options("--iterations", String.valueOf(K), "--warmup", "2",
                "--pause-us", "0", "--out", out.toString()));

        JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
        assertThat(results.getString("experiment")).isEqualTo("table1");
        assertThat(results.getInteger("nodes")).isEqualTo(2);
        assertThat(results.getString("unit")).isEqualTo("us");
        assertThat(results.getString("transport")).isNotBlank();
        JsonArray rows = results.getJsonArray("rows");
        List<String> expected = new ArrayList<>();
        for (String op : List.of("open", "close", "mkdir", "rmdir", "symlink", "flock")) {
            expected.add(op + " A none");
            for (String condition : List.of("B", "C")) {
                expected.add(op + " " + condition + " ship");
                expected.add(op + " " + condition + " noship");
            }
        }
        expected.add("eventbus-16 remote -");
        List<String> seen = rows.stream().map(o -> (JsonObject) o)
                .map(r -> r.getString("op") + " " + r.getString("condition") + " " + r.getString("shipping", "-"))
                .toList();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
        for (Object o : rows) {
            JsonObject row = (JsonObject) o;
            assertThat(row.getLong("n")).as("n of %s", row).isEqualTo(K);
            assertThat(row.getDouble("p50")).as("p50 of %s", row).isPositive().isLessThanOrEqualTo(row.getDouble("max"));
        }
        assertThat(results.getJsonArray("diagnostics")).hasSize(6);
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Table 1", "## Goals", "0.717")
                .containsPattern("\\*\\*(met|missed)\\*\\*");
    }
}
