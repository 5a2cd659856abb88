package io.procshare.verticles.memory;

import io.procshare.codecs.Invalidate;
import io.procshare.codecs.InvalidateAck;
import io.procshare.codecs.PageConfirm;
import io.procshare.codecs.PageData;
import io.procshare.codecs.PageForward;
import io.procshare.codecs.PageRequest;
import io.procshare.codecs.ProcshareMessage;
import io.procshare.verticles.memory.coherence.CoherenceMessage;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.PeerGuard;
import io.procshare.verticles.memory.coherence.Envelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import java.util.List;

/**
 * Converts between the sans-IO protocol messages and the codecs' wire records, field for field. The
 * only work is the page: a {@code byte[]} inside the protocol, a Buffer on the event bus.
 */
public final class CoherenceWire {

    private CoherenceWire() {
    }

    /** Sends each envelope to its node's verticle for that message type. */
    static void send(EventBus bus, List<Envelope> envelopes) {
        for (Envelope e : envelopes) {
            send(bus, e);
        }
    }

    /**
     * Sends re-sends (what a protocol's tick gives: requests or transaction steps whose deadline
     * passed unanswered): each counts as a silent attempt against its node's breaker, and goes only
     * if that breaker lets it (DESIGN §10). A re-send held back is as good as lost: the protocol
     * sends it again at its next deadline, and gives up at its last.
     */
    static void resend(EventBus bus, PeerGuard peers, String self, List<Envelope> envelopes) {
        long now = System.nanoTime();
        for (Envelope e : envelopes) {
            if (e.to().equals(self)) {
                send(bus, e);
                continue;
            }
            peers.silent(e.to(), now);
            if (peers.permitResend(e.to())) {
                send(bus, e);
            }
        }
    }

    private static void send(EventBus bus, Envelope e) {
        bus.send(Addresses.of(e.to(), MemoryAddresses.serviceOf(e.message())), toWire(e.message()));
    }

    /** The wire record for a protocol message. The page bytes are wrapped, not copied. */
    public static ProcshareMessage toWire(CoherenceMessage message) {
        return switch (message) {
            case CoherenceMessage.Request r ->
                    new PageRequest(r.pid(), r.page(), r.requester(), r.access(), r.requestId(), r.mapVersion());
            case CoherenceMessage.Forward f ->
                    new PageForward(f.pid(), f.page(), f.requester(), f.access(), f.requestId());
            case CoherenceMessage.Data d -> new PageData(d.pid(), d.page(), d.requestId(), d.status(), d.grant(),
                    d.kind(), d.pageVersion(), Buffer.buffer(d.data()));
            case CoherenceMessage.Confirm c -> new PageConfirm(c.pid(), c.page(), c.requestId(), c.node(), c.state());
            case CoherenceMessage.Invalidate i -> new Invalidate(i.pid(), i.page(), i.requestId(), i.newOwner());
            case CoherenceMessage.InvalidateAck a -> new InvalidateAck(a.pid(), a.page(), a.requestId(), a.node());
        };
    }

    /**
     * The protocol message of a wire record if it is one of {@code accepted}, else null: how a
     * verticle tells its own traffic from a frame that does not belong at its address.
     */
    @SafeVarargs
    public static CoherenceMessage fromWireIf(ProcshareMessage message, Class<? extends CoherenceMessage>... accepted) {
        CoherenceMessage m;
        try {
            m = fromWire(message);
        } catch (IllegalArgumentException notCoherence) {
            return null;
        }
        for (Class<? extends CoherenceMessage> c : accepted) {
            if (c.isInstance(m)) {
                return m;
            }
        }
        return null;
    }

    /** The protocol message for a wire record; IllegalArgumentException for a non-coherence record. */
    public static CoherenceMessage fromWire(ProcshareMessage message) {
        return switch (message) {
            case PageRequest r ->
                    new CoherenceMessage.Request(r.pid(), r.page(), r.requester(), r.access(), r.requestId(),
                            r.mapVersion());
            case PageForward f ->
                    new CoherenceMessage.Forward(f.pid(), f.page(), f.requester(), f.access(), f.requestId());
            case PageData d -> new CoherenceMessage.Data(d.pid(), d.page(), d.requestId(), d.status(), d.grant(),
                    d.kind(), d.pageVersion(), d.data().getBytes());
            case PageConfirm c ->
                    new CoherenceMessage.Confirm(c.pid(), c.page(), c.requestId(), c.node(), c.state());
            case Invalidate i -> new CoherenceMessage.Invalidate(i.pid(), i.page(), i.requestId(), i.newOwner());
            case InvalidateAck a -> new CoherenceMessage.InvalidateAck(a.pid(), a.page(), a.requestId(), a.node());
            default -> throw new IllegalArgumentException("not a coherence message: " + message.getClass().getSimpleName());
        };
    }
}
