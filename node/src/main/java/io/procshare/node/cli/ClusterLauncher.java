package io.procshare.node.cli;

import io.procshare.node.ClusterSecret;
import io.procshare.node.JvmFlags;
import io.procshare.node.NodeConfig;
import io.procshare.node.client.BridgeClient;
import io.procshare.node.client.BridgeSecurity;
import io.procshare.verticles.Addresses;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops a local cluster: N node JVMs on 127.0.0.1, each in its own session (so that a
 * Ctrl-C in the terminal that started them does not kill them), with logs and pid files in DIR and
 * {@code DIR/nodes.json} naming each one. {@code start} returns only when every node reports the
 * full membership, or fails with the tail of the log of the node that did not make it.
 *
 * <p>With a {@link Security#secret()} the nodes get it in their environment ({@code PROCSHARE_SECRET},
 * never on a command line that {@code ps} shows) and {@code DIR/bridge-token} (0600) gets the
 * bridge token derived from it, for the cluster's clients; with {@link Security#tls()} every node
 * uses the same certificate (it must name 127.0.0.1) and {@code DIR/nodes.json} records the CA.
 */
final class ClusterLauncher {

    private static final String HOST = "127.0.0.1";
    private static final int CLUSTER_PORT_BASE = 5701;
    private static final int BRIDGE_PORT_BASE = 7000;
    private static final int HTTP_PORT_BASE = 8700;
    private static final int LOG_TAIL_LINES = 40;

    private final Path dir;
    private final PrintStream out;

    /**
     * How the local cluster is closed: {@code secret} null for an open cluster, {@code tls} null
     * for none.
     */
    record Security(String secret, NodeConfig.Tls tls) {
        static final Security NONE = new Security(null, null);

        Security {
            if (secret != null) {
                ClusterSecret.of("--secret", secret); // an empty one fails here, before any node starts
            }
            if (tls != null) {
                tls = new NodeConfig.Tls(existing("--tls-ca", tls.ca()), existing("--tls-cert", tls.cert()),
                        existing("--tls-key", tls.key()));
            }
        }

