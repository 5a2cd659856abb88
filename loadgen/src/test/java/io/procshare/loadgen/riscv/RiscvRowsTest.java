package io.procshare.loadgen.riscv;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The riscv experiment's rows, goal, report and plot from hand-made samples: medians and spreads
 * over the runs, qemu's speed from our instruction count, ours / qemu paired by round, per-node
 * counter means, the 1/8 goal met, missed or not evaluated. No time is measured.
 */
class RiscvRowsTest {

    private static final long MATMUL_INSNS = 200_000_000L;

    /** A procshare run: {@code insns} retired on n0 (and {@code onN1} on n1), taking {@code wallMs}. */
    private static Sample ours(Benchmark b, String placement, int round, long wallMs, long insns, long onN1,
                               long faults) {
        SequencedMap<String, Map<String, Long>> nodes = new LinkedHashMap<>();
        nodes.put("n0", counters(insns, faults, 0));
        nodes.put("n1", counters(onN1, faults / 2, 3));
        nodes.put("n2", counters(0, 0, 0));
        return new Sample(b, placement, round, "300", wallMs * 1_000_000, wallMs * 900_000, "sum=42\n", 0, nodes,
                onN1 > 0 ? List.of("n0", "n1") : List.of("n0"));
    }

    private static Map<String, Long> counters(long insns, long faults, long forwarded) {
        Map<String, Long> c = new LinkedHashMap<>();
        for (String name : RiscvCounters.NAMES) {
            c.put(name, 0L);
        }
        c.put(RiscvCounters.RETIRED, insns);
        c.put(io.procshare.verticles.memory.MemoryCounters.FAULTS, faults);
        c.put(io.procshare.verticles.exec.SyscallCounters.FORWARDED, forwarded);
        return c;
    }

    private static Sample qemu(Benchmark b, int round, long wallMs) {
        return new Sample(b, Sample.QEMU, round, "300", wallMs * 1_000_000, wallMs * 1_000_000, "sum=42\n", 0,
                new LinkedHashMap<>(), List.of());
    }

    /** Three rounds of every single-thread benchmark, ours {@code slowdown} times qemu's wall time. */
    private static List<Sample> singleThread(double slowdown) {
        List<Sample> s = new ArrayList<>();
        long[] qemuMs = {1000, 1200, 800};
        for (int round = 0; round < 3; round++) {
            for (Benchmark b : Benchmark.SINGLE_THREAD) {
                s.add(qemu(b, round, qemuMs[round]));
                s.add(ours(b, "pack", round, Math.round(qemuMs[round] * slowdown), MATMUL_INSNS, 0, 10));
            }
        }
        return s;
    }

    private static JsonObject row(List<JsonObject> rows, String op, String condition) {
        return RiscvRows.find(rows, op, condition).orElseThrow();
    }

    @Test
    void when_oursTakesFiveTimesQemusWallTime_then_ratioIsOneFifthAndQemuIpsUsesOurCount() {
        List<JsonObject> rows = RiscvRows.rows(singleThread(5));

        JsonObject q = row(rows, "matmul", "qemu");
        JsonObject o = row(rows, "matmul", "pack");
        assertThat(q.getLong("instructions")).isEqualTo(MATMUL_INSNS);
        assertThat(q.getDouble("p50")).isEqualTo(1_000_000.0);
        assertThat(q.getDouble("min")).isEqualTo(800_000.0);
        assertThat(q.getDouble("max")).isEqualTo(1_200_000.0);
        assertThat(q.getJsonArray("runs_us")).containsExactly(1_000_000.0, 1_200_000.0, 800_000.0);
        assertThat(q.getLong("ips")).isEqualTo(200_000_000L);
        assertThat(q.getLong("ips_max")).isEqualTo(250_000_000L);
        assertThat(o.getLong("ips")).isEqualTo(40_000_000L);
        assertThat(o.getDouble("ratio")).isCloseTo(0.2, within(1e-4));
        assertThat(o.getDouble("ratio_min")).isCloseTo(0.2, within(1e-4));
        assertThat(o.getDouble("ratio_max")).isCloseTo(0.2, within(1e-4));
        assertThat(o.getDouble("ratio_cpu")).isCloseTo(1 / 4.5, within(1e-4));
        assertThat(o.getString("output")).isEqualTo("sum=42");
        assertThat(o.getJsonArray("thread_nodes")).containsExactly("n0");
        assertThat(q.containsKey("ratio")).isFalse();
    }

