package io.procshare.verticles.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procshare.codecs.MapSnapshot;
import io.procshare.codecs.ProcshareCodecs;
import io.procshare.codecs.Shootdown;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.space.Prot;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A map change is applied at the home at once; its shootdown may take longer than the fault
 * deadline (a push lost, a busy node). The change must then return what happened (done), not an
 * error for a change the guest would believe undone (issue 13, finding 4); and it must still end
 * when the process ends under it.
 */
class MapShootdownTest {

    private static final long PAGE = 4096;

    private Vertx vertx;
    private MemoryService home;
    private MemoryService other;
    private final AtomicInteger pushesToDrop = new AtomicInteger();
    private final AtomicInteger pushesDropped = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        ProcshareCodecs.registerAll(vertx.eventBus());
        vertx.eventBus().addOutboundInterceptor(ctx -> {
            if (ctx.message().body() instanceof MapSnapshot s && s.shootdown() != Shootdown.NONE
                    && Addresses.of("o", MemoryAddresses.PAGES).equals(ctx.message().address())
                    && pushesToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                pushesDropped.incrementAndGet(); // lost: the home pushes again after its send timeout
                return;
            }
            ctx.next();
        });
        // a push times out after 5 x 200 ms: two lost pushes delay the ack well past the 1 s deadline
        MemoryConfig config = MemoryConfig.defaults().withFaultTimeoutMs(1_000);
        home = new MemoryService("h", new NodeCounters(), config, NodeMembership.NONE);
        other = new MemoryService("o", new NodeCounters(), config, NodeMembership.NONE);
        home.deploy(vertx).await(10, TimeUnit.SECONDS);
        other.deploy(vertx).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void when_aShootdownAckComesAfterTheFaultDeadline_then_munmapReturnsDone_andThePageIsGoneEverywhere() {
        GuestMemory h = home.create(1);
        GuestMemory o = other.open(1, "h");
        long addr = h.mmap(0, 2 * PAGE, Prot.RW, false);
        o.writeLong(addr, 5);
        pushesToDrop.set(2);

        long started = System.nanoTime();
        h.munmap(addr, 2 * PAGE);

        assertThat(pushesDropped).hasValue(2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThan(1_000);
        assertThatThrownBy(() -> o.readLong(addr)).isInstanceOf(SegmentationFault.class);
        assertThatThrownBy(() -> h.readLong(addr)).isInstanceOf(SegmentationFault.class);
    }

    @Test
    void when_theProcessEndsWhileItsShootdownWaits_then_theMapChangeFails_insteadOfWaitingForever() throws Exception {
        GuestMemory h = home.create(2);
        GuestMemory o = other.open(2, "h");
        long addr = h.mmap(0, PAGE, Prot.RW, false);
        o.writeLong(addr, 5);
        pushesToDrop.set(Integer.MAX_VALUE);

        CompletableFuture<Void> munmap = CompletableFuture.runAsync(() -> h.munmap(addr, PAGE),
                r -> Thread.ofPlatform().daemon().start(r));
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> pushesDropped.get() >= 1);
        home.end(2).await(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> munmap.get(10, TimeUnit.SECONDS)).hasMessageContaining("ended");
    }
}
