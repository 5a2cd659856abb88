package io.procshare.node.cli;

import io.procshare.node.NodeConfig;
import io.procshare.node.client.BridgeClient;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.exec.SyscallCounters;
import io.procshare.verticles.memory.MemoryCounters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code procshare demo}: a local 3-node cluster (separate JVMs on loopback), two example
 * processes run across it with one thread per node ({@code matmul}, {@code wordcount}) and an
 * unmodified riscv64 binary (the matmul of tests/riscv, kept in the jar) with its threads spread; for each,
 * its own output, where its threads ran and what each node handled for it (page faults,
 * invalidations, forwarded syscalls); both results checked; the nodes stopped whatever happens.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local 3-node cluster, run matmul and wordcount with 3 threads spread over the nodes "
                + "and a riscv64 Linux binary (matmul, 3 pthreads) the same way, "
                + "show where the threads ran and the page faults, invalidations and forwarded syscalls per node, "
                + "check both results, stop the cluster. Exit 0 when every check passed.")
final class DemoCommand implements Callable<Integer> {

    static final int NODES = 3;
    static final int THREADS = 3;
    /** Matrix size of the riscv64 matmul: its 3 threads and its 1-thread check take a few seconds on the interpreter. */
    static final int RISCV_SIZE = 64;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "directory for the demo cluster's logs and state (default: a fresh temporary directory)")
    Path dir;

    @Option(names = "--size", paramLabel = "N", description = "matmul matrix size (default: 192)")
    int size = 192;

    @Option(names = "--timeout", paramLabel = "S", description = "seconds to wait for the cluster to form (default: 120)")
    int timeoutSeconds = 120;

    @Option(names = "--secret", paramLabel = "S",
            description = "close the demo cluster with this secret, its clients using it (default: $PROCSHARE_SECRET; none: open)")
    String secret;

    @Override
    public Integer call() throws IOException {
        if (size < 1) {
            throw new IllegalArgumentException("--size: must be >= 1, was " + size);
        }
        PrintStream out = System.out;
        PrintStream progress = System.err;
        boolean temporary = dir == null;
        Path clusterDir = temporary ? Files.createTempDirectory("procshare-demo-") : dir;
        List<String> failures = new ArrayList<>();
        progress.println("demo: starting a local " + NODES + "-node cluster in " + clusterDir + " ...");
        ClusterLauncher launcher = new ClusterLauncher(clusterDir, progress);
        ClusterLauncher.Security security =
                new ClusterLauncher.Security(ClientCredentials.rawSecret(secret, System.getenv()), null);
        AtomicBoolean running = new AtomicBoolean();
        // a Ctrl-C must not leave three node JVMs behind (they run in sessions of their own)
        Thread stopOnInterrupt = new Thread(() -> {
            if (running.getAndSet(false)) {
                progress.println("demo: interrupted; stopping the cluster");
                launcher.stop();
            }
        }, "procshare-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            long t0 = System.nanoTime();
            running.set(true);
            launcher.start(NODES, timeoutSeconds * 1000L, "auto", security);
            progress.printf("demo: cluster formed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            NodesFile nodes = NodesFile.read(clusterDir).orElseThrow(
                    () -> new IllegalStateException(clusterDir.resolve(NodesFile.NAME) + " is missing after start"));
            List<String> names = nodes.nodes().stream().map(NodesFile.Entry::name).toList();
            String placement = "spread:" + String.join(",", names);
            NodeConfig.HostPort bridge = NodesFile.defaultBridge(clusterDir);
            try (BridgeClient client = BridgeClient.connect(bridge.host(), bridge.port(), NodeTarget.CONNECT_TIMEOUT_MS,
                    security.bridge())) {
                submit(client, "matmul", List.of("--size", String.valueOf(size)), placement, names, out, failures);
                submit(client, "wordcount", List.of("--generate", "6", "docs"), placement, names, out, failures);
                runRiscv(client, "matmul", List.of(String.valueOf(RISCV_SIZE), String.valueOf(THREADS)), placement, names,
                        out, failures);
            }
        } catch (RuntimeException e) {
            failures.add(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            if (running.getAndSet(false)) {
                progress.println("demo: stopping the cluster");
                try {
                    launcher.stop();
                } catch (RuntimeException e) {
                    failures.add("stopping the cluster: " + e.getMessage());
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the cluster
            }
        }
        out.flush();
        if (!failures.isEmpty()) {
            out.println("demo: FAILED");
            failures.forEach(f -> out.println("  - " + f));
            out.println("  (node logs in " + clusterDir + ")");
            return 1;
        }
        if (temporary) {
            deleteTree(clusterDir);
        }
        out.println("demo: all checks passed");
        return 0;
    }

    /** A Java task with {@link #THREADS} threads. */
    private static void submit(BridgeClient client, String task, List<String> args, String placement, List<String> names,
                               PrintStream out, List<String> failures) {
        run(client, task, task + " " + String.join(" ", args), THREADS + " threads", placement, names, out, failures,
                () -> RemoteProcess.submit(client, new RemoteProcess.Request(task, args, THREADS, placement, null),
                        RemoteProcess.Deadlines.DEFAULT));
    }

    /** A riscv64 program from the jar (built from tests/riscv by scripts/build-riscv-corpus.sh), as procshare run does. */
    private static void runRiscv(BridgeClient client, String program, List<String> args, String placement,
                                 List<String> names, PrintStream out, List<String> failures) {
        byte[] image;
        try (var in = DemoCommand.class.getResourceAsStream("/riscv/" + program)) {
            if (in == null) {
                failures.add("riscv64 " + program + ": not in this jar (riscv/" + program + ")");
                return;
            }
            image = in.readAllBytes();
        } catch (IOException e) {
            failures.add("riscv64 " + program + ": " + e.getMessage());
            return;
        }
        run(client, program, "riscv64 " + program + " " + String.join(" ", args) + " (an unmodified static Linux binary)",
                "main + " + THREADS + " pthreads", placement, names, out, failures,
                () -> RemoteProcess.run(client, new RemoteProcess.RunRequest(program, image, args,
                        RunCommand.environment(List.of()), placement, null, false, new boolean[3]),
                        RemoteProcess.Deadlines.DEFAULT, (sent, total) -> { }));
    }

    /** One process: its output, where its threads ran, what each node handled, and the checks. */
    private static void run(BridgeClient client, String task, String title, String threads, String placement,
                            List<String> names, PrintStream out, List<String> failures,
                            java.util.function.Supplier<RemoteProcess> start) {
        out.println();
        out.println("=== " + title + "  (" + threads + ", placement " + placement + ")");
        Map<String, JsonObject> before = counters(client);
        long t0 = System.nanoTime();
        RemoteProcess process;
        try {
            process = start.get();
        } catch (RemoteProcess.Refused e) {
            failures.add(title + ": refused: " + e.getMessage());
            return;
        }
        out.println("pid " + process.pid() + " started on " + process.home());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        RemoteProcess.Exit exit;
        try {
            exit = process.stream((stream, data) -> {
                PrintStream to = stream == 2 ? System.err : out;
                to.write(data, 0, data.length);
                to.flush();
                captured.write(data, 0, data.length);
            });
        } catch (RemoteProcess.ConnectionLost e) {
            failures.add(title + ": " + e.getMessage());
            return;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, JsonObject> after = counters(client);
        out.printf("--- %s: exit status %d in %.1f s%s%n", task, exit.status(), seconds,
                exit.message().isEmpty() ? "" : " (" + exit.message() + ")");
        out.println("threads:");
        for (RemoteProcess.ThreadPlace t : exit.threads()) {
            out.printf("  thread %-4d ran on %s%s%n", t.gtid(), t.node(), t.node().equals(process.home()) ? " (home)" : "");
        }
        out.print(table(names, exit, before, after));

        if (exit.status() != 0) {
            failures.add(title + ": exit status " + exit.status() + (exit.message().isEmpty() ? "" : ": " + exit.message()));
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        if (!text.contains(task + ": check passed")) {
            failures.add(title + ": no '" + task + ": check passed' line in its output");
        }
        if (exit.threads().isEmpty()) {
            failures.add(title + ": the exit message did not say where its threads ran");
        } else if (exit.nodes().size() < 2) {
            failures.add(title + ": its threads ran on " + exit.nodes() + ", not spread over the nodes");
        }
    }

    /** Per node, what it handled during the run: the difference of its counters after and before. */
    static String table(List<String> names, RemoteProcess.Exit exit, Map<String, JsonObject> before,
                        Map<String, JsonObject> after) {
        StringBuilder sb = new StringBuilder("per node during this run:\n");
        String fmt = "  %-8s %7s %8s %8s %10s %10s%n";
        sb.append(String.format(fmt, "NODE", "THREADS", "FAULTS", "INVALS", "SYSC-FWD", "SYSC-EXEC"));
        for (String name : names) {
            long threads = exit.threads().stream().filter(t -> t.node().equals(name)).count();
            sb.append(String.format(fmt, name, threads,
                    delta(before, after, name, MemoryCounters.FAULTS),
                    delta(before, after, name, MemoryCounters.INVALIDATIONS),
                    delta(before, after, name, SyscallCounters.FORWARDED),
                    delta(before, after, name, SyscallCounters.EXECUTED)));
        }
        sb.append("  (FAULTS: pages it asked for; INVALS: copies it was told to drop; SYSC-FWD: syscalls it sent\n"
                + "   to the home; SYSC-EXEC: syscalls it executed for threads on other nodes)\n");
        return sb.toString();
    }

    private static String delta(Map<String, JsonObject> before, Map<String, JsonObject> after, String name, String key) {
        JsonObject b = before.get(name);
        JsonObject a = after.get(name);
        if (a == null || b == null) {
            return "?";
        }
        return String.valueOf(a.getLong(key, 0L) - b.getLong(key, 0L));
    }

    /** Each member's counters by node name, from {@code procshare.status}; members that did not answer are left out. */
    static Map<String, JsonObject> counters(BridgeClient client) {
        JsonObject status = client.request(Addresses.CLIENT_STATUS, new JsonObject(), 10_000);
        Map<String, JsonObject> byName = new LinkedHashMap<>();
        for (Object o : status.getJsonArray("members", new JsonArray())) {
            JsonObject m = (JsonObject) o;
            if (!m.containsKey("error") && m.getString("name") != null) {
                byName.put(m.getString("name"), m.getJsonObject("counters", new JsonObject()));
            }
        }
        return byName;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("demo: could not delete " + root + ": " + e.getMessage());
        }
    }
}
