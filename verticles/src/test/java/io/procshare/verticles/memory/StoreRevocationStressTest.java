package io.procshare.verticles.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.procshare.codecs.ProcshareCodecs;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.space.Prot;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resident stores (which mark instead of pinning) racing with revocations of their page (DESIGN §5:
 * a node acks only when no access to the page is in flight, so no store is lost). Guest threads on
 * node b each count in their own word of one page with plain read + write, while a thread on c keeps
 * writing another word of that page (invalidations of b's copy) and a thread on a keeps reading it
 * (downgrades of b's copy): the page bounces all the time. The threads count until b's copy was
 * revoked at least {@code REVOCATIONS} times (20 s at most), and every word must equal its count.
 */
class StoreRevocationStressTest {

    private static final long PAGE = 4096;
    private static final long REVOCATIONS = 1_000;

    static Vertx vertx;
    static MemoryService a;
    static MemoryService b;
    static MemoryService c;
    static NodeCounters countersB = new NodeCounters();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        ProcshareCodecs.registerAll(vertx.eventBus());
        MemoryConfig config = MemoryConfig.defaults().withFaultTimeoutMs(30_000);
        a = new MemoryService("a", new NodeCounters(), config, NodeMembership.NONE);
        b = new MemoryService("b", countersB, config, NodeMembership.NONE);
        c = new MemoryService("c", new NodeCounters(), config, NodeMembership.NONE);
        for (MemoryService s : List.of(a, b, c)) {
            s.deploy(vertx).await(10, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void when_storesOnOneNodeRaceRepeatedRevocationsFromOthers_then_noStoreIsLost() throws Exception {
        GuestMemory home = a.create(1);
        long addr = home.mmap(0, PAGE, Prot.RW, false);
        GuestMemory onB = b.open(1, "a");
        GuestMemory onC = c.open(1, "a");
        int counters = 4;
        int each = 20_000;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long[] counted = new long[counters];
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> counting = new ArrayList<>();
        for (int t = 0; t < counters; t++) {
            int id = t;
            counting.add(Thread.ofPlatform().name("count-" + t).start(() -> {
                try {
                    // even threads: the shared entry and 8-byte words; odd: a kept view and 4-byte halves
                    long word = addr + 8L * (id + 1);
                    GuestThreadMemory hart = onB.local();
                    long n = 0;
                    while (n < each || revocationsOfB() < REVOCATIONS && System.nanoTime() < deadline) {
                        for (int i = 0; i < 1_000; i++, n++) {
                            if (id % 2 == 0) {
                                onB.writeLong(word, onB.readLong(word) + 1);
                            } else {
                                hart.writeInt(word + 4, hart.readInt(word + 4) + 1);
                            }
                        }
                    }
                    counted[id] = n;
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        Thread invalidator = Thread.ofPlatform().name("invalidate-from-c").start(() -> {
            try {
                for (long i = 1; !done.get(); i++) {
                    onC.writeLong(addr, i);
                    Thread.onSpinWait();
                }
            } catch (Throwable e) {
                errors.add(e);
            }
        });
        Thread downgrader = Thread.ofPlatform().name("downgrade-from-a").start(() -> {
            try {
                while (!done.get()) {
                    home.readLong(addr + 8);
                }
            } catch (Throwable e) {
                errors.add(e);
            }
        });
        for (Thread t : counting) {
            t.join(TimeUnit.MINUTES.toMillis(3));
        }
        done.set(true);
        invalidator.join(TimeUnit.MINUTES.toMillis(1));
        downgrader.join(TimeUnit.MINUTES.toMillis(1));

        assertThat(errors).isEmpty();
        for (int t = 0; t < counters; t++) {
            long word = addr + 8L * (t + 1);
            if (t % 2 == 0) {
                assertThat(onC.readLong(word)).as("count of thread %d", t).isEqualTo(counted[t]);
            } else {
                assertThat(onC.readInt(word + 4)).as("count of thread %d", t).isEqualTo((int) counted[t]);
                assertThat(onC.readInt(word)).isZero();
            }
        }
        assertThat(revocationsOfB()).as("revocations of b's copy").isGreaterThanOrEqualTo(REVOCATIONS);
    }

    private static long revocationsOfB() {
        return countersB.get(MemoryCounters.INVALIDATIONS) + countersB.get(MemoryCounters.FORWARDS);
    }
}
