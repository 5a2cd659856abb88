package io.procshare.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The litmus suite across a real 3-node loopback cluster, as a user runs it:
 * {@code procshare litmus --local 3 --iterations 2000 --json}. Every test, spread over the nodes and
 * on one node, must see no outcome that sequential consistency forbids.
 */
class LitmusIT {

    static final int ITERATIONS = Integer.getInteger("procshare.litmus.iterations", 2000);

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void when_theSuiteRunsAcrossThreeNodes_then_noForbiddenOutcomeIsSeen() throws Exception {
        Path dir = Scripts.ROOT.resolve("node/target/it-litmus-" + ProcessHandle.current().pid());
        Scripts.Result r = Scripts.run(Duration.ofMinutes(14), "litmus", "--local", "3",
                "--iterations", String.valueOf(ITERATIONS), "--json", "--dir", dir.toString());
        assertThat(r.exit()).as(r.err() + "\n" + r.out()).isZero();

        JsonArray tests = new JsonObject(r.out()).getJsonArray("tests");
        Set<String> seen = new HashSet<>();
        for (Object o : tests) {
            JsonObject t = (JsonObject) o;
            seen.add(t.getString("name") + "/" + (t.getString("placement").startsWith("spread") ? "spread" : "one"));
            assertThat(t.getInteger("iterations")).isEqualTo(ITERATIONS);
            assertThat(t.getJsonObject("outcomes").stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum())
                    .as(t.getString("name")).isEqualTo(ITERATIONS);
            assertThat(t.getLong("forbidden")).as(t.encode()).isZero();
        }
        assertThat(seen).containsExactlyInAnyOrder("SB/spread", "SB/one", "MP/spread", "MP/one", "LB/spread", "LB/one",
                "IRIW/spread", "IRIW/one", "2+2W/spread", "2+2W/one", "CoRR/spread", "CoRR/one");
    }
}
