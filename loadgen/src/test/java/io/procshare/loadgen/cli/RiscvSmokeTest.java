package io.procshare.loadgen.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code procshare loadgen riscv} end to end with a thousandth of the work, one run and no warm-up
 * on three in-JVM nodes: the benchmarks compile, run under qemu and through {@code RunClient},
 * print the same, count their instructions on the nodes, and spread puts threads on every node.
 * Needs gcc-riscv64-linux-gnu and qemu-user-static (as the node's riscv tests). Never a time.
 */
class RiscvSmokeTest {

    @TempDir
    Path out;

    @Test
    void when_riscvRunsTinyOnThreeNodes_then_everyBenchmarkHasItsRowsCountsAndIdenticalOutput() throws Exception {
        int exit = LoadgenCli.run("riscv", "--runs", "1", "--work", "0.001", "--warmup", "0", "--out", out.toString(),
                "--no-progress");

        assertThat(exit).isZero();
        JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
        assertThat(results.getInteger("nodes")).isEqualTo(3);
        assertThat(results.getJsonObject("params").getInteger("runs")).isEqualTo(1);
        assertThat(results.getJsonObject("params").getDouble("work")).isEqualTo(0.001);
        assertThat(results.getJsonArray("experiments").getList()).containsExactly("riscv");
        assertThat(results.getJsonArray("failed")).isEmpty();
        Set<String> seen = new TreeSet<>();
        for (Object o : results.getJsonArray("rows")) {
            JsonObject r = (JsonObject) o;
            seen.add(r.getString("op") + " " + r.getString("condition"));
            assertThat(r.getLong("instructions")).as("instructions of %s", r).isPositive();
            assertThat(r.getLong("ips")).as("ips of %s", r).isPositive();
            assertThat(r.getString("output")).as("output of %s", r).isNotBlank();
        }
        assertThat(seen).containsExactlyInAnyOrder("matmul qemu", "matmul pack", "sha256 qemu", "sha256 pack",
                "sort qemu", "sort pack", "matmul-mt4 qemu", "matmul-mt4 pack", "matmul-mt4 spread");
        JsonArray rows = results.getJsonArray("rows");
        JsonObject spread = find(rows, "matmul-mt4", "spread");
        assertThat(spread.getJsonArray("thread_nodes").getList()).hasSize(5).contains("n0", "n1", "n2");
        assertThat(spread.getJsonObject("per_node").getJsonObject("n1").getDouble("instructions")).isPositive();
        assertThat(spread.getJsonObject("per_node").getJsonObject("n1").getDouble("faults")).isPositive();
        assertThat(find(rows, "matmul-mt4", "pack").getJsonObject("per_node").getJsonObject("n1")
                .getDouble("instructions")).isZero();
        assertThat(find(rows, "sort", "pack").getString("output")).isEqualTo(find(rows, "sort", "qemu").getString("output"));
        assertThat(find(rows, "sha256", "pack").containsKey("ratio")).isTrue();
        JsonObject goal = results.getJsonArray("goals").getJsonObject(0);
        assertThat(results.getJsonArray("goals")).hasSize(1);
        assertThat(goal.getString("id")).isEqualTo("riscv-speed");
        assertThat(goal.getString("verdict")).isIn("met", "missed");

        assertThat(Files.readString(out.resolve("report.md"))).contains("## Goals", "riscv engine: guest instructions/s",
                "## riscv",
                "### Single thread: our engine against qemu", "### Four threads: one node against three")
                .doesNotContain("Each decided with the p50s");
        assertThat(ImageIO.read(out.resolve("riscv.png").toFile())).isNotNull();
    }

    private static JsonObject find(JsonArray rows, String op, String condition) {
        return rows.stream().map(JsonObject.class::cast)
                .filter(r -> op.equals(r.getString("op")) && condition.equals(r.getString("condition"))).findFirst()
                .orElseThrow();
    }
}
