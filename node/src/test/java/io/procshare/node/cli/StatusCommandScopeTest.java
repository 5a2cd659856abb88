package io.procshare.node.cli;

import io.procshare.node.status.StatusScope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code procshare status} presents the capabilities in DIR/pids and prints the processes it may not see as withheld. */
class StatusCommandScopeTest {

    @Test
    void when_capabilitiesAreKept_then_theRequestPresentsThem_atMostTheBound(@TempDir Path dir) throws Exception {
        assertThat(StatusCommand.request(dir)).isEqualTo(new JsonObject().put("caps", new JsonObject()));
        assertThat(CapabilityFile.write(dir, 7, "ab")).isTrue();
        assertThat(CapabilityFile.write(dir, 9, "cd")).isTrue();
        Files.writeString(dir.resolve(CapabilityFile.DIR).resolve("notes"), "x");
        assertThat(StatusCommand.request(dir)).isEqualTo(new JsonObject().put("caps", new JsonObject().put("7", "ab").put("9", "cd")));
        for (int pid = 100; pid < 100 + StatusScope.MAX_CAPS; pid++) {
            CapabilityFile.write(dir, pid, "c" + pid);
        }
        JsonObject caps = StatusCommand.request(dir).getJsonObject("caps");
        assertThat(caps.size()).isEqualTo(StatusScope.MAX_CAPS);
        assertThat(caps.containsKey("7")).as("the oldest beyond the bound stay home").isFalse();
        assertThat(caps.getString(Integer.toString(99 + StatusScope.MAX_CAPS))).isEqualTo("c" + (99 + StatusScope.MAX_CAPS));
    }

    @Test
    void when_aProcessIsWithheld_then_theTableSaysSo() {
        JsonArray processes = new JsonArray()
                .add(new JsonObject().put("pid", 5L).put("home", "node0").put("task", "mine").put("state", "running")
                        .put("threadsPerNode", new JsonObject().put("node0", 1)))
                .add(new JsonObject().put("pid", 6L).put("home", "node1").put(StatusScope.WITHHELD, true));
        String table = StatusCommand.processes(processes);
        assertThat(table).startsWith("processes: 2\n").contains("mine").contains("node0:1")
                .endsWith("pid 6 on node1: details withheld (not yours)\n");
        assertThat(table.lines().filter(l -> l.startsWith("6 "))).isEmpty();
    }
}
