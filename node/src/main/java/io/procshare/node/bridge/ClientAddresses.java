package io.procshare.node.bridge;

import java.util.Set;
import java.util.UUID;

/**
 * The one list of event-bus addresses a bridge client may use (DESIGN §8, issue 15). Everything
 * else on the event bus, above all a node's internal protocol addresses
 * {@code procshare.<nodeId>.<service>}, is for cluster members only.
 * <ul>
 *   <li><b>Inbound</b> (a client sends or requests): exactly the client services {@link #SERVICES}
 *       and the addresses under {@link #RUN_PREFIX}, plus a client address the same connection
 *       registered (a client may send to itself, as {@code procshare submit} does to see that its
 *       registration is in place).</li>
 *   <li><b>Outbound</b> (a client registers to receive): only addresses under
 *       {@link #CLIENT_PREFIX}. A process's output and exit notices go to such an address, the one
 *       its submitter registered.</li>
 * </ul>
 * Each prefix is a fixed first segment that no internal service uses: internal addresses are
 * {@code procshare.<nodeId>.<service>} with a UUID node id, or {@code procshare.process.ended},
 * and neither {@code client} nor {@code run} is ever a node id ({@link #isReservedSegment}).
 */
public final class ClientAddresses {

    /** Submits a process (cluster-wide). */
    public static final String SUBMIT = "procshare.submit";
    /** Kills a process (cluster-wide; needs the process's capability, {@code docs/failures.md}). */
    public static final String KILL = "procshare.kill";
    /** The cluster's status, answered by the client's own node (a process's details only with its capability, {@code StatusScope}). */
    public static final String STATUS = "procshare.status";
    /** The members the client's own node sees. */
    public static final String MEMBERS = "procshare.members";
    /** The litmus suite. */
    public static final String LITMUS = "procshare.litmus";
    /** {@code procshare run} of a riscv64 binary: the submission (a local consumer on the client's node). */
    public static final String RUN = "procshare.run";
    /** {@code procshare run}'s other services: binary chunks, stdin, acknowledgements ({@code procshare.run.chunk}, …). */
    public static final String RUN_PREFIX = "procshare.run.";
    /** Where a client receives: replies, a process's output and exit. */
    public static final String CLIENT_PREFIX = "procshare.client.";

    /** The fixed client services. */
    public static final Set<String> SERVICES = Set.of(SUBMIT, KILL, STATUS, MEMBERS, LITMUS, RUN);

    /** The longest address a client may name. */
    public static final int MAX_ADDRESS_LENGTH = 200;

    private ClientAddresses() {
    }

    /** True for an address a client may send to whatever it registered: a client service. */
    public static boolean isService(String address) {
        return address != null && (SERVICES.contains(address) || hasTail(address, RUN_PREFIX));
    }

    /** True for an address a client may register, and the only kind a process's output may go to. */
    public static boolean isClientAddress(String address) {
        return address != null && hasTail(address, CLIENT_PREFIX);
    }

    /**
     * True when {@code segment} is the first segment of a client address family
     * ({@code client}, {@code run}, or a service name): a node id must never be one of them, or
     * {@code procshare.<nodeId>.<service>} could match. Node ids are UUIDs; the node checks at start.
     */
    public static boolean isReservedSegment(String segment) {
        return "client".equals(segment) || "run".equals(segment)
                || SERVICES.stream().anyMatch(s -> s.equals("procshare." + segment));
    }

    /** A fresh, unguessable client address ({@value #CLIENT_PREFIX} and a random UUID). */
    public static String newClientAddress() {
        return CLIENT_PREFIX + UUID.randomUUID();
    }

    /** {@code prefix} followed by 1 or more of {@code [A-Za-z0-9._-]}, the whole at most {@link #MAX_ADDRESS_LENGTH}. */
    private static boolean hasTail(String address, String prefix) {
        if (!address.startsWith(prefix) || address.length() == prefix.length() || address.length() > MAX_ADDRESS_LENGTH) {
            return false;
        }
        for (int i = prefix.length(); i < address.length(); i++) {
            char c = address.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
