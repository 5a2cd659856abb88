package io.procshare.node.cli;

import io.procshare.node.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code procshare cluster start|stop}: a local cluster of node JVMs on loopback. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Start or stop a local cluster of node processes on loopback.",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class})
final class ClusterCommand {

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start N nodes in the background; return once all have joined (logs, pids, nodes.json in DIR).")
    static final class Start implements Callable<Integer> {
        @Option(names = "--nodes", paramLabel = "N", required = true, description = "how many nodes (1-32)")
        int nodes;

        @Option(names = "--dir", paramLabel = "DIR", description = "state directory (default: .procshare)")
        Path dir = NodesFile.DEFAULT_DIR;

        @Option(names = "--timeout", paramLabel = "S", description = "seconds to wait for all to join (default: 60)")
        int timeoutSeconds = 60;

        @Option(names = "--transport", paramLabel = "T", description = "auto (default), io_uring, epoll or nio")
        String transport = "auto";

        @Option(names = "--secret", paramLabel = "S",
                description = "close the cluster with this secret (default: $PROCSHARE_SECRET; none: open). The nodes "
                        + "get it in their environment; clients with the same --dir find its bridge token in DIR/bridge-token")
        String secret;

        @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM CA for TLS (with --tls-cert and --tls-key)")
        Path tlsCa;

        @Option(names = "--tls-cert", paramLabel = "FILE",
                description = "PEM certificate every node presents; must name IP 127.0.0.1 (scripts/make-test-certs.sh)")
        Path tlsCert;

        @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of that certificate")
        Path tlsKey;

        /** The environment the secret may come from; tests replace it. */
        Map<String, String> env = System.getenv();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (nodes < 1 || nodes > 32) {
                throw new ParameterException(spec.commandLine(), "--nodes: " + nodes + " is not in 1..32");
            }
            new ClusterLauncher(dir, System.out).start(nodes, timeoutSeconds * 1000L, transport, security());
            return 0;
        }

        ClusterLauncher.Security security() {
            String raw = ClientCredentials.rawSecret(secret, env);
            NodeConfig.Tls tls = tlsCa == null && tlsCert == null && tlsKey == null ? null
                    : new NodeConfig.Tls(tlsCa, tlsCert, tlsKey);
            return new ClusterLauncher.Security(raw, tls);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop exactly the nodes that `cluster start` recorded in DIR/nodes.json.")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "state directory (default: .procshare)")
        Path dir = NodesFile.DEFAULT_DIR;

        @Override
        public Integer call() {
            new ClusterLauncher(dir, System.out).stop();
            return 0;
        }
    }
}
