package io.procshare.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
        Path root = Path.of(System.getProperty("procshare.root", "..")).toAbsolutePath().normalize();
        Path dir = root.resolve("node/target/it-litmus-" + ProcessHandle.current().pid());
        List<String> cmd = new ArrayList<>(List.of(root.resolve("scripts/procshare").toString(), "litmus",
                "--local", "3", "--iterations", String.valueOf(ITERATIONS), "--json", "--dir", dir.toString()));
        java.nio.file.Files.createDirectories(dir);
        Path stderr = dir.resolve("litmus.stderr");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(14, TimeUnit.MINUTES)).isTrue();
        String err = java.nio.file.Files.readString(stderr);
        System.out.println(err + "\n" + out);
        assertThat(p.exitValue()).as(err + "\n" + out).isZero();

        JsonArray tests = new JsonObject(out).getJsonArray("tests");
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
