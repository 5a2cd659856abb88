package io.procshare.verticles.memory.coherence;

/**
 * The manager's check of a request against the process's address-space map (DESIGN §5): an access
 * outside every mapping, or without the right protection, is answered with status SEGV, never
 * served. The address-space code supplies the real check; {@link #ALLOW_ALL} serves every page.
 */
@FunctionalInterface
public interface AccessCheck {

    /** Serves every request. */
    AccessCheck ALLOW_ALL = (page, access, mapVersion) -> true;

    /**
     * @param page       virtual page number
     * @param access     {@code Access.READ} or {@code Access.WRITE}
     * @param mapVersion the map version the requester checked the fault against
     * @return true to serve the request, false to answer SEGV
     */
    boolean allows(long page, byte access, long mapVersion);
}
