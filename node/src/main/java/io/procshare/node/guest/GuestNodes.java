package io.procshare.node.guest;

import io.procshare.verticles.exec.ClusterNode;
import java.util.List;
import java.util.function.Supplier;

/** Node names for guests: the cluster's members as placement sees them. */
final class GuestNodes {

    private final Supplier<List<ClusterNode>> nodes;

    GuestNodes(Supplier<List<ClusterNode>> nodes) {
        this.nodes = nodes;
    }

    /** The name of node {@code nodeId}, or the id itself when it is not (or no longer) a member. */
    String nameOf(String nodeId) {
        List<ClusterNode> now;
        try {
            now = nodes.get();
        } catch (RuntimeException e) {
            return nodeId; // the node is stopping: its cluster view is gone
        }
        for (ClusterNode n : now) {
            if (n.nodeId().equals(nodeId)) {
                return n.name();
            }
        }
        return nodeId;
    }

    List<String> names() {
        return nodes.get().stream().map(ClusterNode::name).sorted().toList();
    }
}
