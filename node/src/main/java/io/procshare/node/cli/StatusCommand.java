package io.procshare.node.cli;

import io.procshare.node.client.BridgeClient;
import io.procshare.node.status.StatusScope;
import io.procshare.verticles.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code procshare status}: members of the cluster and its running processes, as one node sees them. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the cluster's members (name, id, address, bridge, transport, uptime) and per node the "
                + "rejected frames, page faults, invalidations, pages held read-only (RO) and read-write (RW), and the "
                + "threads not yet exited of the processes homed there (THREADS; --json lists them). Then the running "
                + "processes: pid, home, task, live threads per node, pages per node (read-only/read-write), and page "
                + "faults and forwarded syscalls per second since the previous status query answered by the same node "
                + "(or since the process started). Details are shown of the processes whose capability is in "
                + "DIR/pids (the ones this user submitted with the same --dir); of the others only pid and home, "
                + "unless the cluster is open and its nodes allow it (bridge.statusAnyInOpenCluster).")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    NodeTarget target = new NodeTarget();

    @Option(names = "--json", description = "print the stable JSON form (see README)")
    boolean json;

    @Option(names = "--timeout", paramLabel = "MS", description = "deadline of the request (default: 10000)")
    int timeoutMs = 10_000;

    @Option(names = "--watch", paramLabel = "SECONDS",
            description = "ask again every SECONDS seconds until interrupted (rates are then over that interval)")
    Integer watchSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (watchSeconds != null && watchSeconds < 1) {
            throw new IllegalArgumentException("--watch must be at least 1 second, not " + watchSeconds);
        }
        try (BridgeClient client = target.connect()) {
            while (true) {
                JsonObject status = client.request(Addresses.CLIENT_STATUS, request(target.dir), timeoutMs);
                if (json) {
                    System.out.println(status.encodePrettily());
                } else {
                    if (watchSeconds != null && System.console() != null) {
                        System.out.print("\033[H\033[2J"); // clear the terminal between samples
                    }
                    System.out.print(table(status));
                }
                if (watchSeconds == null) {
                    return 0;
                }
                System.out.flush();
                Thread.sleep(watchSeconds * 1000L);
            }
        }
    }

    /** The body of a status request: the capabilities kept in {@code dir} (at most {@link StatusScope#MAX_CAPS}). */
    static JsonObject request(java.nio.file.Path dir) {
        JsonObject caps = new JsonObject();
        CapabilityFile.all(dir, StatusScope.MAX_CAPS).forEach((pid, cap) -> caps.put(Long.toString(pid), cap));
        return new JsonObject().put("caps", caps);
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
        for (Object o : status.getJsonArray("members")) {
            JsonObject m = (JsonObject) o;
            if (m.getString("console") != null) {
                out.append(String.format("console of %-8s %s%n", m.getString("name"), m.getString("console")));
            }
        }
        out.append('\n').append(processes(status.getJsonArray("processes")));
        return out.toString();
    }

    /** The PROCESSES table of {@code processes[]}; "no processes" when it is empty or absent (an older node). */
    static String processes(JsonArray processes) {
        if (processes == null || processes.isEmpty()) {
            return "no processes\n";
        }
        String fmt = "%-20s %-8s %-24s %-7s %-30s %-40s %9s %10s%n";
        StringBuilder out = new StringBuilder("processes: " + processes.size() + "\n");
        StringBuilder withheld = new StringBuilder();
        out.append(String.format(fmt, "PID", "HOME", "TASK", "STATE", "THREADS", "PAGES",
                "FAULTS/S", "SYSCALLS/S"));
        for (Object o : processes) {
            JsonObject p = (JsonObject) o;
            if (p.getBoolean(StatusScope.WITHHELD, false)) {
                withheld.append("pid ").append(Long.toUnsignedString(p.getLong("pid"))).append(" on ")
                        .append(p.getString("home")).append(": details withheld (not yours)\n");
                continue;
            }
            StringBuilder threads = new StringBuilder();
            p.getJsonObject("threadsPerNode", new JsonObject()).forEach(e ->
                    threads.append(threads.isEmpty() ? "" : " ").append(e.getKey()).append(':').append(e.getValue()));
            StringBuilder pages = new StringBuilder();
            p.getJsonObject("pagesPerNode", new JsonObject()).forEach(e -> {
                JsonObject n = (JsonObject) e.getValue();
                pages.append(pages.isEmpty() ? "" : " ").append(e.getKey()).append(':')
                        .append(n.getInteger("readOnly", 0)).append("ro/").append(n.getInteger("readWrite", 0)).append("rw");
            });
            out.append(String.format(fmt, Long.toUnsignedString(p.getLong("pid")), p.getString("home"),
                    p.getString("task", ""), p.getString("state", ""), threads.isEmpty() ? "-" : threads,
                    pages.isEmpty() ? "-" : pages, rate(p.getDouble("faultsPerSec", 0.0)),
                    rate(p.getDouble("syscallsPerSec", 0.0))));
            JsonObject missed = p.getJsonObject("missedSyscalls", new JsonObject());
            if (!missed.isEmpty()) {
                java.util.TreeMap<Integer, Long> counts = new java.util.TreeMap<>();
                missed.forEach(e -> counts.put(Integer.parseInt(e.getKey()), ((Number) e.getValue()).longValue()));
                out.append("  missed syscalls: ").append(io.procshare.verticles.syscall.MissedSyscalls.describe(counts)).append('\n');
            }
        }
        return out.append(withheld).toString();
    }

    private static String rate(double perSecond) {
        return String.format(java.util.Locale.ROOT, "%.1f", perSecond);
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
