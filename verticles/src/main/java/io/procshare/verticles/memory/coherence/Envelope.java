package io.procshare.verticles.memory.coherence;

import java.util.Objects;

/**
 * One message to send: a protocol handler's output. {@code to} is the destination node id; the
 * message type says which side there handles it (see {@link CoherenceMessage}).
 */
public record Envelope(String to, CoherenceMessage message) {

    public Envelope {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
    }
}
