package io.procshare.verticles.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procshare.codecs.ProcshareCodecs;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.space.Prot;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-node cap on frame memory: a fault beyond it fails with a clear reason; an ended process gives its frames back. */
class FrameBudgetTest {

    private static final long PAGE = 4096;

    private Vertx vertx;
    private MemoryService home;
    private MemoryService small;
    private final NodeCounters smallCounters = new NodeCounters();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        ProcshareCodecs.registerAll(vertx.eventBus());
        MemoryConfig config = MemoryConfig.defaults().withFaultTimeoutMs(10_000);
        home = new MemoryService("h", new NodeCounters(), config, NodeMembership.NONE);
        small = new MemoryService("s", smallCounters, config.withMaxFrames(8), NodeMembership.NONE);
        home.deploy(vertx).await(10, TimeUnit.SECONDS);
        small.deploy(vertx).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void when_aNodeHasTakenAllItsFrames_then_aFaultNeedingAnotherFails_andAnEndedProcessGivesThemBack() {
        GuestMemory h = home.create(1);
        long addr = h.mmap(0, 16 * PAGE, Prot.RW, false);
        for (int i = 0; i < 16; i++) {
            h.writeLong(addr + i * PAGE, 1000 + i);
        }
        GuestMemory s = small.open(1, "h");
        for (int i = 0; i < 8; i++) {
            assertThat(s.readLong(addr + i * PAGE)).isEqualTo(1000 + i);
        }
        assertThat(s.readLong(addr + 3 * PAGE)).as("a page already here needs no new frame").isEqualTo(1003);
        assertThatThrownBy(() -> s.readLong(addr + 8 * PAGE))
                .isInstanceOf(PageUnavailableException.class)
                .hasMessageContaining("node s reached its frame memory cap (8 frames");
        assertThat(smallCounters.get(FrameBudget.FRAMES)).isEqualTo(8);
        assertThat(smallCounters.get(FrameBudget.REFUSED)).isEqualTo(1);
        assertThat(h.readLong(addr + 8 * PAGE)).as("the home is not affected").isEqualTo(1008);

        small.end(1);
        home.end(1);
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> smallCounters.get(FrameBudget.FRAMES) == 0);

        GuestMemory h2 = home.create(2);
        long addr2 = h2.mmap(0, 8 * PAGE, Prot.RW, false);
        h2.writeLong(addr2 + 7 * PAGE, 42);
        assertThat(small.open(2, "h").readLong(addr2 + 7 * PAGE)).as("frames given back serve a new process").isEqualTo(42);
    }
}
