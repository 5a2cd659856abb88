/**
 * The procshare node: one JVM per host, a member of the Hazelcast-clustered Vert.x event bus.
 * {@link io.procshare.node.ProcshareNode} starts one from a {@link io.procshare.node.NodeConfig};
 * {@code io.procshare.node.cli} is the {@code procshare} command line.
 */
package io.procshare.node;
