package io.procshare.verticles.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procshare.codecs.MapRequest;
import io.procshare.codecs.ProcshareCodecs;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.space.Prot;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node whose map is older than the home's asks the home before it trusts a refusal. A busy home
 * may not answer the first ask in time: the node asks again until the fault deadline, and a home
 * that never answers fails the fault; neither is a segmentation fault (seen under load: a wordcount
 * thread got SIGSEGV writing to memory its own thread had just mapped).
 */
class MapRefreshTest {

    private static final long PAGE = 4096;

    private Vertx vertx;
    private MemoryService home;
    private MemoryService other;
    private final AtomicInteger mapRequestsToDrop = new AtomicInteger();
    private final AtomicInteger mapRequestsDropped = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        ProcshareCodecs.registerAll(vertx.eventBus());
        vertx.eventBus().addOutboundInterceptor(ctx -> {
            if (ctx.message().body() instanceof MapRequest r && "o".equals(r.node())
                    && mapRequestsToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                mapRequestsDropped.incrementAndGet(); // lost, as if the home were too busy to answer in time
                return;
            }
            ctx.next();
        });
        MemoryConfig config = MemoryConfig.defaults().withFaultTimeoutMs(4_000);
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
    void when_theFirstMapRefreshGoesUnanswered_then_theNodeAsksAgain_andTheWriteSucceeds() {
        GuestMemory h = home.create(1);
        GuestMemory o = other.open(1, "h");
        long addr = h.mmap(0, 4 * PAGE, Prot.RW, false); // mapped after o opened: o's map does not have it yet
        mapRequestsToDrop.set(2);

        o.writeLong(addr + PAGE, 77);

        assertThat(mapRequestsDropped).hasValue(2);
        assertThat(h.readLong(addr + PAGE)).isEqualTo(77);
    }

    @Test
    void when_theHomeNeverAnswersTheMapRefresh_then_theFaultFailsAtItsDeadline_notWithASegfault() {
        GuestMemory h = home.create(2);
        GuestMemory o = other.open(2, "h");
        long addr = h.mmap(0, PAGE, Prot.RW, false);
        mapRequestsToDrop.set(Integer.MAX_VALUE);

        assertThatThrownBy(() -> o.writeLong(addr, 1))
                .isNotInstanceOf(SegmentationFault.class)
                .isInstanceOfAny(PageUnavailableException.class, PageFaultTimeoutException.class);
        assertThat(mapRequestsDropped.get()).isGreaterThan(1);
    }
}
