package io.procshare.node.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge of the members' {@code status.processes} answers and the rates, without a cluster. */
class ProcessTableTest {

    private static final long MS = 1_000_000L;

    private static JsonObject thread(long gtid, String node, String state) {
        return new JsonObject().put("gtid", gtid).put("parent", gtid == 1 ? 0 : 1).put("node", node).put("state", state);
    }

    private static JsonObject homed(long pid, long uptimeMs, long forwarded, JsonObject... threads) {
        return new JsonObject().put("pid", pid).put("task", "matmul").put("placement", "spread").put("home", "n1")
                .put("homeId", "id-1").put("startedAt", 1_000L).put("uptimeMs", uptimeMs).put("state", "running")
                .put("threads", new JsonArray(List.of((Object[]) threads)))
                .put("forwardedSyscalls", forwarded).put("directSyscalls", 3L);
    }

    private static JsonObject memory(long pid, long faults, int readOnly, int readWrite) {
        return new JsonObject().put("pid", pid).put("faults", faults).put("readOnly", readOnly).put("readWrite", readWrite);
    }

    private static JsonObject answer(String node, List<JsonObject> homed, List<JsonObject> memory) {
        return new JsonObject().put("node", node).put("nodeId", "id-" + node)
                .put("homed", new JsonArray(List.copyOf(homed))).put("memory", new JsonArray(List.copyOf(memory)));
    }

    /** Pid 7 homed on n1 with a thread on each of n1..n3 (and an exited one on n2). */
    private static List<JsonObject> cluster(long uptimeMs, long forwarded, long f1, long f2, long f3) {
        JsonObject h = homed(7, uptimeMs, forwarded, thread(1, "n1", "RUNNING"), thread(2, "n2", "IN_SYSCALL"),
                thread(3, "n3", "RUNNING"), thread(4, "n2", "EXITED"));
        return List.of(
                answer("n1", List.of(h), List.of(memory(7, f1, 2, 5))),
                answer("n2", List.of(), List.of(memory(7, f2, 1, 1))),
                answer("n3", List.of(), List.of(memory(7, f3, 0, 3))));
    }

    @Test
    void when_membersAnswer_then_oneRowPerProcess_withThreadsPagesAndFaultsPerNode_andRatesSinceItsStart() {
        ProcessTable table = new ProcessTable();

        JsonArray rows = table.merge(cluster(2_000, 10, 20, 10, 10), 0);

        assertThat(rows).hasSize(1);
        JsonObject p = rows.getJsonObject(0);
        assertThat(p.getLong("pid")).isEqualTo(7);
        assertThat(p.getString("home")).isEqualTo("n1");
        assertThat(p.getString("task")).isEqualTo("matmul");
        assertThat(p.getString("placement")).isEqualTo("spread");
        assertThat(p.getString("state")).isEqualTo("running");
        assertThat(p.getLong("uptimeMs")).isEqualTo(2_000);
        assertThat(p.getInteger("liveThreads")).isEqualTo(3);
        assertThat(p.getJsonArray("threads")).hasSize(4);
        assertThat(p.getJsonObject("threadsPerNode").getMap()).containsExactly(
                java.util.Map.entry("n1", 1), java.util.Map.entry("n2", 1), java.util.Map.entry("n3", 1));
        assertThat(p.getJsonObject("pagesPerNode").encode())
                .isEqualTo("{\"n1\":{\"readOnly\":2,\"readWrite\":5},\"n2\":{\"readOnly\":1,\"readWrite\":1},"
                        + "\"n3\":{\"readOnly\":0,\"readWrite\":3}}");
        assertThat(p.getLong("faults")).isEqualTo(40);
        assertThat(p.getJsonObject("faultsPerNode").encode()).isEqualTo("{\"n1\":20,\"n2\":10,\"n3\":10}");
        assertThat(p.getLong("forwardedSyscalls")).isEqualTo(10);
        assertThat(p.getLong("directSyscalls")).isEqualTo(3);
        assertThat(p.getDouble("faultsPerSec")).isEqualTo(20.0);  // 40 faults in 2 s
        assertThat(p.getDouble("syscallsPerSec")).isEqualTo(5.0); // 10 forwarded syscalls in 2 s
    }

    @Test
    void when_queriedAgain_then_ratesAreOverTheIntervalSinceThePreviousQuery() {
        ProcessTable table = new ProcessTable();
        table.merge(cluster(2_000, 10, 20, 10, 10), 5_000 * MS);

        JsonObject p = table.merge(cluster(2_500, 60, 30, 15, 15), 5_500 * MS).getJsonObject(0);

        assertThat(p.getLong("faults")).isEqualTo(60);
        assertThat(p.getDouble("faultsPerSec")).isEqualTo(40.0);   // 20 more faults in 0.5 s
        assertThat(p.getDouble("syscallsPerSec")).isEqualTo(100.0); // 50 more in 0.5 s
    }

