package io.procshare.verticles;

/**
 * Event-bus addresses (DESIGN §4): point-to-point services are {@code procshare.<nodeId>.<service>};
 * cluster-wide services are {@code procshare.<service>}.
 */
public final class Addresses {

    /** Per-node status: {@code StatusRequest} in, {@code StatusReply} out (binary codecs). */
    public static final String STATUS = "status";
    /** Per-node echo probe: any procshare message in, the same message out. */
    public static final String ECHO = "echo";
    /**
     * JSON status for bridge clients (the CLI): the node the client is connected to answers for the
     * cluster (a local consumer on every node, so a request never lands on a cut-off member).
     */
    public static final String CLIENT_STATUS = "procshare.status";
    /**
     * The members the client's node sees now ({@code members[]} of {@code id} and {@code name}),
     * answered at once without asking them: how a client checks that its process's home is alive.
     */
    public static final String CLIENT_MEMBERS = "procshare.members";

    private Addresses() {
    }

    /** {@code procshare.<nodeId>.<service>}. */
    public static String of(String nodeId, String service) {
        return "procshare." + nodeId + "." + service;
    }
}
