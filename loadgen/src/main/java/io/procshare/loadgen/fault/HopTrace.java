package io.procshare.loadgen.fault;

import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Probe;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the time of one timed operation goes, hop by hop: event-bus interceptors on every node
 * stamp each message when it is sent and when it is delivered, and an operation's expected
 * sequence of messages splits its latency into segments (thread hand-offs and protocol work inside
 * a node, the wire between nodes). Runs after the measured rows, so its interceptors never touch
 * them.
 */
final class HopTrace implements AutoCloseable {

    /** One expected event: {@code node} sends ({@code inbound == false}) or receives a message of {@code type}. */
    record Step(int node, boolean inbound, String type, String segment) {
    }

    /** {@code type} is null for a message received from another node: it is decoded only later, by its handler. */
    private record Event(long nanos, int node, boolean inbound, String type) {
        boolean matches(String expected) {
            return type == null || type.contains(expected);
        }
    }

    private final LocalCluster cluster;
    private final List<Handler<DeliveryContext<Object>>> outbound = new ArrayList<>();
    private final List<Handler<DeliveryContext<Object>>> inbound = new ArrayList<>();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private volatile boolean recording;

    HopTrace(LocalCluster cluster) {
        this.cluster = cluster;
        for (int i = 0; i < cluster.size(); i++) {
            int node = i;
            Handler<DeliveryContext<Object>> out = ctx -> stamp(ctx, node, false);
            Handler<DeliveryContext<Object>> in = ctx -> stamp(ctx, node, true);
            EventBus bus = cluster.node(i).vertx().eventBus();
            bus.addOutboundInterceptor(out);
            bus.addInboundInterceptor(in);
            outbound.add(out);
            inbound.add(in);
        }
    }

    private void stamp(DeliveryContext<Object> ctx, int node, boolean in) {
        if (recording) {
            long now = System.nanoTime();
            Object body = ctx.body();
            events.add(new Event(now, node, in, body == null ? null : body.getClass().getSimpleName()));
        }
        ctx.next();
    }

    /**
     * Runs {@code probe} {@code iterations} times (pausing before each like the runner) and returns
     * the median of every segment between consecutive {@code steps}, first from the thread's start
     * to step 0, last from the last step to the thread's return, as a markdown table.
     */
    String trace(String title, Probe probe, int iterations, long pauseNanos, List<Step> steps) throws Exception {
        List<long[]> samples = new ArrayList<>();
        int incomplete = 0;
        for (int i = 0; i < iterations; i++) {
            probe.prepare(i);
            LockSupport.parkNanos(pauseNanos);
            events.clear();
            recording = true;
            long t0 = System.nanoTime();
            long result = probe.access(i);
            long t1 = System.nanoTime();
            recording = false;
            probe.check(i, result);
            long[] at = new long[steps.size() + 2];
            at[0] = t0;
            at[at.length - 1] = t1;
            List<Event> seen = new ArrayList<>(events);
            int from = 0;
            boolean complete = true;
            for (int s = 0; s < steps.size() && complete; s++) {
                Step step = steps.get(s);
                complete = false;
                for (int e = from; e < seen.size(); e++) {
                    Event ev = seen.get(e);
                    if (ev.node == step.node && ev.inbound == step.inbound && ev.matches(step.type)
                            && ev.nanos >= at[s]) {
                        at[s + 1] = ev.nanos;
                        complete = true;
                        break;
                    }
                }
            }
            if (complete) {
                samples.add(at);
            } else {
                incomplete++;
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %d traced iterations%s; median of each segment, microseconds.%n%n",
                title, samples.size(), incomplete == 0 ? "" : " (" + incomplete + " without every expected message, left out)"));
        b.append("| segment | from | to | p50 us |\n|---|---|---|---:|\n");
        String prev = "thread calls";
        double sum = 0;
        for (int s = 0; s <= steps.size(); s++) {
            String to = s < steps.size() ? describe(steps.get(s)) : "thread returns";
            String segment = s < steps.size() ? steps.get(s).segment() : "deliver to the waiting thread";
            double p50 = median(samples, s);
            sum += p50;
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f |%n", segment, prev, to, p50));
            prev = to;
        }
        double total = median(samples, -1);
        b.append(String.format(Locale.ROOT, "| **whole operation** | | | **%.1f** (segments sum to %.1f) |%n", total, sum));
        return b.toString();
    }

    private static String describe(Step s) {
        return "n" + s.node + (s.inbound ? " receives " : " sends ") + s.type;
    }

    /** Median of segment {@code s} (or of the whole operation for -1). */
    private static double median(List<long[]> samples, int s) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        long[] d = new long[samples.size()];
        for (int i = 0; i < d.length; i++) {
            long[] at = samples.get(i);
            d[i] = s < 0 ? at[at.length - 1] - at[0] : at[s + 1] - at[s];
        }
        Arrays.sort(d);
        return d[d.length / 2] / 1000.0;
    }

    @Override
    public void close() {
        for (int i = 0; i < cluster.size(); i++) {
            EventBus bus = cluster.node(i).vertx().eventBus();
            bus.removeOutboundInterceptor(outbound.get(i));
            bus.removeInboundInterceptor(inbound.get(i));
        }
    }
}
