package io.procshare.verticles.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procshare.codecs.Access;
import io.procshare.codecs.ProcshareCodecs;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.space.Prot;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three memory units with distinct node ids on one local Vert.x: the whole node-side and home-side
 * machinery (verticles, slots, gates, shootdowns) with real threads, without a cluster.
 */
class GuestMemoryTest {

    private static final long PAGE = 4096;
    private static final AtomicLong PIDS = new AtomicLong(100);

    static Vertx vertx;
    static MemoryService a;
    static MemoryService b;
    static MemoryService c;
    static NodeCounters countersA = new NodeCounters();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        ProcshareCodecs.registerAll(vertx.eventBus());
        MemoryConfig config = MemoryConfig.defaults().withFaultTimeoutMs(10_000);
        a = new MemoryService("a", countersA, config, NodeMembership.NONE);
        b = new MemoryService("b", new NodeCounters(), config, NodeMembership.NONE);
        c = new MemoryService("c", new NodeCounters(), config, NodeMembership.NONE);
        for (MemoryService s : List.of(a, b, c)) {
            s.deploy(vertx).await(10, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** A fresh process homed on a, open on a, b and c, with {@code pages} RW pages mapped. */
    private static GuestMemory[] process(long pages) {
        long pid = PIDS.incrementAndGet();
        GuestMemory home = a.create(pid);
        return new GuestMemory[] {home, b.open(pid, "a"), c.open(pid, "a")};
    }

    @Test
    void when_anotherNodeWroteTheWord_then_peekSaysNotResident_andAfterAReadPeekSeesTheValue() {
        GuestMemory[] m = process(1);
        long addr = m[0].mmap(0, PAGE, Prot.RW, false);
        m[1].writeIntVolatile(addr + 4, 42);

        assertThat(m[0].peekIntVolatile(addr + 4)).isEqualTo(GuestThreadMemory.NOT_RESIDENT); // never faults
        assertThat(m[0].readIntVolatile(addr + 4)).isEqualTo(42);
        assertThat(m[0].peekIntVolatile(addr + 4)).isEqualTo(42);
        m[2].writeIntVolatile(addr + 4, -1);
        assertThat(m[0].peekIntVolatile(addr + 4)).isEqualTo(GuestThreadMemory.NOT_RESIDENT);
    }

    @Test
    void when_aNeverWrittenPageIsRead_then_itIsZero() {
        GuestMemory[] m = process(1);
        long addr = m[0].mmap(0, PAGE, Prot.RW, false);

        assertThat(m[1].readLong(addr + 8)).isZero();
        assertThat(m[2].readByte(addr + PAGE - 1)).isZero();
    }

    @Test
    void when_aWritesAValue_then_bAndCReadIt_andAWriteOnCIsSeenOnA() {
        GuestMemory[] m = process(1);
        long addr = m[0].mmap(0, PAGE, Prot.RW, false);

        m[0].writeLong(addr, 0x1122_3344_5566_7788L);
        assertThat(m[1].readLong(addr)).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(m[2].readInt(addr)).isEqualTo(0x5566_7788);
        m[2].writeShort(addr + 2, (short) -2);
        assertThat(m[0].readLong(addr)).isEqualTo(0x1122_3344_FFFE_7788L);
        assertThat(m[1].readShort(addr + 2)).isEqualTo((short) -2);
    }

    @Test
    void when_accessesAreLittleEndianAndSpanPages_then_bytesLandWhereRiscvPutsThem() {
        GuestMemory[] m = process(2);
        long addr = m[0].mmap(0, 2 * PAGE, Prot.RW, false);

        m[1].writeLong(addr + PAGE - 3, 0x0102_0304_0506_0708L);
        assertThat(m[2].readByte(addr + PAGE - 3)).isEqualTo((byte) 0x08);
        assertThat(m[2].readByte(addr + PAGE + 4)).isEqualTo((byte) 0x01);
        assertThat(m[0].readLong(addr + PAGE - 3)).isEqualTo(0x0102_0304_0506_0708L);
        m[0].writeInt(addr + PAGE - 1, -5);
        assertThat(m[1].readInt(addr + PAGE - 1)).isEqualTo(-5);
    }

    @Test
    void when_bulkCopiesSpanThreePages_then_everyByteRoundTrips() {
        GuestMemory[] m = process(4);
        long addr = m[0].mmap(0, 4 * PAGE, Prot.RW, false);
        byte[] data = new byte[2 * (int) PAGE + 100];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 1);
        }

        m[1].write(addr + PAGE - 50, data, 0, data.length);
        byte[] back = new byte[data.length];
        m[2].read(addr + PAGE - 50, back, 0, back.length);

        assertThat(back).isEqualTo(data);
    }

