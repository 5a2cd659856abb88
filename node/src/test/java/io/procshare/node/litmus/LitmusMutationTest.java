package io.procshare.node.litmus;

import static org.assertj.core.api.Assertions.assertThat;

import io.procshare.codecs.Invalidate;
import io.procshare.codecs.InvalidateAck;
import io.procshare.codecs.ProcshareCodecs;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.MemoryConfig;
import io.procshare.verticles.memory.MemoryService;
import io.procshare.verticles.memory.NodeMembership;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cross-node litmus checks bite (issue 13, finding 8): three memory units with their real
 * verticles, slots and gates on one local Vert.x, the litmus threads spread over them. With a bug
 * seeded into the bus (test code only: an interceptor that answers every Invalidate of a litmus
 * location with a forged InvalidateAck and drops it, so the manager grants writes while old copies
 * stay) the suite must report violations; without it, none.
 */
class LitmusMutationTest {

    private static final int ITERATIONS = 150;
    private static final String[] NODES = {"a", "b", "c"};

    static Vertx vertx;
    static final List<MemoryService> units = new ArrayList<>();
    static final AtomicLong pids = new AtomicLong(500);
    /** The barrier's page while the bug is on (its Invalidates still go through, so barriers work); -1: off. */
    static volatile long mutatedExceptPage = -1;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        ProcshareCodecs.registerAll(vertx.eventBus());
        vertx.eventBus().addOutboundInterceptor(ctx -> {
            long spared = mutatedExceptPage;
            if (spared >= 0 && ctx.message().body() instanceof Invalidate inv && inv.page() != spared) {
                String to = ctx.message().address().split("\\.")[1];
                // "memory.manager": the manager service of the home, a (MemoryAddresses is package-private)
                vertx.eventBus().send(Addresses.of("a", "memory.manager"),
                        new InvalidateAck(inv.pid(), inv.page(), inv.requestId(), to));
                return;
            }
            ctx.next();
        });
        for (String n : NODES) {
            MemoryService m = new MemoryService(n, new NodeCounters(), MemoryConfig.defaults(), NodeMembership.NONE);
            m.deploy(vertx).await(10, TimeUnit.SECONDS);
            units.add(m);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Forbidden (stale included) iterations of SB, MP and CoRR, their threads spread over a, b, c. */
    private static long violations(boolean mutated) {
        long total = 0;
        for (LitmusTest test : List.of(LitmusTests.SB, LitmusTests.MP, LitmusTests.CORR)) {
            List<NodeLitmusHost> hosts = new ArrayList<>();
            for (int i = 0; i < NODES.length; i++) {
                hosts.add(new NodeLitmusHost(units.get(i), NODES[i], pids::incrementAndGet));
            }
            LitmusHost.Region region = hosts.getFirst().create(LitmusRunner.footprint(test));
            List<LitmusMemory> memories = new ArrayList<>();
            for (int t = 0; t < test.threads().size(); t++) {
                memories.add(hosts.get(t % NODES.length).open(region.pid(), "a"));
            }
            mutatedExceptPage = mutated ? region.base() >>> 12 : -1;
            try {
                LitmusResult r = LitmusRunner.runInProcess(test, "spread", ITERATIONS, region.base(), memories, 30_000);
                System.out.printf("litmus %s %s: %s%n", test.name(), mutated ? "with forged acks" : "real protocol",
                        r.toJson().encode());
                total += r.forbidden();
            } finally {
                mutatedExceptPage = -1;
                hosts.getFirst().release(region.pid());
            }
        }
        return total;
    }

    @Test
    void when_invalidationsAreAckedWithoutBeingDone_then_theLitmusSuiteReportsViolations_andWithoutTheBugNone() {
        assertThat(violations(false)).isZero();
        assertThat(violations(true)).isPositive();
    }
}
