package io.procshare.node.guest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client streams of the processes homed on this node, by pid, shared by the services that
 * start processes (submit, run) and the one that carries their clients' io (acks and stdin). Each
 * process's streams hold its capability ({@link ProcessCapabilities}), which io must carry.
 */
public final class ClientChannels {

    private final Map<Long, BridgeStreams> byPid = new ConcurrentHashMap<>();
    void put(long pid, BridgeStreams streams) {
        byPid.put(pid, streams);
    }

    BridgeStreams get(long pid) {
        return byPid.get(pid);
    }

    BridgeStreams remove(long pid) {
        return byPid.remove(pid);
    }

    /** The streams of {@code pid} if {@code key} is its capability (compared in constant time), else null. */
    BridgeStreams authorised(long pid, String key) {
        BridgeStreams s = byPid.get(pid);
        if (s == null || key == null || !java.security.MessageDigest.isEqual(
                s.key().getBytes(java.nio.charset.StandardCharsets.US_ASCII), key.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return null;
        }
        return s;
    }
}
