package io.procshare.loadgen.throughput;

import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Progress;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the throughput probes with tiny settings on two real nodes; checks the rows' shape, never a rate (STYLE 13). */
class ThroughputProbesTest {

    private static final int K = 10;
    private static final int MAX_THREADS = 4;

    @TempDir
    Path dir;

    @Test
    void when_runUpToFourThreads_then_everyOpAtEveryLevelHasARowWithAPositiveRate() throws Exception {
        ExperimentOptions options = new ExperimentOptions(K, 2, dir.resolve("out"), 0, "auto", MAX_THREADS);
        List<ThroughputRow> rows;
        try (LocalCluster cluster = LocalCluster.start(2, "auto", dir.resolve("nodes"))) {
            rows = ThroughputProbes.run(cluster, options, Progress.none());
        }

        List<String> expected = new ArrayList<>();
        for (String op : List.of("syscall", "page-fault", "eventbus-16")) {
            for (int threads : List.of(1, 2, 4)) {
                expected.add(op + " " + (op.startsWith("eventbus") ? "eventbus" : "mechanism") + " " + threads);
            }
        }
        assertThat(rows).extracting(r -> r.op() + " " + r.condition() + " " + r.threads())
                .containsExactlyElementsOf(expected);
        for (ThroughputRow row : rows) {
            assertThat(row.n()).as("n of %s", row)
                    .isEqualTo((long) row.threads() * ThroughputProbes.opsPerThread(K, row.threads()));
            assertThat(row.opsPerSec()).as("ops/s of %s", row).isPositive();
            assertThat(row.p50()).as("p50 of %s", row).isPositive().isLessThanOrEqualTo(row.max());
        }
        JsonObject json = rows.getFirst().toJson();
        assertThat(json.fieldNames()).containsExactlyInAnyOrder("op", "condition", "threads", "n", "ops_per_s", "p50",
                "p90", "p99", "max");
    }

    @Test
    void when_threadsCapsTheLevels_then_theCapIsTheLastLevelAndOpsScaleWithIterations() {
        assertThat(ThroughputProbes.levels(256)).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256);
        assertThat(ThroughputProbes.levels(100)).containsExactly(1, 2, 4, 8, 16, 32, 64, 100);
        assertThat(ThroughputProbes.levels(1)).containsExactly(1);
        assertThat(ThroughputProbes.opsPerThread(2_000, 1)).isEqualTo(16_000);
        assertThat(ThroughputProbes.opsPerThread(2_000, 256)).isEqualTo(63);
        assertThat(ThroughputProbes.opsPerThread(10, 1)).isEqualTo(80);
        assertThat(ThroughputProbes.opsPerThread(10, 4)).isEqualTo(32);
    }
}
