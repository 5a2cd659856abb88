package io.procshare.verticles.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a process's new threads run (DESIGN §6, clone; issue 5 item 2). Sans-IO: given the
 * cluster's nodes, {@link #choose} names the node of the next thread. The policies:
 * <ul>
 *   <li>{@code spread} (the default): round-robin over every node, ordered by name, starting with
 *       the node after the home, so that N threads on N nodes put one on each;</li>
 *   <li>{@code spread:NAME,NAME,...}: round-robin over those nodes only, so that two processes can
 *       share different sets of nodes (the paper's Figure 2);</li>
 *   <li>{@code pack}: every thread on the home;</li>
 *   <li>{@code NAME} (or {@code node:NAME}): every thread on that node.</li>
 * </ul>
 * A thread may also name its node itself ({@link #choose}'s {@code requested}); that overrides the
 * policy for that thread and does not advance the round-robin.
 *
 * <pre>{@code
 * Placement p = Placement.parse("spread:node2,node3");
 * p.validate(nodes);                       // fails at submission on an unknown name
 * String nodeId = p.choose(home, null, nodes);
 * }</pre>
 *
 * Thread-safe.
 */
public final class Placement {

    /** The default policy. */
    public static final String DEFAULT = "spread";

    private enum Kind { SPREAD, SPREAD_OVER, PACK, NODE }

    private final Kind kind;
    private final List<String> names;
    private final String text;
    private long next;

    private Placement(Kind kind, List<String> names, String text) {
        this.kind = kind;
        this.names = List.copyOf(names);
        this.text = text;
    }

    /**
     * Parses a policy; null or blank is {@code spread}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code spec}
     */
    public static Placement parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        if (s.isEmpty() || s.equalsIgnoreCase(DEFAULT)) {
            return new Placement(Kind.SPREAD, List.of(), DEFAULT);
        }
        if (s.equalsIgnoreCase("pack")) {
            return new Placement(Kind.PACK, List.of(), "pack");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("spread:")) {
            Set<String> names = new LinkedHashSet<>();
            for (String n : s.substring("spread:".length()).split(",", -1)) {
                String name = n.strip();
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("placement '" + spec + "': empty node name in the list"
                            + " (expected spread:NAME,NAME,...)");
                }
                names.add(name);
            }
            return new Placement(Kind.SPREAD_OVER, new ArrayList<>(names), "spread:" + String.join(",", names));
        }
        String name = lower.startsWith("node:") ? s.substring("node:".length()).strip() : s;
        if (name.isEmpty() || name.contains(",") || name.contains(":") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("placement '" + spec + "' is not spread, spread:NAME,NAME,..., pack or a node name");
        }
        return new Placement(Kind.NODE, List.of(name), name);
    }

    /**
     * Checks that every node the policy names is in {@code nodes}.
     *
     * @throws IllegalArgumentException naming the unknown node and the known ones
     */
    public void validate(List<ClusterNode> nodes) {
        for (String n : names) {
            try {
                byName(n, nodes);
            } catch (IllegalArgumentException e) {
                if (kind != Kind.NODE) {
                    throw e;
                }
                // a lone word is read as a node name: a misspelt policy must still say what the policies are
                String policy = closest(n);
                throw new IllegalArgumentException("placement '" + n + "' is not a policy (spread, spread:NAME,NAME,..., "
                        + "pack) and " + e.getMessage() + (policy == null ? "" : "; did you mean " + policy + "?"), e);
            }
        }
    }

    /** The policy {@code word} is at most two edits from, or null. */
    static String closest(String word) {
        for (String policy : List.of(DEFAULT, "pack")) {
            if (editDistance(word.toLowerCase(Locale.ROOT), policy) <= 2) {
                return policy;
            }
        }
        return null;
    }

    /** Levenshtein distance (also the CLI's "did you mean" for task names). */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * The node id of the next thread.
     *
     * @param homeNodeId the process's home
     * @param requested  a node name the program asked for, or null to follow the policy
     * @param nodes      the cluster's nodes now
     * @throws IllegalArgumentException when a named node is not in the cluster
     */
    public synchronized String choose(String homeNodeId, String requested, List<ClusterNode> nodes) {
        if (requested != null && !requested.isEmpty()) {
            return byName(requested, nodes).nodeId();
        }
        return switch (kind) {
            case PACK -> homeNodeId;
            case NODE -> byName(names.getFirst(), nodes).nodeId();
            case SPREAD -> roundRobin(sorted(nodes), homeNodeId);
            case SPREAD_OVER -> {
                List<ClusterNode> over = new ArrayList<>(names.size());
                for (String n : names) {
                    over.add(byName(n, nodes));
                }
                yield roundRobin(over, homeNodeId);
            }
        };
    }

    private String roundRobin(List<ClusterNode> over, String homeNodeId) {
        if (over.isEmpty()) {
            return homeNodeId;
        }
        int start = 0;
        for (int i = 0; i < over.size(); i++) {
            if (over.get(i).nodeId().equals(homeNodeId)) {
                start = i + 1; // the main thread is on the home: the first new thread goes to the next node
            }
        }
        return over.get((int) ((start + next++) % over.size())).nodeId();
    }

    private static List<ClusterNode> sorted(List<ClusterNode> nodes) {
        List<ClusterNode> s = new ArrayList<>(nodes);
        s.sort(Comparator.comparing(ClusterNode::name).thenComparing(ClusterNode::nodeId));
        return s;
    }

    private static ClusterNode byName(String name, List<ClusterNode> nodes) {
        for (ClusterNode n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no node named '" + name + "' in the cluster (nodes: "
                + String.join(", ", sorted(nodes).stream().map(ClusterNode::name).toList()) + ")");
    }

    @Override
    public String toString() {
        return text;
    }
}
