package io.procshare.loadgen.suite;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The goals of issue 6 decided from hand-made rows: no cluster, no timing. */
class GoalsTest {

    private static JsonObject row(String experiment, String op, String condition, double p50) {
        return new JsonObject().put("experiment", experiment).put("op", op).put("condition", condition).put("n", 10)
                .put("p50", p50).put("p90", p50).put("p99", p50).put("max", p50);
    }

    private static JsonObject table1(String op, String condition, String shipping, double p50) {
        return row("table1", op, condition, p50).put("shipping", shipping);
    }

    private static JsonObject rate(String op, String condition, int threads, double opsPerSec) {
        return row("throughput", op, condition, 100).put("threads", threads).put("ops_per_s", opsPerSec);
    }

    /** A run where every goal holds with a margin. */
    private static JsonArray goodRun() {
        JsonArray rows = new JsonArray();
        for (String op : List.of("open", "close", "mkdir", "rmdir", "symlink", "flock")) {
            rows.add(table1(op, "A", "none", 100));
            rows.add(table1(op, "B", "ship", 101));
            rows.add(table1(op, "B", "noship", 101));
            rows.add(table1(op, "C", "ship", 301));
            rows.add(table1(op, "C", "noship", 501));
        }
        rows.add(table1("eventbus-16", "remote", "none", 190));
        rows.add(row("baseline", "eventbus-16", "remote", 180));
        rows.add(row("baseline", "imap-get-4096", "remote", 250));
        rows.add(row("read-size", "read-4k", "ship", 200));
        rows.add(row("read-size", "read-64k", "ship", 280));
        rows.add(row("page-fault", "read-fault", "remote-owner-home", 240));
        rows.add(row("page-fault", "read-fault", "remote", 249));
        for (int t : List.of(1, 4)) {
            rows.add(rate("syscall", "mechanism", t, 900.0 * t));
            rows.add(rate("eventbus-16", "eventbus", t, 1000.0 * t));
        }
        return rows;
    }

