package io.procshare.node.bridge;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The bounds of a node's client bridge (node.json {@code "bridge"}; issue 15). A bad value stops
 * the node at startup with a message naming the key.
 *
 * @param maxFrameBytes         the largest frame a client may send, checked on its 4-byte length
 *                              prefix before any of its body is read; a larger one closes the
 *                              connection ({@code bridge.oversizedFrames}). Default 4 MiB
 * @param maxConnections        client connections a node holds at once; one more is closed at once
 *                              ({@code bridge.refusedConnections}). Default 512
 * @param maxUnauthenticated    of those, connections that have not yet sent a first valid frame
 *                              (in a closed cluster: one with the token). Default 64
 * @param authDeadlineMs        a connection without a first valid frame by then is closed
 *                              ({@code bridge.authTimeouts}). Default 10000
 * @param killAnyInOpenCluster  in an open cluster only: a kill without the process's capability is
 *                              accepted (whoever reaches the bridge is the operator). Default false;
 *                              a closed cluster ignores it
 * @param statusAnyInOpenCluster in an open cluster only: {@code procshare.status} shows a bridge
 *                              client the details of every process, not only of those whose
 *                              capability it presents. Default false; a closed cluster ignores it
 */
public record BridgeLimits(int maxFrameBytes, int maxConnections, int maxUnauthenticated, long authDeadlineMs,
                           boolean killAnyInOpenCluster, boolean statusAnyInOpenCluster) {

    public static final BridgeLimits DEFAULTS = new BridgeLimits(4 << 20, 512, 64, 10_000, false, false);

    /** The first frame of a connection, which must authenticate it, is at most this large. */
    public static final int FIRST_FRAME_MAX = 64 << 10;

    static final List<String> KEYS = List.of("maxFrameBytes", "maxConnections", "maxUnauthenticated", "authDeadlineMs",
            "killAnyInOpenCluster", "statusAnyInOpenCluster");

    public BridgeLimits {
        check("maxFrameBytes", maxFrameBytes, 1024, 1 << 30);
        check("maxConnections", maxConnections, 1, 1_000_000);
        check("maxUnauthenticated", maxUnauthenticated, 1, maxConnections);
        check("authDeadlineMs", authDeadlineMs, 100, 3_600_000);
    }

    /** Bounds with every process's status scoped to its submitter ({@code statusAnyInOpenCluster} false). */
    public BridgeLimits(int maxFrameBytes, int maxConnections, int maxUnauthenticated, long authDeadlineMs,
                        boolean killAnyInOpenCluster) {
        this(maxFrameBytes, maxConnections, maxUnauthenticated, authDeadlineMs, killAnyInOpenCluster, false);
    }

    /** The limit of a connection's first frame: {@link #FIRST_FRAME_MAX}, or less when every frame is smaller. */
    public int firstFrameMax() {
        return Math.min(FIRST_FRAME_MAX, maxFrameBytes);
    }

    /** Reads node.json's {@code "bridge"} value: absent or null gives the defaults, a missing key its default. */
    public static BridgeLimits fromJson(Object value) {
        if (value == null) {
            return DEFAULTS;
        }
        if (!(value instanceof JsonObject j)) {
            throw new IllegalArgumentException("bridge: must be an object with " + KEYS + ", was " + value);
        }
        for (String key : j.fieldNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("bridge." + key + ": unknown key, expected one of " + KEYS);
            }
        }
        return new BridgeLimits(
                (int) number(j, "maxFrameBytes", DEFAULTS.maxFrameBytes),
                (int) number(j, "maxConnections", DEFAULTS.maxConnections),
                (int) number(j, "maxUnauthenticated", DEFAULTS.maxUnauthenticated),
                number(j, "authDeadlineMs", DEFAULTS.authDeadlineMs),
                flag(j, "killAnyInOpenCluster", DEFAULTS.killAnyInOpenCluster),
                flag(j, "statusAnyInOpenCluster", DEFAULTS.statusAnyInOpenCluster));
    }

    private static boolean flag(JsonObject j, String key, boolean dflt) {
        Object v = j.getValue(key, dflt);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("bridge." + key + ": must be true or false, was " + v);
        }
        return b;
    }

    private static long number(JsonObject j, String key, long dflt) {
        Object v = j.getValue(key, dflt);
        if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw new IllegalArgumentException("bridge." + key + ": must be a whole number, was " + v);
        }
        return n.longValue();
    }

    private static void check(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("bridge." + key + ": must be from " + min + " to " + max + ", was " + value);
        }
    }
}
