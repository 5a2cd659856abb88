package io.procshare.verticles.memory;

import io.procshare.verticles.memory.coherence.CoherenceMessage;

/** The memory services' point-to-point address suffixes ({@code procshare.<nodeId>.<service>}). */
final class MemoryAddresses {

    /** Node side ({@link PageFaultVerticle}): PageForward, Invalidate, PageData, MapSnapshot pushes. */
    static final String PAGES = "memory.pages";
    /** Home side ({@link InvalidationVerticle}): PageRequest, PageConfirm, InvalidateAck, MapRequest. */
    static final String MANAGER = "memory.manager";

    private MemoryAddresses() {
    }

    /** Which side handles a protocol message follows from its type (see {@link CoherenceMessage}). */
    static String serviceOf(CoherenceMessage m) {
        return switch (m) {
            case CoherenceMessage.Request r -> MANAGER;
            case CoherenceMessage.Confirm c -> MANAGER;
            case CoherenceMessage.InvalidateAck a -> MANAGER;
            default -> PAGES;
        };
    }
}
