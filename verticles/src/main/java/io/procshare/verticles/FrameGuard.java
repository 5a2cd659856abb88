package io.procshare.verticles;

import io.procshare.codecs.FrameDecodeException;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where an inbound message body is decoded. Clustered Vert.x decodes a body lazily,
 * in {@link Message#body()}, so a malformed frame from a peer surfaces here as a
 * {@link FrameDecodeException}: it is counted, logged once per event, answered with
 * {@link #FAILURE_BAD_FRAME}, and the verticle keeps serving (DESIGN §10).
 */
public final class FrameGuard {

    /** Failure code sent back for a frame that did not decode or had the wrong type. */
    public static final int FAILURE_BAD_FRAME = 400;

    private static final Logger LOG = LoggerFactory.getLogger(FrameGuard.class);

    private final NodeCounters counters;

    public FrameGuard(NodeCounters counters) {
        this.counters = counters;
    }

    /**
     * The decoded body if it is an instance of {@code expected}; otherwise the message is failed
     * with {@link #FAILURE_BAD_FRAME}, counted as a rejected frame, and {@code null} is returned.
     */
    public <T> T body(Message<?> message, Class<T> expected) {
        Object body;
        try {
            body = message.body();
        } catch (FrameDecodeException e) {
            reject(message, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // a codec must only throw FrameDecodeException; anything else is still a bad frame, not a crash
            reject(message, "undecodable frame: " + e);
            return null;
        }
        if (!expected.isInstance(body)) {
            reject(message, "unexpected message type " + (body == null ? "null" : body.getClass().getName())
                    + " at " + message.address() + " (expected " + expected.getSimpleName() + ")");
            return null;
        }
        return expected.cast(body);
    }

    /** Rejects a message that decoded but does not belong at this address: counted, answered 400. */
    public void reject(Message<?> message, String why) {
        counters.increment(NodeCounters.REJECTED_FRAMES);
        LOG.warn("rejected frame at {}: {}", message.address(), why);
        if (message.replyAddress() != null) {
            message.fail(FAILURE_BAD_FRAME, why);
        }
    }
}
