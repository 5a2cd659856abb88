package io.procshare.node.guest;

import io.procshare.codecs.ProcessExit;
import io.procshare.node.syscall.ThreeNodes;
import io.procshare.verticles.exec.SyscallService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that leaves the cluster while processes run on it (DESIGN §10, the first part of issue
 * 7's failure model), on a three-node in-JVM cluster of the test's own: a process with a thread on
 * the lost node ends with a non-zero status and "node NAME lost", its threads on the surviving
 * nodes stop, a new process runs afterwards; and when a process's home is lost, its threads on the
 * other nodes stop too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeLossTest {

    private ThreeNodes nodes;

    @BeforeEach
    void start() {
        nodes = ThreeNodes.startPrivate("loss");
    }

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** Parks one thread on every node on a futex nobody wakes, and joins them. */
    public static final class ParksEverywhere implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            long word = g.calloc(4);
            for (String node : g.nodeNames()) {
                g.spawn(Parker.class, word, node);
            }
            g.println("spawned");
            while (true) {
                g.futexWait(word, 0);
            }
        }
    }

    public static final class Parker implements ThreadEntry {
        @Override
        public int run(Guest g, long word) {
            g.println("parked on " + g.nodeName());
            while (true) {
                g.futexWait(word, 0);
            }
        }
    }

    /** Computes on resident memory on another node until the process ends under it. */
    public static final class SpinsElsewhere implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            long a = g.allocPages(4096);
            g.spawn(GuestTasksTest.Spinner.class, a, args[0]);
            while (g.readLongVolatile(a) == 0) {
                Thread.onSpinWait();
            }
            g.println("spinning");
            while (true) {
                g.futexWait(a + 64, 0);
            }
        }
    }

    private static boolean threadsOf(long pid) {
        String prefix = "guest-" + pid + "-";
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
    }

    @Test
    void when_aNodeWithAThreadIsLost_then_theProcessEndsWithNodeLost_itsOtherThreadsStop_andNewProcessesRun()
            throws Exception {
        InJvmRun run = InJvmRun.start(nodes, ParksEverywhere.class, "spread", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> run.out().contains("parked on loss2") && run.out().contains("parked on loss1"));

        long lostAt = System.nanoTime();
        nodes.node(2).stop();
        ProcessExit exit = run.awaitExit();
        long detectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt);

        assertThat(exit.status()).isEqualTo(SyscallService.NODE_LOST_STATUS);
        assertThat(exit.message()).isEqualTo("node loss2 lost");
        assertThat(detectMs).as("ended within 10 s of the loss").isLessThan(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> !threadsOf(run.pid));
        for (int n = 0; n < 2; n++) {
            var survivor = nodes.node(n);
            // nothing of it left on the survivors: no executors, no pages, no frames
            await().atMost(Duration.ofSeconds(10)).until(() -> survivor.counters().get("memory.frames") == 0
                    && survivor.syscalls().processes().stream().noneMatch(p -> p.pid() == run.pid && !p.exited())
                    && !survivor.memory().openProcesses().containsKey(run.pid));
        }

        InJvmRun after = InJvmRun.start(nodes, GuestTasksTest.OnEveryNode.class, "spread", 1);
        assertThat(after.awaitStatus()).as(after.transcript()).isEqualTo(7);
        assertThat(after.out()).contains("total 4000");
    }

    @Test
    void when_theHomeIsLost_then_theProcessesThreadsOnOtherNodesStop() throws Exception {
        InJvmRun run = InJvmRun.start(nodes, SpinsElsewhere.class, "spread", 1, "loss1");
        await().atMost(Duration.ofSeconds(30)).until(() -> run.out().contains("spinning"));
        assertThat(threadsOf(run.pid)).isTrue();

        nodes.node(ThreeNodes.HOME).stop();
        // only the spinner on c1 is left in this JVM: it must stop once c1 learns its home is gone
        await().atMost(Duration.ofSeconds(10)).until(() -> !threadsOf(run.pid));
        assertThat(nodes.node(1).memory().openProcesses()).doesNotContainKey(run.pid);
        assertThat(nodes.node(1).counters().get("memory.frames")).as("its frames are given back").isZero();
    }
}
