package io.procshare.verticles.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.procshare.codecs.ProcshareCodecs;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.space.Prot;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames go back to the node's budget when a page leaves the node, not only when the process ends
 * (issue 13, finding 6): a long mmap/munmap loop, or pages that move between nodes, must not end a
 * process at the node's frame cap.
 */
class FrameReturnTest {

    private static final long PAGE = 4096;
    private static final int CAP = 32;

    private Vertx vertx;
    private final NodeCounters homeCounters = new NodeCounters();
    private final NodeCounters otherCounters = new NodeCounters();
    private MemoryService home;
    private MemoryService other;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        ProcshareCodecs.registerAll(vertx.eventBus());
        MemoryConfig config = MemoryConfig.defaults().withMaxFrames(CAP);
        home = new MemoryService("h", homeCounters, config, NodeMembership.NONE);
        other = new MemoryService("o", otherCounters, config, NodeMembership.NONE);
        for (MemoryService s : List.of(home, other)) {
            s.deploy(vertx).await(10, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private long frames(NodeCounters c) {
        return c.get(FrameBudget.FRAMES);
    }

    @Test
    void when_aProcessMapsTouchesAndUnmapsFarMoreThanTheCap_then_itNeverReachesTheCap_andHoldsNoFrameAfterward() {
        GuestMemory h = home.create(1);
        GuestMemory o = other.open(1, "h");
        for (int i = 0; i < 20 * CAP; i++) {
            long addr = h.mmap(0, 4 * PAGE, Prot.RW, false);
            for (int p = 0; p < 4; p++) {
                o.writeLong(addr + p * PAGE, i); // o takes a frame per page
            }
            assertThat(h.readLong(addr + PAGE)).isEqualTo(i); // h too, for one
            h.munmap(addr, 4 * PAGE);
        }

        assertThat(otherCounters.get(FrameBudget.REFUSED)).isZero();
        assertThat(homeCounters.get(FrameBudget.REFUSED)).isZero();
        assertThat(frames(otherCounters)).isZero();
        assertThat(frames(homeCounters)).isZero();
    }

    @Test
    void when_aReadOnlyCopyIsInvalidatedHere_then_itsFrameGoesBack_andItComesBackWithItsContent() {
        GuestMemory h = home.create(2);
        GuestMemory o = other.open(2, "h");
        long addr = h.mmap(0, 2 * PAGE, Prot.RW, false);
        o.writeLong(addr, 7);
        o.writeLong(addr + PAGE, 8);
        assertThat(frames(otherCounters)).isEqualTo(2);

        assertThat(h.readLong(addr)).isEqualTo(7); // o keeps a read-only copy
        h.writeLong(addr, 9); // invalidates it

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> frames(otherCounters) == 1);
        assertThat(o.readLong(addr)).isEqualTo(9); // a new frame, the current content
        assertThat(frames(otherCounters)).isEqualTo(2);
        o.writeLong(addr, 10);
        assertThat(h.readLong(addr)).isEqualTo(10);
    }
}
