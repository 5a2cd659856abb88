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
    /** Cluster-wide JSON status for bridge clients (the CLI): any node answers for the cluster. */
    public static final String CLIENT_STATUS = "procshare.status";

    private Addresses() {
    }

    /** {@code procshare.<nodeId>.<service>}. */
    public static String of(String nodeId, String service) {
        return "procshare." + nodeId + "." + service;
    }
}
