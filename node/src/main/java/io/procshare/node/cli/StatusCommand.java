package io.procshare.node.cli;

import io.procshare.node.NodeConfig;
import io.procshare.node.client.BridgeClient;
import io.procshare.verticles.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code procshare status}: members of the cluster, as one node sees them. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the cluster's members (name, id, address, bridge, transport, uptime) and per node the "
                + "rejected frames, page faults, invalidations, pages held read-only (RO) and read-write (RW), and the "
                + "threads not yet exited of the processes homed there (THREADS; --json lists them).")
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--node", paramLabel = "host:port",
            description = "bridge of the node to ask (default: first node of DIR/nodes.json, else 127.0.0.1:7000)")
    String node;

    @Option(names = "--dir", paramLabel = "DIR", description = "cluster directory (default: .procshare)")
    Path dir = NodesFile.DEFAULT_DIR;

    @Option(names = "--json", description = "print the stable JSON form (see README)")
    boolean json;

    @Option(names = "--timeout", paramLabel = "MS", description = "deadline of the request (default: 10000)")
    int timeoutMs = 10_000;

    @Override
    public Integer call() {
        NodeConfig.HostPort target = node != null ? NodeConfig.parseHostPort("--node", node) : NodesFile.defaultBridge(dir);
        JsonObject status;
        try (BridgeClient client = BridgeClient.connect(target.host(), target.port(), 3000)) {
            status = client.request(Addresses.CLIENT_STATUS, new JsonObject(), timeoutMs);
        }
        if (json) {
            System.out.println(status.encodePrettily());
        } else {
            System.out.print(table(status));
        }
        return 0;
    }

    static String table(JsonObject status) {
        StringBuilder out = new StringBuilder();
        out.append("cluster: ").append(status.getInteger("clusterSize")).append(" members (asked ")
                .append(status.getString("queriedNode")).append(")\n");
        String fmt = "%-8s %-36s %-16s %-16s %-9s %8s %8s %8s %8s %6s %6s %7s%n";
        out.append(String.format(fmt, "NAME", "ID", "ADDRESS", "BRIDGE", "TRANSPORT", "UPTIME", "REJECTED",
                "FAULTS", "INVALS", "RO", "RW", "THREADS"));
        for (Object o : status.getJsonArray("members")) {
            JsonObject m = (JsonObject) o;
            if (m.containsKey("error")) {
                out.append(String.format("%-12s %-36s %s%n", "?", m.getString("id"), m.getString("error")));
                continue;
            }
            JsonObject c = m.getJsonObject("counters", new JsonObject());
            out.append(String.format(fmt, m.getString("name"), m.getString("id"), m.getString("address"),
                    m.getString("bridge"), m.getString("transport"), human(m.getLong("uptimeMs", 0L)),
                    c.getLong("rejectedFrames", 0L), c.getLong("memory.faults", 0L),
                    c.getLong("memory.invalidations", 0L), c.getLong("memory.pages.readOnly", 0L),
                    c.getLong("memory.pages.readWrite", 0L), liveThreads(m)));
        }
        return out.toString();
    }

    /** Threads of the processes homed on member {@code m} that have not exited; "?" if it did not say. */
    private static String liveThreads(JsonObject m) {
        JsonArray threads = m.getJsonArray("threads");
        if (threads == null || m.containsKey("threadsError")) {
            return "?";
        }
        return String.valueOf(threads.stream().filter(t -> !"EXITED".equals(((JsonObject) t).getString("state"))).count());
    }

    private static String human(long ms) {
        Duration d = Duration.ofMillis(ms);
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "." + (d.toMillisPart() / 100) + "s";
    }
}
