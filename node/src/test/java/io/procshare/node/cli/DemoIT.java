package io.procshare.node.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code procshare demo} end to end: its own 3-node cluster, two processes across it, every check, the nodes stopped. */
class DemoIT {

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void when_theDemoRuns_then_everyCheckPassesAndItsNodesAreStopped() throws Exception {
        Path dir = Scripts.ROOT.resolve("node/target/it-demo-" + ProcessHandle.current().pid());
        Scripts.Result r = Scripts.run(Duration.ofSeconds(190), "demo", "--size", "96", "--dir", dir.toString());

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.out()).contains("=== matmul --size 96").contains("matmul: check passed")
                .contains("=== wordcount --generate 6 docs").contains("wordcount: check passed")
                .contains("ran on node1").contains("ran on node2").contains("ran on node3")
                .contains("FAULTS").contains("INVALS").contains("SYSC-FWD")
                .endsWith("demo: all checks passed\n");
        assertThat(r.err()).contains("demo: cluster formed in").contains("stopped 3 nodes");
        assertThat(dir.resolve(NodesFile.NAME)).doesNotExist();
        for (String node : new String[] {"node1", "node2", "node3"}) {
            assertThat(Files.readString(dir.resolve(node + ".log"))).contains("node " + node + " stopped");
        }
    }
}
