package io.procshare.node.cli;

import io.procshare.node.TransportChoice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the user's own commands: {@code scripts/procshare cluster start --nodes 2},
 * {@code status --json}, {@code cluster stop}, each a separate JVM, the nodes separate JVMs too.
 */
class ClusterScriptIT {

    private final Path dir = Scripts.ROOT.resolve("node/target/it-cluster-" + ProcessHandle.current().pid());

    @AfterEach
    void stopWhateverIsLeft() throws Exception {
        if (Files.exists(dir.resolve("nodes.json"))) {
            Scripts.run("cluster", "stop", "--dir", dir.toString());
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void when_twoNodesAreStarted_then_statusListsBothAndStopEndsExactlyThem() throws Exception {
        Scripts.Result start = Scripts.run("cluster", "start", "--nodes", "2", "--dir", dir.toString());
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.output()).contains("cluster of 2 nodes formed in");

        JsonObject nodes = new JsonObject(Files.readString(dir.resolve("nodes.json")));
        JsonArray entries = nodes.getJsonArray("nodes");
        assertThat(entries).hasSize(2);
        List<Long> pids = new ArrayList<>();
        for (Object o : entries) {
            JsonObject e = (JsonObject) o;
            assertThat(e.getString("bridge")).startsWith("127.0.0.1:");
            assertThat(e.getString("cluster")).startsWith("127.0.0.1:");
            assertThat(ProcessHandle.of(e.getLong("pid"))).isPresent();
            pids.add(e.getLong("pid"));
        }

        Scripts.Result status = Scripts.run("status", "--json", "--dir", dir.toString());
        assertThat(status.exit()).as(status.output()).isZero();
        JsonObject json = new JsonObject(status.out().substring(status.out().indexOf('{')));
        JsonArray members = json.getJsonArray("members");
        assertThat(members).hasSize(2);
        String transport = TransportChoice.select("auto").name();
        for (Object o : members) {
            JsonObject m = (JsonObject) o;
            assertThat(m.getString("name")).matches("node[12]");
            assertThat(m.getString("id")).isNotBlank();
            assertThat(m.getString("address")).startsWith("127.0.0.1:");
            assertThat(m.getString("transport")).isEqualTo(transport);
            assertThat(m.getLong("uptimeMs")).isPositive();
        }

        Scripts.Result human = Scripts.run("status", "--dir", dir.toString());
        assertThat(human.output()).contains("node1").contains("node2").contains(transport);

        Scripts.Result stop = Scripts.run("cluster", "stop", "--dir", dir.toString());
        assertThat(stop.exit()).as(stop.output()).isZero();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        }
        assertThat(dir.resolve("nodes.json")).doesNotExist();
        // SIGTERM leads to a clean leave: the node says so in its log
        assertThat(Files.readString(dir.resolve("node1.log"))).contains("node node1 stopped");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void when_noNodeListens_then_statusFailsWithAClearMessage() throws Exception {
        Scripts.Result status = Scripts.run("status", "--node", "127.0.0.1:1", "--dir", dir.toString());
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.output()).contains("no procshare node answers at 127.0.0.1:1");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void when_aNodeCannotStart_then_clusterStartFailsWithTheEndOfItsLogAndLeavesNothingRunning() throws Exception {
        Scripts.Result start = Scripts.run("cluster", "start", "--nodes", "2", "--transport", "carrier-pigeon", "--dir", dir.toString());
        assertThat(start.exit()).isEqualTo(1);
        assertThat(start.output()).contains("node1 exited with status 1").contains("'carrier-pigeon' is not one of");
        assertThat(dir.resolve("nodes.json")).doesNotExist();
    }
}
