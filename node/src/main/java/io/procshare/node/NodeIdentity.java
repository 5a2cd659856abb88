package io.procshare.node;

/**
 * Who a running node is, as {@code procshare status} reports it.
 *
 * @param name            configured name ({@code node1})
 * @param nodeId          Vert.x/Hazelcast member id, the {@code <nodeId>} in {@code procshare.<nodeId>.<service>}
 * @param clusterAddress  Hazelcast member address, {@code host:port}
 * @param bridgeAddress   TCP event-bus bridge for clients, {@code host:port}
 * @param transport       {@code io_uring}, {@code epoll} or {@code nio}
 * @param startedAtMillis wall-clock start time
 */
public record NodeIdentity(String name, String nodeId, String clusterAddress, String bridgeAddress,
                           String transport, long startedAtMillis) {
}