    @Test
    void when_anUnmappedAddressIsTouched_then_segmentationFaultNamingPidAddressAndAccess() {
        GuestMemory[] m = process(0);

        assertThatThrownBy(() -> m[1].readLong(0x7000_0000L))
                .isInstanceOfSatisfying(SegmentationFault.class, e -> {
                    assertThat(e.pid()).isEqualTo(m[1].pid());
                    assertThat(e.address()).isEqualTo(0x7000_0000L);
                    assertThat(e.access()).isEqualTo(Access.READ);
                });
    }

    @Test
    void when_aReadOnlyMappingIsWritten_then_segmentationFault_andReadsStillWork() {
        GuestMemory[] m = process(1);
        long addr = m[0].mmap(0, PAGE, Prot.READ, false);

        assertThat(m[1].readLong(addr)).isZero();
        assertThatThrownBy(() -> m[1].writeLong(addr, 1)).isInstanceOfSatisfying(SegmentationFault.class,
                e -> assertThat(e.access()).isEqualTo(Access.WRITE));
        assertThatThrownBy(() -> m[0].compareAndSwapLong(addr, 0, 1)).isInstanceOf(SegmentationFault.class);
    }

    @Test
    void when_munmapReturns_then_everyNodeSegfaults_andAFreshMappingThereIsZero() {
        GuestMemory[] m = process(1);
        long addr = m[0].mmap(0, PAGE, Prot.RW, false);
        m[1].writeLong(addr, 5);
        assertThat(m[2].readLong(addr)).isEqualTo(5);
        assertThat(m[0].readLong(addr)).isEqualTo(5);

        m[0].munmap(addr, PAGE);

        for (GuestMemory g : m) {
            assertThatThrownBy(() -> g.readLong(addr)).isInstanceOf(SegmentationFault.class);
            assertThatThrownBy(() -> g.writeLong(addr, 1)).isInstanceOf(SegmentationFault.class);
        }
        assertThat(m[0].mmap(addr, PAGE, Prot.RW, true)).isEqualTo(addr);
        assertThat(m[1].readLong(addr)).isZero();
        assertThat(m[2].readLong(addr)).isZero();
    }

    @Test
    void when_mprotectRemovesWriteFromTheOwner_then_itsNextWriteSegfaultsButTheDataStays() {
        GuestMemory[] m = process(1);
        long addr = m[0].mmap(0, PAGE, Prot.RW, false);
        m[1].writeLong(addr, 11);

        m[0].mprotect(addr, PAGE, Prot.READ);

        assertThatThrownBy(() -> m[1].writeLong(addr, 12)).isInstanceOf(SegmentationFault.class);
        assertThat(m[1].readLong(addr)).isEqualTo(11);
        assertThat(m[2].readLong(addr)).isEqualTo(11);
        m[0].mprotect(addr, PAGE, Prot.RW);
        m[1].writeLong(addr, 13);
        assertThat(m[2].readLong(addr)).isEqualTo(13);
    }

