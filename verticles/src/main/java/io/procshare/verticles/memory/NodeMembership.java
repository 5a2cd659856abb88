package io.procshare.verticles.memory;

import java.util.function.Consumer;

/**
 * Where the memory verticles learn that a node left the cluster (DESIGN §10). The node module
 * implements it with Hazelcast's membership listener, reporting the Vert.x node id of the member
 * that left; the callback may run on any thread.
 */
@FunctionalInterface
public interface NodeMembership {

    /** Never reports anything: for single-node tests. */
    NodeMembership NONE = listener -> () -> { };

    /** Calls {@code listener} with the node id of every node that leaves; close the result to stop. */
    AutoCloseable onNodeLost(Consumer<String> listener);
}