    @Test
    void when_roundsAreSlowedAlike_then_thePairedRatioStaysWhileTheSpeedsMove() {
        List<Sample> samples = new ArrayList<>();
        long[] factor = {1, 3, 2}; // the machine's load triples both runs of round 1
        for (int round = 0; round < 3; round++) {
            samples.add(qemu(Benchmark.SORT, round, 100 * factor[round]));
            samples.add(ours(Benchmark.SORT, "pack", round, 1000 * factor[round], MATMUL_INSNS, 0, 0));
        }

        JsonObject o = row(RiscvRows.rows(samples), "sort", "pack");

        assertThat(o.getDouble("ratio_min")).isCloseTo(0.1, within(1e-4));
        assertThat(o.getDouble("ratio_max")).isCloseTo(0.1, within(1e-4));
        assertThat(o.getLong("ips_min")).isLessThan(o.getLong("ips_max") / 2);
    }

    @Test
    void when_spreadRunsOnTwoNodes_then_perNodeMeansAndWallAgainstPack() {
        List<Sample> samples = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            samples.add(ours(Benchmark.MATMUL_MT4, "pack", round, 2000, 1000, 0, 100 + round * 10));
            samples.add(ours(Benchmark.MATMUL_MT4, "spread", round, 3000, 600, 400, 300));
            samples.add(qemu(Benchmark.MATMUL_MT4, round, 500));
        }

        List<JsonObject> rows = RiscvRows.rows(samples);

