package io.procshare.node.cli;

import io.procshare.node.NodeConfig;
import io.procshare.node.client.BridgeClient;
import io.procshare.node.client.BridgeSecurity;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of a client command that say which node's bridge to talk to and how (a picocli
 * mixin). {@code --node} wins; else the first node of {@code DIR/nodes.json} (written by
 * {@code cluster start}); else 127.0.0.1:7000. {@code --secret} and {@code --tls-ca}, else their
 * environment variables, else what {@code cluster start} left in DIR ({@link ClientCredentials}).
 */
final class NodeTarget {

    /** How long a client waits for a node's bridge to accept the connection. */
    static final int CONNECT_TIMEOUT_MS = 3000;

    @Option(names = "--node", paramLabel = "host:port",
            description = "bridge of the node to talk to (default: first node of DIR/nodes.json, else 127.0.0.1:7000)")
    String node;

    @Option(names = "--dir", paramLabel = "DIR", description = "cluster directory (default: .procshare)")
    Path dir = NodesFile.DEFAULT_DIR;

    @Option(names = "--secret", paramLabel = "S",
            description = "secret of a closed cluster (default: $PROCSHARE_SECRET, else DIR/bridge-token when "
                    + "DIR/nodes.json names the node); visible to `ps`: prefer the variable")
    String secret;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "connect with TLS, trusting the CA certificate in FILE (default: $PROCSHARE_TLS_CA, else "
                    + "the CA `cluster start --tls-ca` recorded in DIR/nodes.json when it names the node)")
    Path tlsCa;

    /** The bridge these options name. */
    NodeConfig.HostPort bridge() {
        return node != null ? NodeConfig.parseHostPort("--node", node) : NodesFile.defaultBridge(dir);
    }

    /** The token and CA for that bridge. */
    BridgeSecurity security() {
        return ClientCredentials.resolve(secret, tlsCa, System.getenv(), dir, bridge());
    }

    /**
     * A connection to that bridge.
     *
     * @throws BridgeClient.BridgeException saying how to start a node when none answers
     */
    BridgeClient connect() {
        return connect(CONNECT_TIMEOUT_MS);
    }

    /** A connection to that bridge, waiting at most {@code timeoutMs} for it to accept. */
    BridgeClient connect(int timeoutMs) {
        NodeConfig.HostPort b = bridge();
        if (new java.net.InetSocketAddress(b.host(), b.port()).isUnresolved()) {
            throw new BridgeClient.BridgeException("unknown host '" + b.host() + "'" + (node != null ? " in --node " + node
                    : " in " + dir.resolve(NodesFile.NAME)) + ": no such name in DNS or /etc/hosts", null);
        }
        return BridgeClient.connect(b.host(), b.port(), timeoutMs, security());
    }
}
