package io.procshare.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7's load run, as a user runs it: three node JVMs ({@code cluster start --nodes 3}), then
 * {@code procshare load} keeps 16 processes of 16 threads running for 2 minutes over wordcount,
 * montecarlo and pipeline, homes rotated over the nodes. Every process must exit 0 with its own
 * check passed (a lost update fails the check), nothing may hang, nothing may be left running,
 * and every node reports its peak heap and RSS. The figures go to node/target/load-report.json.
 */
class LoadIT {

    private final Path dir = Scripts.ROOT.resolve("node/target/it-load-" + ProcessHandle.current().pid());

    @AfterEach
    void stopTheCluster() throws Exception {
        if (Files.exists(dir.resolve("nodes.json"))) {
            Scripts.run("cluster", "stop", "--dir", dir.toString());
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void when_16ProcessesOf16ThreadsRunFor2MinutesOn3Nodes_then_everyOneExits0AndNothingIsLeft() throws Exception {
        Scripts.Result start = Scripts.run("cluster", "start", "--nodes", "3", "--dir", dir.toString());
        assertThat(start.exit()).as(start.output()).isZero();

        Path report = dir.resolve("load.json");
        Scripts.Result load = Scripts.run(Duration.ofMinutes(6), "load", "--dir", dir.toString(), "--processes", "16",
                "--threads", "16", "--duration", "120", "--json", report.toString());
        System.out.println(load.output());
        assertThat(load.exit()).as(load.output()).isZero();

        JsonObject r = new JsonObject(Files.readString(report));
        Files.copy(report, Scripts.ROOT.resolve("node/target/load-report.json"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(r.getLong("failed")).as(load.output()).isZero();
        assertThat(r.getLong("passed")).as("at least the first 16 finished").isGreaterThanOrEqualTo(16);
        assertThat(r.getLong("wallMs")).isGreaterThanOrEqualTo(120_000);
        for (String task : new String[] {"wordcount", "montecarlo", "pipeline"}) {
            assertThat(r.getJsonObject("tasks").getJsonObject(task).getInteger("passed")).as(task).isPositive();
        }
        assertThat(r.getInteger("liveProcessesAfter")).as("no process left running").isZero();
        assertThat(r.getJsonArray("nodes")).hasSize(3);
        for (Object o : r.getJsonArray("nodes")) {
            JsonObject n = (JsonObject) o;
            assertThat(n.getString("error")).as(n.encode()).isNull();
            assertThat(n.getLong("heapPeakBytes")).as(n.encode()).isPositive();
            assertThat(n.getLong("rssPeakBytes")).as(n.encode()).isGreaterThan(n.getLong("heapPeakBytes") / 4);
            assertThat(n.getLong("framesNow")).as("every ended process gave its frames back: " + n.encode()).isZero();
        }
    }
}
