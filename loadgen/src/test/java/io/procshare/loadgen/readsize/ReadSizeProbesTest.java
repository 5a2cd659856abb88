package io.procshare.loadgen.readsize;

import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LatencyRow;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the read-size probes with tiny K on two real nodes; checks the rows' shape, never a time (STYLE 13). */
class ReadSizeProbesTest {

    private static final int K = 5;

    @TempDir
    Path dir;

    @Test
    void when_runWithFiveIterations_then_everySizeUnderBothConditionsHasARowWithNEqualToK() throws Exception {
        ExperimentOptions options = new ExperimentOptions(K, 1, dir.resolve("out"), 0, "auto", 4);
        List<LatencyRow> rows;
        try (LocalCluster cluster = LocalCluster.start(2, "auto", dir.resolve("nodes"))) {
            rows = ReadSizeProbes.run(cluster, options, Progress.none());
        }

        List<String> expected = new ArrayList<>();
        for (String kib : List.of("1", "2", "4", "8", "12", "16", "32", "64")) {
            expected.add("read-" + kib + "k ship");
            expected.add("read-" + kib + "k noship");
        }
        assertThat(rows).extracting(r -> r.op() + " " + r.condition()).containsExactlyElementsOf(expected);
        for (LatencyRow row : rows) {
            assertThat(row.n()).as("n of %s", row).isEqualTo(K);
            assertThat(row.p50()).as("p50 of %s", row).isPositive().isLessThanOrEqualTo(row.max());
        }
    }
}
