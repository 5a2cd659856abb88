package io.procshare.node.cli;

import io.procshare.node.NodeConfig;
import io.procshare.node.client.BridgeClient;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code --node host:port} / {@code --dir DIR} options of a client command (a picocli mixin):
 * which node's bridge to talk to. {@code --node} wins; else the first node of
 * {@code DIR/nodes.json} (written by {@code cluster start}); else 127.0.0.1:7000.
 */
final class NodeTarget {

    /** How long a client waits for a node's bridge to accept the connection. */
    static final int CONNECT_TIMEOUT_MS = 3000;

    @Option(names = "--node", paramLabel = "host:port",
            description = "bridge of the node to talk to (default: first node of DIR/nodes.json, else 127.0.0.1:7000)")
    String node;

    @Option(names = "--dir", paramLabel = "DIR", description = "cluster directory (default: .procshare)")
    Path dir = NodesFile.DEFAULT_DIR;

    /** The bridge these options name. */
    NodeConfig.HostPort bridge() {
        return node != null ? NodeConfig.parseHostPort("--node", node) : NodesFile.defaultBridge(dir);
    }

    /**
     * A connection to that bridge.
     *
     * @throws BridgeClient.BridgeException saying how to start a node when none answers
     */
    BridgeClient connect() {
        NodeConfig.HostPort b = bridge();
        return BridgeClient.connect(b.host(), b.port(), CONNECT_TIMEOUT_MS);
    }
}
