package io.procshare.node.guest;

import io.procshare.codecs.ProcessExit;
import io.procshare.node.ProcshareNode;
import io.procshare.node.syscall.ThreeNodes;
import io.procshare.verticles.exec.Placement;
import io.procshare.verticles.syscall.ClientStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Java shared tasks on three in-JVM nodes: spawn and join through clone and futex, placement by
 * policy and by name, a futex mutex, crashes and the end of a process with threads still running.
 */
@ExtendWith(ThreeNodes.Extension.class)
class GuestTasksTest {

        private final ThreeNodes nodes;

    GuestTasksTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    private InJvmRun run(Class<? extends SharedTask> task, String placement, int threads, String... args) {
        return InJvmRun.start(nodes, task, placement, threads, args);
    }

    // ---- tasks ------------------------------------------------------------------------------------

    /** Adds 1 under a futex mutex, 2000 times, to the long at arg (mutex word at arg + 8). */
    public static final class LockedAdder implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            Mutex m = new Mutex(arg + 8);
            for (int i = 0; i < 2000; i++) {
                m.lock(g);
                try {
                    g.writeLong(arg, g.readLong(arg) + 1); // plain read and write: only the lock makes it exact
                } finally {
                    m.unlock(g);
                }
            }
            g.println("adder " + g.tid() + " ran on " + g.nodeName());
            return (int) g.tid() + 100;
        }
    }

    /** One LockedAdder per node, by name; prints the total and the join statuses. */
    public static final class OnEveryNode implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            long shared = g.calloc(16);
            List<SpawnedThread> ts = new ArrayList<>();
            for (String node : g.nodeNames()) {
                ts.add(g.spawn(LockedAdder.class, shared, node));
            }
            List<Integer> statuses = new ArrayList<>();
            for (SpawnedThread t : ts) {
                statuses.add(g.join(t) - (int) t.tid());
            }
            g.println("total " + g.readLongVolatile(shared) + " statuses " + statuses);
            return 7;
        }
    }

    /** Spawns requestedThreads() LockedAdders where the placement puts them. */
    public static final class ByPolicy implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            long shared = g.calloc(16);
            List<SpawnedThread> ts = new ArrayList<>();
            for (int i = 0; i < g.requestedThreads(); i++) {
                ts.add(g.spawn(LockedAdder.class, shared));
            }
            ts.forEach(g::join);
            g.println("total " + g.readLongVolatile(shared));
            return 0;
        }
    }

    /** A thread that throws. */
    public static final class Thrower implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            throw new IllegalStateException("boom on purpose");
        }
    }

    public static final class Crashes implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            g.join(g.spawn(Thrower.class, 0, g.nodeNames().get(2)));
            return 0;
        }
    }

    /** Spins on guest memory until the process ends under it. */
    public static final class Spinner implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            g.writeLongVolatile(arg, 1);
            while (true) {
                g.writeLong(arg + 8, g.readLong(arg + 8) + 1);
            }
        }
    }

    /** Leaves a spinning thread on another node and returns from main. */
    public static final class LeavesASpinner implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            long a = g.allocPages(4096);
            g.spawn(Spinner.class, a, g.nodeNames().get(1));
            while (g.readLongVolatile(a) == 0) {
                Thread.onSpinWait();
            }
            g.println("spinner started");
            return 3;
        }
    }

    public static final class SpawnsOnANodeThatDoesNotExist implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            try {
                g.spawn(LockedAdder.class, 0, "nowhere");
                return 1;
            } catch (GuestErrnoException e) {
                g.println("refused: " + e.getMessage());
                return e.errno();
            }
        }
    }

    /** Frees one block twice. */
    public static final class FreesTwice implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            long a = g.malloc(24);
            long b = g.malloc(24);
            g.free(a);
            g.free(b);
            g.println("a second malloc of that size gets a freed block back: " + (g.malloc(24) == b));
            g.free(a);
            return 0;
        }
    }

    // ---- tests ------------------------------------------------------------------------------------

    @Test
    void when_threadsAreSpawnedOnEveryNodeByName_then_theLockedCounterIsExact_andJoinReturnsEachStatus() throws Exception {
        InJvmRun c = run(OnEveryNode.class, "spread", 3);
        ProcessExit exit = c.awaitExit();
        assertThat(exit.status()).as(c.err()).isEqualTo(7);
        assertThat(c.out()).contains("total 6000 statuses [100, 100, 100]")
                .contains("ran on c0").contains("ran on c1").contains("ran on c2");
    }

    @Test
    void when_placementIsSpread_then_threadsGoRoundRobinStartingAfterTheHome() throws Exception {
        InJvmRun c = run(ByPolicy.class, "spread", 3);
        assertThat(c.awaitExit().status()).as(c.err()).isZero();
        assertThat(c.out()).contains("total 6000");
        List<String> lines = c.out().lines().filter(l -> l.startsWith("adder")).sorted().toList();
        assertThat(lines).containsExactly("adder 2 ran on c1", "adder 3 ran on c2", "adder 4 ran on c0");
    }

    @Test
    void when_placementIsPackOrANamedNode_then_everyThreadRunsThere() throws Exception {
        InJvmRun packed = run(ByPolicy.class, "pack", 2);
        assertThat(packed.awaitExit().status()).isZero();
        assertThat(packed.out().lines().filter(l -> l.startsWith("adder"))).allMatch(l -> l.endsWith("on c0"));
        InJvmRun named = run(ByPolicy.class, "c2", 2);
        assertThat(named.awaitExit().status()).isZero();
        assertThat(named.out().lines().filter(l -> l.startsWith("adder"))).hasSize(2).allMatch(l -> l.endsWith("on c2"));
        InJvmRun subset = run(ByPolicy.class, "spread:c1,c2", 4);
        assertThat(subset.awaitExit().status()).isZero();
        assertThat(subset.out().lines().filter(l -> l.startsWith("adder")).sorted())
                .containsExactly("adder 2 ran on c1", "adder 3 ran on c2", "adder 4 ran on c1", "adder 5 ran on c2");
    }

    @Test
    void when_aSpawnNamesAnUnknownNode_then_cloneFailsWithEinval() throws Exception {
        InJvmRun c = run(SpawnsOnANodeThatDoesNotExist.class, "spread", 1);
        assertThat(c.awaitExit().status()).isEqualTo(22);
        assertThat(c.out()).contains("refused: clone of LockedAdder on node 'nowhere': EINVAL");
    }

    @Test
    void when_aRemoteThreadThrows_then_theProcessEndsWithStatus1_andTheTraceIsOnItsStderr() throws Exception {
        InJvmRun c = run(Crashes.class, "spread", 1);
        assertThat(c.awaitExit().status()).isEqualTo(JavaTaskRunner.CRASHED);
        assertThat(c.err()).contains("Exception in thread 2 on node c2").contains("boom on purpose");
    }

    @Test
    void when_aBlockIsFreedTwice_then_theProcessEndsWithStatus1_sayingDoubleFree() throws Exception {
        InJvmRun c = run(FreesTwice.class, "pack", 1);
        assertThat(c.awaitExit().status()).isEqualTo(JavaTaskRunner.CRASHED);
        assertThat(c.out()).contains("gets a freed block back: true");
        assertThat(c.err()).contains("double free");
    }

    @Test
    void when_mainReturnsWhileARemoteThreadSpins_then_theProcessEnds_andTheSpinnerStops() throws Exception {
        InJvmRun c = run(LeavesASpinner.class, "spread", 1);
        ProcessExit exit = c.awaitExit();
        assertThat(exit.status()).isEqualTo(3);
        String name = "guest-" + exit.pid() + "-";
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith(name) && t.isAlive()));
    }
}
