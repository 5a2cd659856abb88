package io.procshare.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadCommandTest {

    private static JsonObject status() {
        return new JsonObject()
                .put("members", new JsonArray()
                        .add(new JsonObject().put("name", "n1").put("counters", new JsonObject()
                                .put("jvm.heapPeakBytes", 300L << 20).put("jvm.heapMaxBytes", 6000L << 20)
                                .put("jvm.rssPeakBytes", 500L << 20).put("memory.frames", 0L)))
                        .add(new JsonObject().put("id", "x").put("error", "no status within 30000 ms")))
                .put("processes", new JsonArray());
    }

    @Test
    void when_runsEnd_then_theResultCountsThemPerTask_andNamesEachNodesPeaks() {
        List<LoadCommand.Run> runs = List.of(
                new LoadCommand.Run("wordcount", "n1", 1, 0, true, 2000, "wordcount: check passed"),
                new LoadCommand.Run("wordcount", "n1", 2, 0, false, 4000, "no check line"),
                new LoadCommand.Run("pipeline", "n1", 3, 1, false, 1000, "node n2 lost"));
        JsonObject r = LoadCommand.result(runs, status(), 125_000);

        assertThat(r.getInteger("processes")).isEqualTo(3);
        assertThat(r.getLong("passed")).isEqualTo(1);
        assertThat(r.getLong("failed")).isEqualTo(2);
        assertThat(r.getJsonObject("tasks").getJsonObject("wordcount").getInteger("runs")).isEqualTo(2);
        assertThat(r.getJsonObject("tasks").getJsonObject("wordcount").getLong("maxMs")).isEqualTo(4000);
        assertThat(r.getJsonArray("nodes").getJsonObject(0).getLong("rssPeakBytes")).isEqualTo(500L << 20);
        assertThat(r.getJsonArray("nodes").getJsonObject(1).getString("error")).contains("no status");
        assertThat(LoadCommand.table(r)).contains("3 processes in 125 s: 1 passed, 2 failed")
                .containsPattern("n1\\s+300\\s+6000\\s+500");
    }

    @Test
    void when_optionsAreBad_then_itExits2WithoutTouchingTheCluster() {
        CommandLine cli = new CommandLine(new LoadCommand());
        assertThat(cli.execute("--tasks", "wordcount,bogus", "--node", "127.0.0.1:1")).isEqualTo(2);
        assertThat(new CommandLine(new LoadCommand()).execute("--processes", "0", "--node", "127.0.0.1:1")).isEqualTo(2);
    }

    @Test
    void when_theStatusNamesNoMember_then_memberNamesSaysSo() {
        assertThatThrownBy(() -> LoadCommand.memberNames(new JsonObject())).hasMessageContaining("names no member");
        assertThat(LoadCommand.memberNames(status())).containsExactly("n1");
    }
}
