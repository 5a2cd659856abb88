package io.procshare.verticles.memory.coherence;

import static org.assertj.core.api.Assertions.assertThat;

import io.procshare.codecs.Access;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A hand-driven cluster for focused protocol tests: a manager on "home", a {@link PageNode} per node
 * (home included) and a list of in-flight messages the test delivers, drops or duplicates one by one.
 */
final class Harness {

    static final String HOME = "home";

    final CoherenceConfig config = new CoherenceConfig(1, HOME, 10, 3);
    final PageManager manager;
    final Map<String, PageNode> nodes = new LinkedHashMap<>();
    final List<Envelope> inFlight = new ArrayList<>();
    final List<Completion> completions = new ArrayList<>();
    long now;

    Harness(String... others) {
        this(AccessCheck.ALLOW_ALL, others);
    }

    Harness(AccessCheck check, String... others) {
        manager = new PageManager(config, check);
        nodes.put(HOME, new PageNode(config, HOME, 0));
        long base = 1L << 40;
        for (String id : others) {
            nodes.put(id, new PageNode(config, id, base));
            base += 1L << 40;
        }
    }

    PageNode node(String id) {
        return nodes.get(id);
    }

    AccessAttempt begin(String node, long page, byte access) {
        AccessAttempt a = node(node).begin(page, access, now);
        inFlight.addAll(a.sends());
        return a;
    }

    void end(String node, long page) {
        inFlight.addAll(node(node).end(page));
    }

    /** Faults the page in for {@code access} (delivering everything), then stores {@code value}. */
    void write(String node, long page, long value) {
        fetch(node, page, Access.WRITE);
        node(node).writeLong(page, 0, value);
        end(node, page);
    }

    /** Faults the page in for reading (delivering everything) and loads word 0. */
    long read(String node, long page) {
        fetch(node, page, Access.READ);
        long v = node(node).readLong(page, 0);
        end(node, page);
        return v;
    }

    /** begin; if MISS, deliver everything and begin again: the access must then HIT (page pinned). */
    void fetch(String node, long page, byte access) {
        if (begin(node, page, access).outcome() != AccessAttempt.Outcome.HIT) {
            deliverAll();
            assertThat(begin(node, page, access).outcome()).isEqualTo(AccessAttempt.Outcome.HIT);
        }
    }

    /** Delivers the first in-flight message matching {@code which}; fails if there is none. */
    Envelope deliver(Predicate<Envelope> which) {
        for (int i = 0; i < inFlight.size(); i++) {
            if (which.test(inFlight.get(i))) {
                Envelope e = inFlight.remove(i);
                dispatch(e);
                return e;
            }
        }
        throw new AssertionError("nothing in flight matches; in flight: " + inFlight);
    }

    /** Delivers the first in-flight message of {@code type} addressed to {@code to}. */
    Envelope deliver(Class<? extends CoherenceMessage> type, String to) {
        return deliver(e -> type.isInstance(e.message()) && e.to().equals(to));
    }

    /** Removes the first in-flight message of {@code type} addressed to {@code to} without delivering it. */
    Envelope drop(Class<? extends CoherenceMessage> type, String to) {
        for (int i = 0; i < inFlight.size(); i++) {
            Envelope e = inFlight.get(i);
            if (type.isInstance(e.message()) && e.to().equals(to)) {
                return inFlight.remove(i);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " to " + to + " in flight: " + inFlight);
    }

    void deliverAll() {
        while (!inFlight.isEmpty()) {
            dispatch(inFlight.removeFirst());
        }
    }

    void dispatch(Envelope e) {
        CoherenceMessage m = e.message();
        boolean toManager = m instanceof CoherenceMessage.Request || m instanceof CoherenceMessage.Confirm
                || m instanceof CoherenceMessage.InvalidateAck;
        if (toManager) {
            assertThat(e.to()).isEqualTo(HOME);
            inFlight.addAll(manager.onMessage(m, now));
        } else if (nodes.containsKey(e.to())) {
            inFlight.addAll(node(e.to()).onMessage(m));
        }
        drainCompletions();
    }

    /** Advances the clock past every deadline and ticks the manager and every node. */
    void tickAll() {
        now += config.retransmitAfter();
        inFlight.addAll(manager.onTick(now));
        nodes.values().forEach(n -> inFlight.addAll(n.onTick(now)));
        drainCompletions();
    }

    List<CoherenceMessage> inFlight(Class<? extends CoherenceMessage> type) {
        return inFlight.stream().map(Envelope::message).filter(type::isInstance).toList();
    }

    List<Envelope> inFlightTo(String to) {
        return inFlight.stream().filter(e -> e.to().equals(to)).toList();
    }

    Completion completionOf(long requestId) {
        drainCompletions();
        return completions.stream().filter(c -> c.requestId() == requestId).findFirst().orElse(null);
    }

    private void drainCompletions() {
        nodes.values().forEach(n -> completions.addAll(n.drainCompletions()));
    }
}
