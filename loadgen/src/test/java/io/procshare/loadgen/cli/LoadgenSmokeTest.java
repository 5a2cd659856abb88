package io.procshare.loadgen.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code procshare loadgen all} with tiny K on two in-JVM nodes: checks the three outputs exist
 * and results.json has every row the issue names, never a time (STYLE 13).
 */
class LoadgenSmokeTest {

    private static final int K = 20;

    @TempDir
    Path out;

    @Test
    void when_allRunsWithTwentyIterationsOnTwoNodes_then_resultsReportAndPlotsHoldEveryExperimentsRows() throws Exception {
        int exit = LoadgenCli.run("all", "--local", "2", "--iterations", String.valueOf(K), "--warmup", "5",
                "--threads", "4", "--pause-us", "50", "--out", out.toString(), "--no-progress");

        assertThat(exit).isZero();
        JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
        assertThat(results.getString("experiment")).isEqualTo("all");
        assertThat(results.getInteger("nodes")).isEqualTo(2);
        assertThat(results.getString("unit")).isEqualTo("us");
        assertThat(results.getString("transport")).isNotBlank();
        assertThat(results.getJsonArray("experiments").getList())
                .containsExactly("baseline", "table1", "read-size", "page-fault", "throughput");
        assertThat(results.getJsonArray("failed")).isEmpty();

        JsonArray rows = results.getJsonArray("rows");
        Set<String> seen = new TreeSet<>();
        for (Object o : rows) {
            JsonObject r = (JsonObject) o;
            seen.add(r.getString("experiment") + " " + r.getString("op") + " " + r.getString("condition")
                    + (r.containsKey("threads") ? " " + r.getInteger("threads") : ""));
            assertThat(r.getLong("n")).as("n of %s", r).isPositive();
            assertThat(r.getDouble("p50")).as("p50 of %s", r).isPositive().isLessThanOrEqualTo(r.getDouble("p90"));
            assertThat(r.getDouble("p99")).as("p99 of %s", r).isLessThanOrEqualTo(r.getDouble("max"));
            if (r.getString("experiment").equals("table1")) { // the default --runs: 3 interleaved repeats
                assertThat(r.getJsonArray("p50_runs")).as("p50_runs of %s", r).hasSize(3);
                if (r.getString("condition").equals("B")) {
                    assertThat(r.getDouble("overhead_min")).as(r.toString()).isLessThanOrEqualTo(r.getDouble("overhead_max"));
                }
                if (r.getString("condition").equals("C")) {
                    assertThat(r.getDouble("forwarding_us_min")).as(r.toString())
                            .isLessThanOrEqualTo(r.getDouble("forwarding_us_max"));
                }
            }
        }
        List<String> expected = new ArrayList<>(List.of("baseline tcp-16 loopback", "baseline tcp-4096 loopback",
                "baseline eventbus-16 remote", "baseline eventbus-4096 remote", "baseline imap-get-4096 remote",
                "table1 eventbus-16 remote", "page-fault read-fault remote-owner-home", "page-fault upgrade requester-sole-ro",
                "page-fault first-touch never-written,write", "page-fault write-fault-0 page-moves,invalidate:none",
                "page-fault write-fault-1 ownership-only,invalidate:n0"));
        for (String op : List.of("open", "close", "mkdir", "rmdir", "symlink", "flock")) {
            expected.addAll(List.of("table1 " + op + " A", "table1 " + op + " B", "table1 " + op + " C"));
        }
        for (int kib : List.of(1, 2, 4, 8, 12, 16, 32, 64)) {
            expected.addAll(List.of("read-size read-" + kib + "k ship", "read-size read-" + kib + "k noship"));
        }
        for (int t : List.of(1, 2, 4)) {
            expected.addAll(List.of("throughput syscall mechanism " + t, "throughput page-fault mechanism " + t,
                    "throughput eventbus-16 eventbus " + t));
        }
        assertThat(seen).containsAll(expected);
        assertThat(rows.stream().map(o -> ((JsonObject) o).getString("experiment") + " "
                + ((JsonObject) o).getString("op")).toList()).doesNotContain("page-fault write-fault-2",
                "page-fault write-fault-4");
        assertThat(results.getJsonArray("skipped").stream().map(o -> ((JsonObject) o).getString("op")).toList())
                .containsExactlyInAnyOrder("read-fault", "write-fault-2", "write-fault-4");
        assertThat(results.getJsonArray("goals")).hasSize(6);
        assertThat(results.getJsonArray("goals").stream().map(o -> ((JsonObject) o).getString("verdict")))
                .allMatch(v -> v.equals("met") || v.equals("missed"));

        assertThat(Files.readString(out.resolve("report.md")))
                .contains("## Goals", "## baseline", "## table1", "### Table 1: the paper beside this run", "0.717",
                        "## read-size", "## page-fault", "## throughput", "## Skipped rows", "write-fault-4",
                        "--local 5", "3 interleaved repeats", "Caution: a (B−A)/A or C−B whose range over the repeats")
                .containsPattern("\\*\\*(met|missed)\\*\\*");
        for (String png : List.of("latency-cdf.png", "table1-cdf.png", "read-size.png", "throughput.png")) {
            assertThat(ImageIO.read(out.resolve(png).toFile())).as(png).isNotNull();
        }
    }
}
