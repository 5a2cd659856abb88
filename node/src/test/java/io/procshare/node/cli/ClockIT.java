package io.procshare.node.cli;

import io.procshare.verticles.exec.NodeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 item 4 on separate JVMs whose monotonic clocks differ by an hour, as on separate hosts
 * (JVMs on one host share CLOCK_MONOTONIC, so the home's is shifted with
 * {@link NodeClock#SHIFT_PROPERTY}): the {@code clockcheck} task reads CLOCK_MONOTONIC on the home,
 * then on the other node, which waits with FUTEX_WAIT_BITSET for an absolute deadline one second
 * after its reading. Without one clock per process that deadline lies an hour in the home's past
 * and the wait returns ETIMEDOUT at once; with it, after a second, and the readings are ordered.
 */
class ClockIT {

    private static final long HOUR_MS = 3_600_000;
    private static final Pattern WAIT = Pattern.compile(
            "clockcheck: on clk2: clock ([+-]\\d+) ms from main's, futex deadline 1000 ms ahead returned (-?\\d+) after (\\d+) ms");

    private final List<Scripts.Running> nodes = new ArrayList<>();

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (Scripts.Running n : nodes) {
            n.process().destroy(); // SIGTERM: the node leaves the cluster and exits
        }
        for (Scripts.Running n : nodes) {
            if (!n.process().waitFor(20, TimeUnit.SECONDS)) {
                n.process().destroyForcibly();
            }
        }
    }

    /** Waits until the node's log says {@code line}; fails with its log if it exits first. */
    private static void awaitUp(Scripts.Running node, String line) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!node.process().isAlive()) {
                throw new AssertionError("the node exited: " + node.errSoFar());
            }
            return node.errSoFar().contains(line);
        });
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void when_theHomesMonotonicClockIsAnHourAhead_then_anAbsoluteFutexDeadlineFromTheOtherNodeTimesOutOnTime()
            throws Exception {
        int c1 = freePort();
        int c2 = freePort();
        int b1 = freePort();
        String members = "127.0.0.1:" + c1 + ",127.0.0.1:" + c2;
        String data = Scripts.OUTPUT.resolve("clock-data").toString();
        // both at once, each with the full member list (as scripts/netns-cluster.sh starts them): one start time, not two
        nodes.add(Scripts.start(Map.of("PROCSHARE_JAVA_OPTS", "-D" + NodeClock.SHIFT_PROPERTY + "=" + HOUR_MS),
                "node", "--name", "clk1", "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(c1),
                "--bridge-host", "127.0.0.1", "--bridge-port", String.valueOf(b1), "--members", members,
                "--data-dir", data + "/clk1", "--http-port", "0"));
        nodes.add(Scripts.start("node", "--name", "clk2", "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(c2),
                "--bridge-host", "127.0.0.1", "--bridge-port", String.valueOf(freePort()), "--members", members,
                "--data-dir", data + "/clk2", "--http-port", "0"));
        awaitUp(nodes.get(0), " up in ");
        awaitUp(nodes.get(1), " up in ");
        awaitUp(nodes.get(0), "Members {size:2"); // Hazelcast logs every change of the member list
        String bridge = "127.0.0.1:" + b1;

        Scripts.Result run = Scripts.run(Duration.ofSeconds(40), "submit", "--node", bridge, "--home", "clk1",
                "clockcheck", "--wait-ms", "1000");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.out()).contains("clockcheck: check passed (1 nodes, one CLOCK_MONOTONIC)");
        Matcher m = WAIT.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("clk2's reading, ms after main's").isBetween(-100L, 10_000L);
        assertThat(Long.parseLong(m.group(2))).as("futex result").isEqualTo(-110L);
        assertThat(Long.parseLong(m.group(3))).as("ms waited").isBetween(900L, 2_999L);
    }
}
