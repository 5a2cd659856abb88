package io.procshare.verticles.exec;

import io.procshare.verticles.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CLOCK_MONOTONIC per process (issue 12 item 4): a process's monotonic clock is its home's
 * {@link NodeClock}. The home answers {@value #SERVICE} requests with its clock; every other node
 * keeps a {@link ClockOffset} per home it runs threads for, from a first exchange when a thread
 * first reads the clock (it waits for that one, at most the request deadline) and a refresh every
 * {@link #REFRESH_MS} ms. So a LOCAL clock_gettime(CLOCK_MONOTONIC) on any node and an absolute
 * futex deadline judged at the home use the same clock. CLOCK_REALTIME stays each host's own.
 */
final class HomeClocks {

    private static final Logger LOG = LoggerFactory.getLogger(HomeClocks.class);

    /** Per-node service: any body in, this node's monotonic clock (a Long, nanoseconds) out. */
    static final String SERVICE = "clock";
    static final long REFRESH_MS = 10_000;
    /** Exchanges made right after the first, so the smallest round trip is soon a good one. */
    private static final int BURST = 3;

    private final String self;
    private final NodeClock clock;
    private final long timeoutMs;
    private final Map<String, ClockOffset> offsets = new ConcurrentHashMap<>();
    private volatile Vertx vertx;

    HomeClocks(String self, NodeClock clock, long timeoutMs) {
        this.self = self;
        this.clock = clock;
        this.timeoutMs = timeoutMs;
    }

    Future<Void> deploy(Vertx vertx) {
        this.vertx = vertx;
        var consumer = vertx.eventBus().consumer(Addresses.of(self, SERVICE), m -> m.reply(clock.nanoTime()));
        vertx.setPeriodic(REFRESH_MS, id -> offsets.keySet().forEach(this::exchange));
        return consumer.completion();
    }

    /** The monotonic clock of processes homed on {@code home}, read on this node. Blocks for the first exchange. */
    long monotonic(String home) {
        if (home.equals(self)) {
            return clock.nanoTime();
        }
        ClockOffset o = offsets.computeIfAbsent(home, h -> new ClockOffset());
        if (!o.known()) {
            try {
                track(home).toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // no answer in time: this reading is the node's own clock; the next one asks again
                LOG.warn("node {}: home {} did not tell its clock within {} ms ({}): its monotonic clock is read locally",
                        self, home, timeoutMs, e.toString());
            }
        }
        return clock.nanoTime() + o.offset();
    }

    /**
     * Starts estimating the offset to {@code home} if this node does not yet: one exchange and
     * {@link #BURST} more one after another (sequential, so none queues behind another), so the
     * estimate is good before a guest thread first reads the clock. Completes after the first.
     */
    Future<Void> track(String home) {
        ClockOffset o = offsets.computeIfAbsent(home, h -> new ClockOffset());
        if (home.equals(self) || o.known()) {
            return Future.succeededFuture();
        }
        Future<Void> first = exchange(home);
        Future<Void> chain = first;
        for (int i = 0; i < BURST; i++) {
            chain = chain.transform(ar -> exchange(home));
        }
        return first;
    }

    /** The offset to {@code home}'s clock this node uses now (0 for itself or before the first exchange). */
    long offset(String home) {
        ClockOffset o = offsets.get(home);
        return o == null ? 0 : o.offset();
    }

    /** Half the worst round trip of the recent exchanges with {@code home}: the error bound of recent readings. */
    long error(String home) {
        ClockOffset o = offsets.get(home);
        return o == null || home.equals(self) ? 0 : Math.max(0, o.worstRoundTrip() / 2);
    }

    private Future<Void> exchange(String home) {
        Vertx v = vertx;
        if (v == null) {
            return Future.failedFuture("the syscall unit is not deployed");
        }
        ClockOffset o = offsets.computeIfAbsent(home, h -> new ClockOffset());
        long sent = clock.nanoTime();
        return v.eventBus().<Long>request(Addresses.of(home, SERVICE), sent, new DeliveryOptions().setSendTimeout(timeoutMs))
                .map(reply -> {
                    o.add(sent, reply.body(), clock.nanoTime());
                    return null;
                });
    }
}
