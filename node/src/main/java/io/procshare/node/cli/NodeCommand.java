package io.procshare.node.cli;

import io.procshare.node.ClusterSecret;
import io.procshare.node.NodeConfig;
import io.procshare.node.ProcshareNode;
import io.procshare.node.console.ConsoleOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code procshare node}: runs one node in the foreground until SIGTERM or SIGINT, then leaves cleanly. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run one procshare node (one per host) until SIGTERM/SIGINT; then leave the cluster and exit 0.")
final class NodeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);

    @Option(names = "--conf", paramLabel = "FILE", description = "node.json (default: conf/node.json, else built-in)")
    Path conf;

    @Option(names = "--name", paramLabel = "N", description = "node name shown by status (default: node-<cluster port>)")
    String name;

    @Option(names = "--cluster-host", paramLabel = "H", description = "interface for Hazelcast and the event bus")
    String clusterHost;

    @Option(names = "--cluster-port", paramLabel = "P", description = "Hazelcast member port")
    Integer clusterPort;

    @Option(names = "--bridge-port", paramLabel = "P", description = "TCP event-bus bridge port for clients")
    Integer bridgePort;

    @Option(names = "--bridge-host", paramLabel = "H", description = "TCP event-bus bridge interface")
    String bridgeHost;

    @Option(names = "--http-port", paramLabel = "P",
            description = "web console and /metrics port, on the bridge's interface (default: node.json's httpPort, "
                    + "else 8700; 0: none)")
    Integer httpPort;

    @Option(names = "--members", paramLabel = "h:p,...", split = ",", description = "Hazelcast TCP/IP join list")
    List<String> members;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where process sandboxes live")
    Path dataDir;

    @Option(names = "--transport", paramLabel = "T", description = "auto (default), io_uring, epoll or nio")
    String transport;

    @Option(names = "--secret", paramLabel = "S",
            description = "shared secret of a closed cluster: needed to join it and to use the bridge (default: "
                    + "$PROCSHARE_SECRET, else node.json's \"secret\"; none: an open cluster). Visible to `ps`: "
                    + "prefer the variable or node.json")
    String secret;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM CA that signed every node's certificate (TLS)")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate of this node, with IP SANs (TLS)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of this node (TLS)")
    Path tlsKey;

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig config = resolve();
        ConsoleOptions console = httpPort != null ? new ConsoleOptions(httpPort) : ConsoleOptions.load(conf);
        ProcshareNode node = ProcshareNode.start(config, console);
        CountDownLatch stop = new CountDownLatch(1);
        // handled here rather than in a shutdown hook so that SIGTERM ends with status 0, not 143
        for (String sig : Arrays.asList("TERM", "INT")) {
            Signal.handle(new Signal(sig), s -> {
                LOG.info("node {}: SIG{} received", config.name(), s.getName());
                stop.countDown();
            });
        }
        System.out.println("procshare node " + node.identity().name() + " up: id " + node.identity().nodeId()
                + ", cluster " + node.identity().clusterAddress() + ", bridge " + node.identity().bridgeAddress()
                + ", transport " + node.identity().transport()
                + (config.secret() == null ? ", open cluster" : ", closed cluster") + (config.tls() == null ? "" : ", TLS")
                + node.consoleUrl().map(u -> ", console " + u).orElse(""));
        node.aloneWarning().ifPresent(w -> System.out.println("procshare node " + node.identity().name() + ": " + w));
        System.out.flush();
        stop.await();
        node.stop();
        return 0;
    }

    /** The environment the secret may come from ({@code PROCSHARE_SECRET}); tests replace it. */
    Map<String, String> env = System.getenv();

    /** node.json, then the flags, then {@code PROCSHARE_SECRET} when no {@code --secret} is given. */
    NodeConfig resolve() {
        NodeConfig c = NodeConfig.load(conf);
        if (name != null) {
            c = c.withName(name);
        }
        if (clusterHost != null || clusterPort != null) {
            boolean defaultName = c.name().equals("node-" + c.clusterPort());
            c = c.withCluster(clusterHost != null ? clusterHost : c.clusterHost(),
                    clusterPort != null ? clusterPort : c.clusterPort());
            if (name == null && defaultName) {
                c = c.withName(null); // re-derived from the new port
            }
        }
        if (members != null) {
            c = c.withMembers(members);
        }
        if (bridgeHost != null || bridgePort != null) {
            c = c.withBridge(bridgeHost != null ? bridgeHost : c.bridgeHost(),
                    bridgePort != null ? bridgePort : c.bridgePort());
        }
        if (dataDir != null) {
            c = c.withDataDir(dataDir);
        }
        if (transport != null) {
            c = c.withTransport(transport);
        }
        ClusterSecret s = ClientCredentials.secret(secret, env);
        if (s != null) {
            c = c.withSecret(s);
        }
        if (tlsCa != null || tlsCert != null || tlsKey != null) {
            NodeConfig.Tls t = c.tls();
            c = c.withTls(new NodeConfig.Tls(tlsCa != null ? tlsCa : t == null ? null : t.ca(),
                    tlsCert != null ? tlsCert : t == null ? null : t.cert(),
                    tlsKey != null ? tlsKey : t == null ? null : t.key()));
        }
        return c;
    }
}
