package io.procshare.node.cli;

import io.procshare.node.NodeConfig;
import io.procshare.node.client.BridgeClient;
import io.procshare.node.litmus.LitmusTest;
import io.procshare.node.litmus.LitmusTests;
import io.procshare.node.litmus.LitmusVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code procshare litmus}: the memory-model litmus suite across real nodes. */
@Command(name = "litmus", mixinStandardHelpOptions = true,
        description = "Run the litmus suite (SB, MP, LB, IRIW, 2+2W, CoRR; atomic accesses) with threads spread over "
                + "the nodes and on one node; count every outcome; exit 1 if any forbidden outcome was seen.")
final class LitmusCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--local", paramLabel = "N", description = "start (and afterwards stop) an N-node loopback cluster")
        Integer local;

        @Option(names = "--node", paramLabel = "host:port", description = "bridge of a running node")
        String node;
    }

    @ArgGroup(exclusive = true)
    Target target = new Target();

    @Option(names = "--iterations", paramLabel = "K", description = "iterations per test and placement (default: 2000)")
    int iterations = 2000;

    @Option(names = "--tests", paramLabel = "T,...", split = ",", description = "subset of SB,MP,LB,IRIW,2+2W,CoRR")
    List<String> tests;

    @Option(names = "--json", description = "print {\"tests\":[…]} on stdout (progress goes to stderr)")
    boolean json;

    @Option(names = "--dir", paramLabel = "DIR", description = "cluster directory (default: .procshare)")
    Path dir = NodesFile.DEFAULT_DIR;

    @Option(names = "--secret", paramLabel = "S",
            description = "secret of a closed cluster; with --local, closes the cluster it starts (default: $PROCSHARE_SECRET)")
    String secret;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "connect to --node with TLS, trusting this PEM CA")
    Path tlsCa;

    @Override
    public Integer call() {
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations: must be >= 1, was " + iterations);
        }
        List<LitmusTest> selected = tests == null ? LitmusTests.ALL : tests.stream().map(LitmusTests::byName).toList();
        PrintStream progress = json ? System.err : System.out;
        ClusterLauncher launcher = null;
        Path clusterDir = dir;
        if (target.local != null) {
            if (target.local < 1 || target.local > 8) {
                throw new IllegalArgumentException("--local: " + target.local + " is not in 1..8");
            }
            clusterDir = dir.resolve("litmus-" + ProcessHandle.current().pid());
            launcher = new ClusterLauncher(clusterDir, progress);
            launcher.start(target.local, 120_000, "auto",
                    new ClusterLauncher.Security(ClientCredentials.rawSecret(secret, System.getenv()), null));
        }
        try {
            NodeConfig.HostPort bridge = target.node != null ? NodeConfig.parseHostPort("--node", target.node)
                    : NodesFile.defaultBridge(clusterDir);
            JsonArray results = new JsonArray();
            long forbidden = 0;
            int timeoutMs = (int) Math.min(Integer.MAX_VALUE, LitmusVerticle.roleTimeoutMs(iterations) + 30_000L);
            try (BridgeClient client = BridgeClient.connect(bridge.host(), bridge.port(), NodeTarget.CONNECT_TIMEOUT_MS,
                    ClientCredentials.resolve(secret, tlsCa, System.getenv(), clusterDir, bridge))) {
                for (LitmusTest test : selected) {
                    for (String placement : List.of("spread", "one-node")) {
                        long t0 = System.nanoTime();
                        JsonObject r = client.request(LitmusVerticle.CLIENT_ADDRESS, new JsonObject()
                                .put("test", test.name()).put("placement", placement).put("iterations", iterations), timeoutMs);
                        results.add(r);
                        forbidden += r.getLong("forbidden");
                        progress.printf("%-5s %-16s %6d iterations  forbidden %d  %s  (%.1f s)%n", r.getString("name"),
                                r.getString("placement"), r.getInteger("iterations"), r.getLong("forbidden"),
                                r.getJsonObject("outcomes").encode(), (System.nanoTime() - t0) / 1e9);
                    }
                }
            }
            if (json) {
                System.out.println(new JsonObject().put("tests", results).encodePrettily());
            } else {
                System.out.println(forbidden == 0 ? "no forbidden outcome" : forbidden + " FORBIDDEN outcomes");
            }
            return forbidden == 0 ? 0 : 1;
        } finally {
            if (launcher != null) {
                launcher.stop();
            }
        }
    }
}
