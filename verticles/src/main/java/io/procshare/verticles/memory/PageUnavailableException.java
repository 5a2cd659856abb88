package io.procshare.verticles.memory;

/**
 * A page cannot be served (DESIGN §10): the process's home left the cluster, it did not answer after
 * every retransmission, or the page's only valid copy was on a node that left. The access did not
 * happen; the process cannot continue correctly and should end with this message.
 */
public final class PageUnavailableException extends RuntimeException {

    public PageUnavailableException(long pid, long page, String node, String why) {
        super("page 0x" + Long.toHexString(page) + " of pid " + pid + " cannot be served on node " + node + ": " + why);
    }
}