    private static Goal goal(List<Goal> goals, String id) {
        return goals.stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void when_everyRowMeetsItsBound_then_everyGoalIsMet() {
        List<Goal> goals = Goals.evaluate(goodRun());

        assertThat(goals).extracting(Goal::id).containsExactly("forwarding-overhead", "open-vs-close", "local-overhead",
                "read-64k-vs-4k", "read-fault-vs-imap", "throughput");
        assertThat(goals).allSatisfy(g -> assertThat(g.verdict()).as(g.toString()).isEqualTo(Goal.Verdict.MET));
    }

    @Test
    void when_rowsCarryRepeats_then_eachComparisonGivesItsRangeAndFlagsTheOnesWhoseRangeIncludesTheBound() {
        JsonArray rows = goodRun();
        // close: (C − B) / echo per repeat 1.05, 1.0, 1.25 (the bound 1.2 inside); flock: (B − A) / A −1 … +3 %
        rows.add(0, table1("close", "C", "ship", 301).put("p50_runs", new JsonArray(List.of(300.5, 291.0, 338.5))));
        rows.add(0, table1("close", "B", "ship", 101).put("p50_runs", new JsonArray(List.of(101.0, 101.0, 101.0))));
        rows.add(0, table1("eventbus-16", "remote", "none", 190).put("p50_runs", new JsonArray(List.of(190.0, 190.0, 190.0))));
        rows.add(0, table1("flock", "A", "none", 100).put("p50_runs", new JsonArray(List.of(100.0, 100.0, 100.0))));
        rows.add(0, table1("flock", "B", "ship", 101).put("p50_runs", new JsonArray(List.of(99.0, 101.0, 103.0))));

        List<Goal> goals = Goals.evaluate(rows);
        Goal forwarding = goal(goals, "forwarding-overhead");
        Goal local = goal(goals, "local-overhead");

        assertThat(forwarding.verdict()).isEqualTo(Goal.Verdict.MET);
        assertThat(forwarding.numbers()).contains("per repeat 1.00× … 1.25× (3 repeats, median 1.05×) (noise: the range includes the "
                + "bound 1.20×, not distinguishable from noise on this run)");
        assertThat(local.numbers()).contains("flock 100.0 → 101.0 us +1.0 % (repeats -1 … +3 %, median +1) (paper +0.1 %) (noise)",
                "least … most of the 3 repeats");
        assertThat(goal(goals, "open-vs-close").numbers()).doesNotContain("repeats");
    }

    @Test
    void when_closeForwardingCostsMoreThanOnePointTwoEchoes_then_forwardingOverheadIsMissedWithItsNumbers() {
        JsonArray rows = goodRun();
        rows.add(0, table1("close", "C", "ship", 101 + 1.21 * 190)); // found before the good row

        Goal g = goal(Goals.evaluate(rows), "forwarding-overhead");

        assertThat(g.verdict()).isEqualTo(Goal.Verdict.MISSED);
        assertThat(g.numbers()).contains("229.9", "190.0", "228.0", "1.21×");
    }

    @Test
    void when_oneSyscallOfTableOneExceedsTwoPercent_then_localOverheadIsMissedAndNamesIt() {
        JsonArray rows = goodRun();
        rows.add(0, table1("flock", "B", "ship", 103));

        Goal g = goal(Goals.evaluate(rows), "local-overhead");

        assertThat(g.verdict()).isEqualTo(Goal.Verdict.MISSED);
        assertThat(g.numbers()).contains("flock 100.0 → 103.0 us +3.0 % (paper +0.1 %) ✗", "open 100.0 → 101.0 us +1.0 %");
    }

    @Test
    void when_threeNodeReadFaultIsSlowerThanImapGet_then_readFaultGoalIsMissedEvenIfTheHomeOwnedOneIsFaster() {
        JsonArray rows = goodRun();
        rows.add(0, row("page-fault", "read-fault", "remote", 260));

        Goal g = goal(Goals.evaluate(rows), "read-fault-vs-imap");

        assertThat(g.verdict()).isEqualTo(Goal.Verdict.MISSED);
        assertThat(g.numbers()).startsWith("read-fault (remote) 260.0 us vs IMap.get 250.0 us: 1.04×")
                .contains("read-fault (remote-owner-home) 240.0 us");
    }

    @Test
    void when_oneConcurrencyLevelFallsBelowEightyPercent_then_throughputIsMissed() {
        JsonArray rows = goodRun();
        rows.add(0, rate("syscall", "mechanism", 4, 3100));

        Goal g = goal(Goals.evaluate(rows), "throughput");

        assertThat(g.verdict()).isEqualTo(Goal.Verdict.MISSED);
        assertThat(g.numbers()).contains("1 threads 900 vs 1000 /s = 90 %", "4 threads 3100 vs 4000 /s = 78 % ✗");
    }

    @Test
    void when_sixtyFourKibReadTakesMoreThanOnePointFiveFourKibReads_then_readSizeIsMissed() {
        JsonArray rows = goodRun();
        rows.add(0, row("read-size", "read-64k", "ship", 301));

        assertThat(goal(Goals.evaluate(rows), "read-64k-vs-4k").verdict()).isEqualTo(Goal.Verdict.MISSED);
    }

    @Test
    void when_onlyTableOneRan_then_goalsOfOtherExperimentsAreNotEvaluatedAndSayWhatTheyNeed() {
        JsonArray rows = new JsonArray(goodRun().stream().filter(r -> ((JsonObject) r).getString("experiment")
                .equals("table1")).toList());

        List<Goal> goals = Goals.evaluate(rows);

        assertThat(goal(goals, "forwarding-overhead").verdict()).isEqualTo(Goal.Verdict.MET);
        assertThat(goal(goals, "read-fault-vs-imap").verdict()).isEqualTo(Goal.Verdict.NOT_EVALUATED);
        assertThat(goal(goals, "read-fault-vs-imap").numbers()).contains("imap-get-4096");
        assertThat(goal(goals, "throughput").verdict()).isEqualTo(Goal.Verdict.NOT_EVALUATED);
        assertThat(goal(goals, "read-64k-vs-4k").verdict()).isEqualTo(Goal.Verdict.NOT_EVALUATED);
    }

    @Test
    void when_openVsClose_then_thePapersRatioIsComputedFromItsTableOne() {
        Goal g = goal(Goals.evaluate(goodRun()), "open-vs-close");

        // (0.717 − 0.358) / (0.460 − 0.370) = 3.99
        assertThat(g.formula()).contains("3.99×");
        assertThat(g.numbers()).startsWith("open 301.0 − 101.0 = 200.0 us, close 301.0 − 101.0 = 200.0 us: 1.00×");
    }
}