    @Test
    void when_threadsOnThreeNodesFetchAddAndCas_then_theCountersAreExact() throws Exception {
        GuestMemory[] m = process(1);
        long addr = m[0].mmap(0, PAGE, Prot.RW, false);
        int threads = 6;
        int each = 2_000;

        run(threads, t -> {
            GuestMemory g = m[t % 3];
            for (int i = 0; i < each; i++) {
                g.fetchAddLong(addr, 1);
                long v;
                do {
                    v = g.readLongVolatile(addr + 8);
                } while (!g.compareAndSwapLong(addr + 8, v, v + 1));
            }
        });

        assertThat(m[1].readLongVolatile(addr)).isEqualTo((long) threads * each);
        assertThat(m[2].readLongVolatile(addr + 8)).isEqualTo((long) threads * each);
        assertThat(countersA.get(MemoryCounters.FAULTS)).isPositive();
    }

    @Test
    void when_threadsOnThreeNodesWriteDisjointSlicesOfOnePage_then_everySliceHoldsItsLastWrite() throws Exception {
        GuestMemory[] m = process(1);
        long addr = m[0].mmap(0, PAGE, Prot.RW, false);
        int threads = 6;
        int rounds = 500;

        run(threads, t -> {
            GuestMemory g = m[t % 3];
            for (int r = 1; r <= rounds; r++) {
                for (int w = 0; w < 8; w++) {
                    g.writeLong(addr + t * 64 + w * 8, (long) t * 1_000_000 + r);
                }
            }
        });

        for (int t = 0; t < threads; t++) {
            for (int w = 0; w < 8; w++) {
                assertThat(m[(t + 1) % 3].readLong(addr + t * 64 + w * 8)).isEqualTo((long) t * 1_000_000 + rounds);
            }
        }
    }

    @Test
    void when_guestMemoryIsUsedOnAnEventLoop_then_itRefusesToBlockIt() throws Exception {
        GuestMemory[] m = process(1);
        long addr = m[0].mmap(0, PAGE, Prot.RW, false);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();

        vertx.runOnContext(v -> {
            try {
                m[1].readLong(addr);
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });

        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event-loop");
    }

    @Test
    void when_mapChangesAreAskedOfANodeThatIsNotHome_then_unsupported() {
        GuestMemory[] m = process(0);

        assertThatThrownBy(() -> m[1].mmap(0, PAGE, Prot.RW, false)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("home");
    }

    @Test
    void when_theHomeDoesNotAnswer_then_theFaultTimesOutNamingPidPageAndNode() throws Exception {
        Vertx lonely = Vertx.vertx();
        try {
            ProcshareCodecs.registerAll(lonely.eventBus());
            MemoryConfig config = MemoryConfig.defaults().withFaultTimeoutMs(300);
            MemoryService home = new MemoryService("h", new NodeCounters(), config, NodeMembership.NONE);
            MemoryService node = new MemoryService("n", new NodeCounters(), config, NodeMembership.NONE);
            home.deploy(lonely).await(10, TimeUnit.SECONDS);
            node.deploy(lonely).await(10, TimeUnit.SECONDS);
            GuestMemory h = home.create(1);
            long addr = h.mmap(0, PAGE, Prot.RW, false);
            GuestMemory n = node.open(1, "h");
            // the home's manager stops answering
            lonely.eventBus().addInboundInterceptor(ctx -> {
                if (!ctx.message().address().equals("procshare.h.memory.manager")) {
                    ctx.next();
                }
            });

            assertThatThrownBy(() -> n.readLong(addr)).isInstanceOf(PageFaultTimeoutException.class)
                    .hasMessageContaining("pid 1").hasMessageContaining("node n")
                    .hasMessageContaining(Long.toHexString(addr >>> 12));
        } finally {
            lonely.close().await(10, TimeUnit.SECONDS);
        }
    }

    interface Body {
        void run(int thread) throws Exception;
    }

    static void run(int threads, Body body) throws Exception {
        List<Thread> all = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            all.add(Thread.ofPlatform().name("guest-" + t).start(() -> {
                try {
                    body.run(id);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : all) {
            t.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertThat(errors).isEmpty();
    }
}
