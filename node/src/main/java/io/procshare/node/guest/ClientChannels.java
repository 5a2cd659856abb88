package io.procshare.node.guest;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client streams of the processes homed on this node, by pid, shared by the services that
 * start processes (submit, run) and the one that carries their clients' io (acks and stdin). Each
 * process has a capability, 128 random bits given only to its submitter, that io must carry.
 */
public final class ClientChannels {

    private final Map<Long, BridgeStreams> byPid = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A fresh unguessable key (32 hex digits). */
    String newKey() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

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
