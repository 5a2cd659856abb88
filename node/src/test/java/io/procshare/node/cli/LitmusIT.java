package io.procshare.node.cli;

import io.procshare.node.litmus.LitmusTests;
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
 * on one node, must see no outcome that sequential consistency forbids and no value left over from
 * an earlier iteration; spread, it must see every outcome sequential consistency allows.
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
            assertThat(t.getLong("stale")).as(t.encode()).isZero();
            if (t.getString("placement").startsWith("spread")) {
                // spread over the nodes, the run must show the outcomes SC allows, or it exercised less than it
                // claims (issue 13, finding 7). Every one of them for the two-thread tests (at most 4); IRIW's 15
                // include interleavings seen about 2 times in 2,000 (a CI run of the correct protocol missed
                // one), so all but 2 of them: a stuck or stale run shows far fewer
                Set<String> allowed = LitmusTests.byName(t.getString("name")).allowed();
                Set<String> shown = new HashSet<>(t.getJsonObject("outcomes").fieldNames());
                shown.retainAll(allowed);
                assertThat(shown.size()).as(t.encode())
                        .isGreaterThanOrEqualTo(allowed.size() <= 4 ? allowed.size() : allowed.size() - 2);
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("SB/spread", "SB/one", "MP/spread", "MP/one", "LB/spread", "LB/one",
                "IRIW/spread", "IRIW/one", "2+2W/spread", "2+2W/one", "CoRR/spread", "CoRR/one");
    }
}
