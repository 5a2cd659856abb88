package io.procshare.node;

import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.memory.MemoryCounters;
import io.procshare.verticles.memory.SegmentationFault;
import io.procshare.verticles.memory.space.Prot;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Three real nodes in one JVM (three Hazelcast members, three clustered Vert.x): one shared process
 * homed on the first, its memory used by threads on all three (DESIGN §5).
 */
class ThreeNodeMemoryTest {

    private static final long PAGE = 4096;
    private static final AtomicLong PIDS = new AtomicLong(1000);

    @TempDir
    static Path data;

    static final List<ProcshareNode> nodes = new ArrayList<>();

    @BeforeAll
    static void startThreeNodes() {
        int[] ports = {ProcshareNode.freePort("127.0.0.1"), ProcshareNode.freePort("127.0.0.1"),
                ProcshareNode.freePort("127.0.0.1")};
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        NodeConfig base = NodeConfig.fromJson(new JsonObject(), null);
        for (int i = 0; i < 3; i++) {
            // the first seeds the cluster alone rather than waiting for the others' ports
            nodes.add(ProcshareNode.start(base.withMembers(i == 0 ? members.subList(0, 1) : members)
                    .withName("m" + i).withCluster("127.0.0.1", ports[i]).withBridge("127.0.0.1", 0)
                    .withDataDir(data.resolve("m" + i))));
        }
    }

    @AfterAll
    static void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop();
        }
    }

    /** A new process homed on node 0 and opened on all three; index i is its memory on node i. */
    private static GuestMemory[] process() {
        long pid = PIDS.incrementAndGet();
        String home = nodes.get(0).identity().nodeId();
        GuestMemory[] m = new GuestMemory[3];
        m[0] = nodes.get(0).memory().create(pid);
        m[1] = nodes.get(1).memory().open(pid, home);
        m[2] = nodes.get(2).memory().open(pid, home);
        return m;
    }

    @Test
    void when_eightThreadsOnThreeNodesIncrementWithFetchAddAndWithCas_then_exactly160000EachWay() throws Exception {
        GuestMemory[] m = process();
        long fetchAdd = m[0].mmap(0, 2 * PAGE, Prot.RW, false);
        long cas = fetchAdd + PAGE;

        runThreads(8, t -> {
            GuestMemory g = m[t % 3];
            for (int i = 0; i < 10_000; i++) {
                g.fetchAddLong(fetchAdd, 1);
                g.fetchAddLong(fetchAdd, 1);
                long v;
                do {
                    v = g.readLongVolatile(cas);
                } while (!g.compareAndSwapLong(cas, v, v + 1));
                do {
                    v = g.readLongVolatile(cas);
                } while (!g.compareAndSwapLong(cas, v, v + 1));
            }
        });

        for (GuestMemory g : m) {
            assertThat(g.readLongVolatile(fetchAdd)).isEqualTo(160_000);
            assertThat(g.readLongVolatile(cas)).isEqualTo(160_000);
        }
        long faults = nodes.stream().mapToLong(n -> n.counters().get(MemoryCounters.FAULTS)).sum();
        assertThat(faults).isPositive();
    }

    @Test
    void when_threadsOnThreeNodesWriteDisjointSlicesOfOnePage_then_everySliceHoldsItsLastWrite() throws Exception {
        GuestMemory[] m = process();
        long page = m[0].mmap(0, PAGE, Prot.RW, false);
        int threads = 6;
        int rounds = 2_000;

        runThreads(threads, t -> {
            GuestMemory g = m[t % 3];
            for (int r = 1; r <= rounds; r++) {
                for (int w = 0; w < 8; w++) {
                    g.writeLong(page + t * 64L + w * 8L, t * 1_000_000L + r);
                }
            }
        });

        for (int t = 0; t < threads; t++) {
            for (int w = 0; w < 8; w++) {
                assertThat(m[(t + 1) % 3].readLong(page + t * 64L + w * 8L)).isEqualTo(t * 1_000_000L + rounds);
            }
        }
    }

    @Test
    void when_nodeAWrites_then_nodeBReadsIt_andFirstTouchIsZero() {
        GuestMemory[] m = process();
        long addr = m[0].mmap(0, 2 * PAGE, Prot.RW, false);

        assertThat(m[2].readLong(addr + PAGE)).isZero();
        m[1].writeLong(addr + 16, 0xCAFE_BABEL);
        assertThat(m[2].readLong(addr + 16)).isEqualTo(0xCAFE_BABEL);
        assertThat(m[0].readInt(addr + 16)).isEqualTo(0xCAFE_BABE);
        NodeCounters c2 = nodes.get(2).counters();
        assertThat(c2.get(MemoryCounters.PAGES_READ_ONLY) + c2.get(MemoryCounters.PAGES_READ_WRITE)).isPositive();
    }

    @Test
    void when_anUnmappedAddressOrAReadOnlyMappingIsWritten_then_segmentationFault() {
        GuestMemory[] m = process();
        long ro = m[0].mmap(0, PAGE, Prot.READ, false);

        assertThatThrownBy(() -> m[1].readLong(0x6000_0000L)).isInstanceOf(SegmentationFault.class)
                .hasMessageContaining("0x60000000");
        assertThatThrownBy(() -> m[2].writeLong(ro, 1)).isInstanceOf(SegmentationFault.class)
                .hasMessageContaining("write");
        assertThat(m[2].readLong(ro)).isZero();
    }

    @Test
    void when_munmapReturns_then_accessIsASegfaultOnEveryNode() {
        GuestMemory[] m = process();
        long addr = m[0].mmap(0, PAGE, Prot.RW, false);
        m[1].writeLong(addr, 7);
        assertThat(m[2].readLong(addr)).isEqualTo(7);
        assertThat(m[0].readLong(addr)).isEqualTo(7);

        m[0].munmap(addr, PAGE);

        for (GuestMemory g : m) {
            assertThatThrownBy(() -> g.readLong(addr)).isInstanceOf(SegmentationFault.class);
        }
    }

    interface Body {
        void run(int thread);
    }

    private static void runThreads(int count, Body body) throws InterruptedException {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().name("guest-" + t).start(() -> {
                try {
                    body.run(id);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(3));
        }
        assertThat(errors).isEmpty();
    }
}