    @Test
    void when_aNodeDidNotAnswerLastTime_then_itsFaultsCountSinceTheStart_andANodeThatAnsweredWithoutItCountsFromZero() {
        ProcessTable table = new ProcessTable();
        JsonObject h = homed(7, 1_000, 0, thread(1, "n1", "RUNNING"));
        // first: n1 answers with the process, n2 answers without it, n3 does not answer
        table.merge(List.of(answer("n1", List.of(h), List.of(memory(7, 10, 1, 0))),
                answer("n2", List.of(), List.of())), 0);

        JsonObject later = homed(7, 2_000, 0, thread(1, "n1", "RUNNING"));
        JsonObject p = table.merge(List.of(answer("n1", List.of(later), List.of(memory(7, 10, 1, 0))),
                answer("n2", List.of(), List.of(memory(7, 5, 1, 0))),
                answer("n3", List.of(), List.of(memory(7, 40, 1, 0)))), 1_000 * MS).getJsonObject(0);

        // n1: 0 more in 1 s; n2: opened since, 5 in 1 s; n3: unknown before, 40 over its 2 s uptime
        assertThat(p.getDouble("faultsPerSec")).isEqualTo(25.0);
    }

    @Test
    void when_countsGoBackwards_then_theRateIsZero_notNegative() {
        ProcessTable table = new ProcessTable();
        table.merge(cluster(2_000, 10, 20, 10, 10), 0);

        JsonObject p = table.merge(cluster(3_000, 4, 1, 1, 1), 1_000 * MS).getJsonObject(0);

        assertThat(p.getDouble("faultsPerSec")).isZero();
        assertThat(p.getDouble("syscallsPerSec")).isZero();
    }

    @Test
    void when_theHomeDoesNotListAProcess_then_itIsNotListed_andItsSampleIsDropped() {
        ProcessTable table = new ProcessTable();
        table.merge(cluster(2_000, 10, 20, 10, 10), 0);
        assertThat(table.sampled()).isEqualTo(1);

        // the process ended: its home no longer lists it, a node still has its pages for a moment
        JsonArray rows = table.merge(List.of(answer("n1", List.of(), List.of()),
                answer("n2", List.of(), List.of(memory(7, 10, 1, 1)))), 1_000 * MS);

        assertThat(rows).isEmpty();
        assertThat(table.sampled()).isZero();
    }

    @Test
    void when_processesAreHomedOnSeveralNodes_then_rowsAreByPid_andEachHasOnlyItsOwnPages() {
        ProcessTable table = new ProcessTable();
        JsonObject a = homed(9, 1_000, 0, thread(1, "n2", "RUNNING")).put("home", "n2");
        JsonObject b = homed(3, 1_000, 0, thread(1, "n1", "RUNNING"));

        JsonArray rows = table.merge(List.of(
                answer("n1", List.of(b), List.of(memory(3, 1, 1, 0), memory(9, 2, 0, 2))),
                answer("n2", List.of(a), List.of(memory(9, 4, 0, 1)))), 0);

        assertThat(rows.stream().map(r -> ((JsonObject) r).getLong("pid"))).containsExactly(3L, 9L);
        assertThat(rows.getJsonObject(0).getJsonObject("pagesPerNode").fieldNames()).containsExactly("n1");
        assertThat(rows.getJsonObject(1).getString("home")).isEqualTo("n2");
        assertThat(rows.getJsonObject(1).getLong("faults")).isEqualTo(6);
        assertThat(rows.getJsonObject(1).getJsonObject("threadsPerNode").getMap()).containsOnlyKeys("n2");
    }

    @Test
    void when_nobodyRunsAnything_then_theTableIsEmpty() {
        assertThat(new ProcessTable().merge(List.of(answer("n1", List.of(), List.of())), 0)).isEmpty();
        assertThat(new ProcessTable().merge(List.of(), 0)).isEmpty();
    }

    @Test
    void when_threadsOnTwoNodesMissedSyscalls_then_theRowSumsTheCountsPerNumber() {
        List<JsonObject> answers = new java.util.ArrayList<>(cluster(1_000, 0, 0, 0, 0));
        answers.set(0, answers.get(0).copy().put("missed", new JsonArray().add(new JsonObject().put("pid", 7L)
                .put("counts", new JsonObject().put("293", 1L)))));
        answers.set(1, answers.get(1).copy().put("missed", new JsonArray().add(new JsonObject().put("pid", 7L)
                .put("counts", new JsonObject().put("293", 2L).put("435", 1L)))));

        JsonObject p = new ProcessTable().merge(answers, 0).getJsonObject(0);

        assertThat(p.getJsonObject("missedSyscalls").getMap()).containsExactly(
                java.util.Map.entry("293", 3L), java.util.Map.entry("435", 1L));
    }
}