        JsonObject spread = row(rows, "matmul-mt4", "spread");
        assertThat(spread.getDouble("wall_vs_pack")).isEqualTo(1.5);
        assertThat(spread.getLong("instructions")).isEqualTo(1000L);
        assertThat(spread.getJsonObject("per_node").getJsonObject("n1").getDouble("instructions")).isEqualTo(400.0);
        assertThat(spread.getJsonObject("per_node").getJsonObject("n1").getDouble("syscalls_forwarded")).isEqualTo(3.0);
        assertThat(row(rows, "matmul-mt4", "pack").getJsonObject("per_node").getJsonObject("n0").getDouble("faults"))
                .isEqualTo(105.0);
        assertThat(row(rows, "matmul-mt4", "qemu").getLong("instructions")).isEqualTo(1000L);
        assertThat(spread.containsKey("ratio")).isFalse();
    }

    @Test
    void when_countsDifferBetweenRuns_then_theRowGivesTheirRangeAndTheMedian() {
        List<Sample> samples = List.of(ours(Benchmark.MATMUL_MT4, "spread", 0, 1000, 990, 20, 0),
                ours(Benchmark.MATMUL_MT4, "spread", 1, 1000, 990, 10, 0),
                ours(Benchmark.MATMUL_MT4, "spread", 2, 1000, 990, 30, 0));

        JsonObject r = row(RiscvRows.rows(samples), "matmul-mt4", "spread");

        assertThat(r.getLong("instructions")).isEqualTo(1010L);
        assertThat(r.getLong("instructions_min")).isEqualTo(1000L);
        assertThat(r.getLong("instructions_max")).isEqualTo(1020L);
    }

    @Test
    void when_noProcshareRunCounted_then_qemuHasNoInstructionsAndRowsFail() {
        assertThatThrownBy(() -> RiscvRows.rows(List.of(qemu(Benchmark.SHA256, 0, 100))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha256");
    }

    @Test
    void when_everyRatioIsAtLeastOneEighth_then_goalIsMet_else_missedNamingTheBenchmark() {
        assertThat(RiscvReport.goal(RiscvRows.rows(singleThread(7.9))).verdict()).isEqualTo(RiscvReport.Goal.Verdict.MET);

        List<Sample> slowSort = new ArrayList<>(singleThread(4));
        slowSort.removeIf(s -> s.benchmark() == Benchmark.SORT && !s.condition().equals(Sample.QEMU));
        for (int round = 0; round < 3; round++) {
            slowSort.add(ours(Benchmark.SORT, "pack", round, 10_000, MATMUL_INSNS, 0, 0));
        }
        RiscvReport.Goal g = RiscvReport.goal(RiscvRows.rows(slowSort));

        assertThat(g.verdict()).isEqualTo(RiscvReport.Goal.Verdict.MISSED);
        assertThat(g.numbers()).contains("sort 0.100 (1/10.0", "✗", "matmul 0.250 (1/4.0");
    }

    @Test
    void when_aBenchmarkIsMissing_then_goalIsNotEvaluated() {
        List<Sample> noSha = new ArrayList<>(singleThread(2));
        noSha.removeIf(s -> s.benchmark() == Benchmark.SHA256);

        RiscvReport.Goal g = RiscvReport.goal(RiscvRows.rows(noSha));

        assertThat(g.verdict()).isEqualTo(RiscvReport.Goal.Verdict.NOT_EVALUATED);
        assertThat(g.numbers()).contains("sha256");
    }

    @Test
    void when_rendered_then_reportHasBothTablesTheRatiosAndTheLoadNote() {
        List<Sample> samples = new ArrayList<>(singleThread(10));
        samples.add(ours(Benchmark.MATMUL_MT4, "pack", 0, 2000, 1000, 0, 100));
        samples.add(ours(Benchmark.MATMUL_MT4, "spread", 0, 3000, 600, 400, 300));
        List<JsonObject> rows = RiscvRows.rows(samples);

        String md = RiscvReport.markdown(rows, new RiscvReport.Context(3, 1, 3, "7.00 6.00 5.00", "8.00 6.50 5.10", 2));

        assertThat(md).contains("### Single thread: our engine against qemu",
                "| matmul | 300 | 200,000,000 | 1.00 (0.80-1.20) | 10.00 (8.00-12.00) | 200.0 (166.7-250.0) | "
                        + "20.0 (16.7-25.0) | 0.100 (0.100-0.100) | 10.0 |",
                "### Four threads: one node against three", "| spread | n1 | 0 | 400 | 150.0 | 0.0 | 0.0 | 3.0 |",
                "| spread | n0 n1 | 3.00 (3.00-3.00) |", "1.50×",
                "matmul 10.0 %, sha256 10.0 %, sort 10.0 % of qemu's speed", "missed",
                "qemu against ours: matmul 200 against 20", "ranged over matmul 0.100-0.100",
                "load average 7.00 6.00 5.00 before, 8.00 6.50 5.10 after",
                "Spread over 3 nodes, the 4-thread multiply took 1.50× the time of one node (slower)");
        assertThat(RiscvPlot.chart(rows)).isPresent();
        assertThat(RiscvPlot.chart(List.of())).isEmpty();
    }

    @Test
    void when_workIsScaled_then_matrixSizeGrowsWithTheCubeRootAndOthersLinearly() {
        assertThat(Benchmark.MATMUL.args(1.0)).containsExactly("300");
        assertThat(Benchmark.MATMUL.args(8.0)).containsExactly("600");
        assertThat(Benchmark.SORT.args(0.5)).containsExactly("500000");
        assertThat(Benchmark.MATMUL_MT4.args(1.0)).containsExactly("300", "4");
        assertThat(Benchmark.SHA256.size(1e-9)).isEqualTo(1);
    }

    @Test
    void when_aToolIsMissing_then_theErrorNamesTheDebianPackage() {
        assertThatThrownBy(() -> Toolchain.require("riscv64-no-such-gcc", Toolchain.GCC_PACKAGE, "/nonexistent"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("riscv64-no-such-gcc is not installed")
                .hasMessageContaining("apt-get install gcc-riscv64-linux-gnu");
    }
}
