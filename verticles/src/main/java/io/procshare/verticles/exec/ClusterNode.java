package io.procshare.verticles.exec;

import java.util.Objects;

/**
 * One member of the cluster as placement sees it: the name an operator gives it ({@code node1}) and
 * the Vert.x node id its point-to-point addresses use.
 *
 * @param name   the node's configured name, unique in the cluster
 * @param nodeId its Vert.x node id
 */
public record ClusterNode(String name, String nodeId) {

    public ClusterNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodeId, "nodeId");
    }
}
