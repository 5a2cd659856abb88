package io.procshare.node.guest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The capabilities of the processes homed on one node (issue 15, docs/failures.md "Who may touch a
 * process"): 128 random bits per process, in hex, made when the process starts and given only to its
 * submitter; a kill must present it. One instance per node, shared by whatever starts processes for
 * clients ({@code procshare submit}, {@code procshare run}). Thread-safe.
 */
public final class ProcessCapabilities {

    /** What a presented capability is worth for a process. */
    public enum Verdict {
        /** It is the process's capability (or any kill is allowed). */
        ALLOWED,
        /** The process is known here and that is not its capability. */
        DENIED,
        /** No process with a capability by that pid here. */
        UNKNOWN
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<Long, String> byPid = new ConcurrentHashMap<>();
    private final boolean anyKill;

    /** @param anyKill accept every kill, with or without a capability (an open cluster's operator option) */
    public ProcessCapabilities(boolean anyKill) {
        this.anyKill = anyKill;
    }

    /** Makes and keeps {@code pid}'s capability; returns it. */
    public String issue(long pid) {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        String cap = HexFormat.of().formatHex(bits);
        byPid.put(pid, cap);
        return cap;
    }

    /** {@code pid}'s capability, or null. */
    public String of(long pid) {
        return byPid.get(pid);
    }

    /** The process ended (or never started): its capability is worth nothing from now on. */
    public void forget(long pid) {
        byPid.remove(pid);
    }

    /**
     * Whether {@code presented} (anything a client sent, may be null) is {@code pid}'s capability,
     * whatever the operator allows for kills: what {@code procshare.status} asks to show a bridge
     * client a process's details (issue 15). Compared in constant time.
     */
    public boolean holds(long pid, Object presented) {
        String expected = byPid.get(pid);
        return expected != null && presented instanceof String p
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), p.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code presented} (anything a client sent, may be null) lets its holder kill {@code pid}; compared in constant time. */
    public Verdict check(long pid, Object presented) {
        if (anyKill) {
            return Verdict.ALLOWED;
        }
        String expected = byPid.get(pid);
        if (expected == null) {
            return Verdict.UNKNOWN;
        }
        return presented instanceof String p
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), p.getBytes(StandardCharsets.US_ASCII))
                ? Verdict.ALLOWED : Verdict.DENIED;
    }
}