        private static Path existing(String flag, Path file) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(flag + ": no such file: " + file.toAbsolutePath());
            }
            return file.toAbsolutePath().normalize();
        }

        /** What this launcher's own client (and the cluster's clients) send and trust. */
        BridgeSecurity bridge() {
            return BridgeSecurity.of(secret == null ? null : ClusterSecret.of("--secret", secret),
                    tls == null ? null : tls.ca());
        }
    }

    ClusterLauncher(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    /** {@link #start(int, long, String, Security)} of an open cluster without TLS. */
    void start(int n, long timeoutMs, String transport) {
        start(n, timeoutMs, transport, Security.NONE);
    }

    void start(int n, long timeoutMs, String transport, Security security) {
        Optional<NodesFile> existing = NodesFile.read(dir);
        if (existing.isPresent()) {
            List<String> alive = existing.get().nodes().stream().filter(e -> isOurNode(e.pid()))
                    .map(e -> e.name() + " (pid " + e.pid() + ")").toList();
            if (!alive.isEmpty()) {
                throw new IllegalStateException("a cluster started from " + dir + " is still running: " + alive
                        + "; run `procshare cluster stop --dir " + dir + "` first");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Path jar = ownJar();
        TokenFile.delete(dir); // a token left by an earlier cluster must not outlive it
        BridgeSecurity client = security.bridge();

        Set<Integer> taken = new HashSet<>();
        List<Integer> clusterPorts = new ArrayList<>();
        List<Integer> bridgePorts = new ArrayList<>();
        List<Integer> httpPorts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clusterPorts.add(freePort(CLUSTER_PORT_BASE, taken));
            bridgePorts.add(freePort(BRIDGE_PORT_BASE, taken));
            httpPorts.add(freePort(HTTP_PORT_BASE, taken));
        }
        String members = String.join(",", clusterPorts.stream().map(p -> HOST + ":" + p).toList());

        long t0 = System.nanoTime();
        List<NodesFile.Entry> entries = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        // node1 seeds the cluster alone (a TCP/IP join that waits for members not yet listening costs
        // seconds); the others start together once node1's member port accepts, and join it
        for (int i = 0; i < n; i++) {
            String seedOnly = HOST + ":" + clusterPorts.get(0);
            launch(i, clusterPorts.get(i), bridgePorts.get(i), httpPorts.get(i), i == 0 ? seedOnly : members, transport,
                    security, jar, entries, processes);
            if (i == 0 && n > 1) {
                try {
                    awaitPort(clusterPorts.get(0), entries.get(0), processes.get(0), t0 + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
                } catch (RuntimeException e) {
                    killAll(processes);
                    throw e;
                }
            }
        }
        String tlsCa = security.tls() == null ? null : security.tls().ca().toString();
        new NodesFile(entries, System.currentTimeMillis(), 0, tlsCa).write(dir);
        if (client.token() != null) {
            TokenFile.write(dir, client.token());
        }
        out.printf("started %d node processes; waiting for them to join (logs in %s)%n", n, dir);

        try {
            awaitFormation(entries, processes, n, t0, timeoutMs, client);
        } catch (RuntimeException e) {
            killAll(processes);
            deleteQuietly(dir.resolve(NodesFile.NAME));
            deleteQuietly(dir.resolve(TokenFile.NAME));
            throw e;
        }
        long formationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        new NodesFile(entries, System.currentTimeMillis(), formationMs, tlsCa).write(dir);
        out.printf("cluster of %d nodes formed in %.1f s%n", n, formationMs / 1000.0);
        for (NodesFile.Entry e : entries) {
            out.printf("  %-8s pid %-8d cluster %-16s bridge %-16s console %s%n", e.name(), e.pid(), e.cluster(),
                    e.bridge(), e.console());
        }
        if (security.secret() != null) {
            out.printf("  closed cluster: clients with --dir %s use the bridge token in %s%n", dir,
                    dir.resolve(TokenFile.NAME));
        }
        if (tlsCa != null) {
            out.printf("  TLS on the event bus and the bridges; clients with --dir %s trust %s%n", dir, tlsCa);
        }
    }

    private void launch(int i, int clusterPort, int bridgePort, int httpPort, String members, String transport,
                        Security security, Path jar, List<NodesFile.Entry> entries, List<Process> processes) {
        String name = "node" + (i + 1);
        Path log = dir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(javaBinary());
        cmd.addAll(JvmFlags.FLAGS);
        cmd.addAll(List.of("-jar", jar.toString(), "node", "--name", name,
                "--cluster-host", HOST, "--cluster-port", String.valueOf(clusterPort),
                "--bridge-host", HOST, "--bridge-port", String.valueOf(bridgePort),
                "--http-port", String.valueOf(httpPort),
                "--members", members, "--transport", transport,
                "--data-dir", dir.resolve("data").resolve(name).toString()));
        if (security.tls() != null) {
            cmd.addAll(List.of("--tls-ca", security.tls().ca().toString(), "--tls-cert", security.tls().cert().toString(),
                    "--tls-key", security.tls().key().toString()));
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // the environment, not the command line: another user's `ps` shows command lines
            if (security.secret() != null) {
                pb.environment().put(ClusterSecret.ENV, security.secret());
            } else {
                pb.environment().remove(ClusterSecret.ENV);
            }
            Process p = pb.start();
            processes.add(p);
            // setsid execs java: the pid we started is the node's
            Files.writeString(dir.resolve(name + ".pid"), p.pid() + "\n");
            entries.add(new NodesFile.Entry(name, p.pid(), HOST + ":" + clusterPort, HOST + ":" + bridgePort,
                    log.toString(), (security.tls() != null ? "https" : "http") + "://" + HOST + ":" + httpPort + "/"));
        } catch (IOException e) {
            killAll(processes);
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the seed node's member port accepts connections, or it dies, or the deadline passes. */
    private static void awaitPort(int port, NodesFile.Entry entry, Process process, long deadlineNanos) {
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(entry.name() + " exited with status " + process.exitValue()
                        + " while starting; end of " + entry.log() + ":\n" + tail(Path.of(entry.log())));
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(entry.name() + " did not open its member port " + port
                        + " in time; end of " + entry.log() + ":\n" + tail(Path.of(entry.log())));
            }
            sleep(100);
        }
    }

    private void awaitFormation(List<NodesFile.Entry> entries, List<Process> processes, int n, long t0, long timeoutMs,
                                BridgeSecurity client) {
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean[] joined = new boolean[n];
        String[] lastError = new String[n];
        int lastReported = -1;
        while (true) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (!processes.get(i).isAlive()) {
                    throw new IllegalStateException(entries.get(i).name() + " exited with status "
                            + processes.get(i).exitValue() + " before the cluster formed; end of "
                            + entries.get(i).log() + ":\n" + tail(Path.of(entries.get(i).log())));
                }
                if (!joined[i]) {
                    joined[i] = seesMembers(entries.get(i), n, client, lastError, i);
                }
                count += joined[i] ? 1 : 0;
            }
            if (count == n) {
                return;
            }
            if (count != lastReported) {
                out.printf("  %d/%d nodes joined (%.1f s)%n", count, n, (System.nanoTime() - t0) / 1e9);
                lastReported = count;
            }
            if (System.nanoTime() > deadline) {
                int slow = 0;
                while (joined[slow]) {
                    slow++;
                }
                throw new IllegalStateException("only " + count + " of " + n + " nodes joined within " + timeoutMs
                        + " ms" + (lastError[slow] == null ? "" : "; asking " + entries.get(slow).name() + " last failed: "
                        + lastError[slow]) + "; end of " + entries.get(slow).log() + ":\n"
                        + tail(Path.of(entries.get(slow).log())));
            }
            sleep(250);
        }
    }

    /**
     * True when the node's bridge answers and its status lists {@code n} members, all answering;
     * why not is kept in {@code lastError[i]} for the timeout's message.
     *
     * @throws IllegalStateException when the node refuses the launcher's secret: waiting cannot help
     */
    private static boolean seesMembers(NodesFile.Entry node, int n, BridgeSecurity client, String[] lastError, int i) {
        String bridge = node.bridge();
        int colon = bridge.lastIndexOf(':');
        try (BridgeClient c = BridgeClient.connect(bridge.substring(0, colon), Integer.parseInt(bridge.substring(colon + 1)),
                500, client)) {
            JsonObject status = c.request(Addresses.CLIENT_STATUS, new JsonObject(), 3000);
            long ok = status.getJsonArray("members").stream()
                    .filter(m -> !((JsonObject) m).containsKey("error")).count();
            return status.getInteger("clusterSize", 0) == n && ok == n;
        } catch (BridgeClient.Unauthorized e) {
            throw new IllegalStateException(node.name() + " refused `cluster start`'s own client: missing or wrong "
                    + "secret. The nodes take --secret / " + ClusterSecret.ENV + " from here, else a \"secret\" in "
                    + "conf/node.json: give `cluster start` the same one", e);
        } catch (BridgeClient.BridgeException e) {
            lastError[i] = e.getMessage();
            return false;
        }
    }

    void stop() {
        Optional<NodesFile> file = NodesFile.read(dir);
        if (file.isEmpty()) {
            out.println("no cluster recorded in " + dir.resolve(NodesFile.NAME) + ": nothing to stop");
            return;
        }
        List<ProcessHandle> stopping = new ArrayList<>();
        for (NodesFile.Entry e : file.get().nodes()) {
            Optional<ProcessHandle> h = ProcessHandle.of(e.pid());
            if (h.isPresent() && isOurNode(e.pid())) {
                h.get().destroy(); // SIGTERM: the node leaves the cluster and exits 0
                stopping.add(h.get());
                out.printf("stopping %s (pid %d)%n", e.name(), e.pid());
            } else {
                out.printf("%s (pid %d) is not running%n", e.name(), e.pid());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle h : stopping) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception timeout) {
                out.printf("pid %d did not stop within 20 s: killing it%n", h.pid());
                h.destroyForcibly();
            }
        }
        for (NodesFile.Entry e : file.get().nodes()) {
            deleteQuietly(dir.resolve(e.name() + ".pid"));
        }
        deleteQuietly(dir.resolve(NodesFile.NAME));
        deleteQuietly(dir.resolve(TokenFile.NAME));
        out.printf("stopped %d nodes%n", stopping.size());
    }

    /** Guards against pid reuse: only a live JVM running our jar's {@code node} command is ours. */
    private static boolean isOurNode(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(h -> h.info().commandLine())
                .map(cl -> cl.contains("procshare") && cl.contains(" node "))
                .orElse(false);
    }

    private static void killAll(List<Process> processes) {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static int freePort(int from, Set<Integer> taken) {
        for (int port = from; port < from + 1000; port++) {
            if (taken.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
                s.setReuseAddress(true);
                taken.add(port);
                return port;
            } catch (IOException inUse) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in " + from + ".." + (from + 999) + " on " + HOST);
    }

    static Path ownJar() {
        try {
            Path p = Path.of(ClusterLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                return p;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the property
        }
        String prop = System.getProperty("procshare.jar");
        if (prop != null && Files.isRegularFile(Path.of(prop))) {
            return Path.of(prop);
        }
        throw new IllegalStateException("cannot find procshare.jar to start nodes with; run from the fat jar "
                + "(scripts/procshare) or set -Dprocshare.jar=PATH");
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale file is harmless: start checks the pids it names
        }
    }
}
