package io.procshare.verticles.memory;

import io.procshare.codecs.Invalidate;
import io.procshare.codecs.InvalidateAck;
import io.procshare.codecs.PageConfirm;
import io.procshare.codecs.PageData;
import io.procshare.codecs.PageForward;
import io.procshare.codecs.PageRequest;
import io.procshare.codecs.ProcshareMessage;
import io.procshare.verticles.memory.coherence.CoherenceMessage;
import io.vertx.core.buffer.Buffer;

/**
 * Converts between the sans-IO protocol messages and the codecs' wire records, field for field. The
 * only work is the page: a {@code byte[]} inside the protocol, a Buffer on the event bus.
 */
public final class CoherenceWire {

    private CoherenceWire() {
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
