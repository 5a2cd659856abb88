package io.procshare.node.cli;

import io.procshare.node.ClusterSecret;
import io.procshare.node.NodeConfig;
import io.procshare.node.bridge.BridgeFrameDecoder;
import io.procshare.node.bridge.BridgeLimits;
import io.procshare.node.bridge.BridgeSession;
import io.procshare.node.bridge.ClientAddresses;
import io.procshare.node.bridge.ClientBridge;
import io.procshare.node.client.BridgeClient;
import io.procshare.node.client.BridgeSecurity;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.NodeCounters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: hostile clients against a closed 2-node cluster of real node JVMs
 * ({@code cluster start --nodes 2 --secret S}), with nothing but a TCP socket speaking the bridge's
 * framing, while a victim runs: {@code pipeline} processes, one after another, home node1 with a
 * thread on each node (every push and pop moves a page between the nodes), each submitted by its
 * own {@code procshare submit} JVM. Insiders hold the token (any holder of the secret), outsiders do
 * not. Each attack must be refused and counted, and every victim must pass its own check.
 *
 * <p>During each attack the test asks node1's {@code procshare.status} (what {@code status --json}
 * shows) every 200 ms and keeps the highest {@code jvm.heapUsedBytes} of each node; the table (peak
 * heap per node and attack, the victims that ran meanwhile) goes to
 * {@code node/target/hostile-client-report.txt}.
 */
class HostileClientIT {

    private static final String SECRET = "hostile clients are not welcome";
    static final String TOKEN = ClusterSecret.of("test", SECRET).bridgeToken();
    private static final int MAX_FRAME = BridgeLimits.DEFAULTS.maxFrameBytes();

    private final Path dir = Scripts.ROOT.resolve("node/target/it-hostile-" + ProcessHandle.current().pid());

    /** One attack: its name, when it ran, each node's highest heap use meanwhile, and the verdict. */
    static final class Attack {
        final String name;
        final long startNanos = System.nanoTime();
        volatile long endNanos;
        final Map<String, Long> peakHeap = new LinkedHashMap<>();

        Attack(String name) {
            this.name = name;
        }

        volatile int samples;

        synchronized void sample(String node, long heap) {
            peakHeap.merge(node, heap, Math::max);
        }
    }

    /** One victim run: when, its exit, whether its own check passed. */
    record Victim(long startNanos, long endNanos, int exit, boolean passed, String output) {
    }

    private final List<Attack> attacks = new CopyOnWriteArrayList<>();
    private volatile Attack current;
    private final List<Victim> victims = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private String bridge1;
    private String bridge2;
    private final Map<String, String> nodeIds = new LinkedHashMap<>();
    /** Threads of its own: the common pool may have one thread on 2 cores, and the sampler and the victims run throughout. */
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopTheCluster() throws Exception {
        stop.set(true);
        pool.shutdownNow();
        if (Files.exists(dir.resolve(NodesFile.NAME))) {
            Scripts.run("cluster", "stop", "--dir", dir.toString());
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void when_hostileClientsAttackTheBridge_then_eachIsRefusedAndCountedAndEveryVictimPassesItsCheck() throws Exception {
        Scripts.Result start = Scripts.run("cluster", "start", "--nodes", "2", "--dir", dir.toString(), "--secret", SECRET);
        assertThat(start.exit()).as(start.output()).isZero();
        List<NodesFile.Entry> nodes = NodesFile.read(dir).orElseThrow().nodes();
        bridge1 = nodes.get(0).bridge();
        bridge2 = nodes.get(1).bridge();

        try (BridgeClient status = insider(bridge1)) {
            JsonObject s = status.request(Addresses.CLIENT_STATUS, new JsonObject(), 10_000);
            for (Object o : s.getJsonArray("members")) {
                JsonObject m = (JsonObject) o;
                nodeIds.put(m.getString("name"), m.getString("id"));
            }
            assertThat(nodeIds).containsOnlyKeys("node1", "node2");

            CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> sample(status), pool);
            CompletableFuture<Void> victimLoop = CompletableFuture.runAsync(this::runVictims, pool);
            awaitFirstVictimStarted();

            attack("none (baseline: the victim alone)", () -> { });
            attack("register on and send to every internal address", this::internalAddresses);
            attack("3 x 2 GiB length prefix, then streaming (up to 1.2 GiB each)", this::oversizedPrefixes);
            attack("3 x 12 frames of 4 MiB streamed", this::giantFrames);
            attack("truncated frames", this::truncatedFrames);
            attack("garbage, invalid UTF-8, deep nesting", this::garbage);
            attack("missing, wrong, foreign and replayed tokens", this::tokens);
            attack("submission naming another client's or an internal address; kill without capability",
                    this::foreignSubmissions);
            attack("slow-loris: 40 connections that never finish a frame", this::slowLoris);
            attack("connection flood: 800 idle connections to node2", this::connectionFlood);

            stop.set(true);
            victimLoop.get(120, TimeUnit.SECONDS);
            sampler.get(10, TimeUnit.SECONDS);
        }

        String report = report();
        System.out.println(report);
        Files.writeString(Scripts.ROOT.resolve("node/target/hostile-client-report.txt"), report);

        assertThat(victims).as("victim runs").isNotEmpty();
        for (Victim v : victims) {
            assertThat(v.exit()).as(v.output()).isZero();
            assertThat(v.passed()).as(v.output()).isTrue();
        }
        for (Attack a : attacks) {
            assertThat(victimsDuring(a)).as("a victim ran during '" + a.name + "'").isNotEmpty();
            for (long heap : a.peakHeap.values()) {
                assertThat(heap).as("peak heap during '" + a.name + "' (a 2 GiB frame would show)").isLessThan(3L << 29);
            }
        }
        for (NodesFile.Entry n : nodes) {
            String log = Files.readString(Path.of(n.log()));
            assertThat(log).as(n.name() + "'s log").doesNotContain("EncodeException").doesNotContain("not served within");
        }
    }

    // ---- attacks ------------------------------------------------------------------------------

    /** An insider registers on, sends to and publishes on every internal address of both nodes: all denied, nothing delivered. */
    private void internalAddresses() throws Exception {
        List<String> internal = new ArrayList<>();
        for (String id : nodeIds.values()) {
            for (String service : List.of("memory.pages", "memory.manager", "syscall", "threads", "threads.start",
                    "submit", "kill", "status", "status.threads", "status.processes", "echo", "litmus")) {
                internal.add(Addresses.of(id, service));
            }
        }
        internal.add("procshare.process.ended");
        Map<String, Long> before = counters();
        try (RawBridgeClient c = RawBridgeClient.open(bridge1)) {
            int frames = 0;
            for (String address : internal) {
                c.send(frame("register", address));
                c.send(frame("send", address).put("body", new JsonObject().put("pid", 1)));
                c.send(frame("publish", address).put("body", "x"));
                frames += 3;
            }
            for (int i = 0; i < frames; i++) {
                JsonObject err = c.read(10_000);
                assertThat(err).as("answer " + i).isNotNull();
                assertThat(err.getString("type")).isEqualTo("err");
                assertThat(err.getString("message")).startsWith("access_denied");
            }
            assertThat(c.ping()).as("the connection still serves").isTrue();
            Map<String, Long> after = counters();
            assertThat(delta(before, after, BridgeSession.DENIED)).isEqualTo(frames);
            assertThat(delta(before, after, NodeCounters.REJECTED_FRAMES)).as("no internal consumer saw anything").isZero();
        }
    }

    /** Outsiders (no token needed) announce 2 GiB and stream into it: closed after 4 bytes, the heap stays put. */
    private void oversizedPrefixes() throws Exception {
        Map<String, Long> before = counters();
        List<CompletableFuture<Long>> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            streams.add(CompletableFuture.supplyAsync(() -> {
                try (RawBridgeClient c = RawBridgeClient.open(bridge1)) {
                    c.out.write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
                    return c.stream(1_200L << 20, Duration.ofSeconds(15));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        for (CompletableFuture<Long> s : streams) {
            long written = s.get(60, TimeUnit.SECONDS);
            assertThat(written).as("bytes the node took before it closed the connection").isLessThan(1_200L << 20);
        }
        assertThat(delta(before, counters(), BridgeFrameDecoder.OVERSIZED)).isEqualTo(3);
    }

    /** Insiders stream frames of the largest size allowed (not JSON): each refused and counted, one over the limit closes. */
    private void giantFrames() throws Exception {
        Map<String, Long> before = counters();
        byte[] giant = new byte[4 + MAX_FRAME];
        ByteBuffer.wrap(giant).putInt(MAX_FRAME);
        java.util.Arrays.fill(giant, 4, giant.length, (byte) 'x');
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(CompletableFuture.runAsync(() -> {
                try (RawBridgeClient c = RawBridgeClient.open(bridge1)) {
                    assertThat(c.ping()).isTrue();
                    for (int f = 0; f < 12; f++) {
                        c.out.write(giant);
                    }
                    for (int f = 0; f < 12; f++) {
                        JsonObject err = c.read(30_000);
                        assertThat(err).isNotNull();
                        assertThat(err.getString("message")).contains("not a JSON object");
                    }
                    byte[] over = ByteBuffer.allocate(4).putInt(MAX_FRAME + 1).array();
                    c.out.write(over);
                    JsonObject err = c.read(10_000);
                    assertThat(err.getString("message")).contains("more than the " + MAX_FRAME);
                    assertThat(c.closedByNode(10_000)).isTrue();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        for (CompletableFuture<Void> c : clients) {
            c.get(120, TimeUnit.SECONDS);
        }
        Map<String, Long> after = counters();
        assertThat(delta(before, after, BridgeFrameDecoder.BAD)).isEqualTo(36);
        assertThat(delta(before, after, BridgeFrameDecoder.OVERSIZED)).isEqualTo(3);
    }

    /** Frames cut off by the client closing: counted, nothing else. */
    private void truncatedFrames() throws Exception {
        Map<String, Long> before = counters();
        for (int i = 0; i < 5; i++) {
            try (RawBridgeClient c = RawBridgeClient.open(bridge1)) {
                if (i % 2 == 0) {
                    assertThat(c.ping()).isTrue();
                }
                c.out.write(ByteBuffer.allocate(4 + 50).putInt(100).array());
                c.out.flush();
            }
        }
        try (RawBridgeClient c = RawBridgeClient.open(bridge1)) {
            c.out.write(new byte[] {0, 0});
        }
        awaitDelta(before, BridgeFrameDecoder.TRUNCATED, 6);
    }

    /** Garbage, invalid UTF-8, non-objects, deep nesting, unknown types: each answered and counted, the connection serves on. */
    private void garbage() throws Exception {
        Map<String, Long> before = counters();
        try (RawBridgeClient c = RawBridgeClient.open(bridge1)) {
            assertThat(c.ping()).isTrue();
            c.raw("garbage \u0000\u0001".getBytes(StandardCharsets.ISO_8859_1));
            c.raw(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'});
            c.raw(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd});
            c.raw("[1,2,3]".getBytes(StandardCharsets.UTF_8));
            c.raw(("{\"type\":\"send\",\"address\":\"procshare.status\",\"body\":" + "[".repeat(1_000_000)
                    + "]".repeat(1_000_000) + "}").getBytes(StandardCharsets.UTF_8));
            c.send(new JsonObject().put("type", "launch").put("address", "procshare.submit"));
            c.send(new JsonObject().put("type", "send"));
            for (int i = 0; i < 7; i++) {
                JsonObject err = c.read(10_000);
                assertThat(err).as("answer " + i).isNotNull();
                assertThat(err.getString("type")).isEqualTo("err");
            }
            assertThat(c.ping()).as("the connection still serves").isTrue();
        }
        // an outsider's garbage first frame closes its connection
        try (RawBridgeClient c = RawBridgeClient.open(bridge1, null)) {
            c.raw("not json".getBytes(StandardCharsets.UTF_8));
            assertThat(c.closedByNode(10_000)).isTrue();
        }
        Map<String, Long> after = counters();
        assertThat(delta(before, after, BridgeFrameDecoder.BAD)).isEqualTo(6);
        assertThat(delta(before, after, BridgeSession.MALFORMED)).isEqualTo(2);
    }

    /** No token, a wrong one, another cluster's, a non-string one, and the right one replayed after a refusal: all closed. */
    private void tokens() throws Exception {
        Map<String, Long> before = counters();
        String foreign = ClusterSecret.of("test", "another cluster").bridgeToken();
        for (Object token : new Object[] {null, "wrong", foreign, 42, TOKEN.substring(1)}) {
            try (RawBridgeClient c = RawBridgeClient.open(bridge1, null)) {
                JsonObject f = frame("send", ClientAddresses.STATUS).put("replyAddress", "procshare.client.r")
                        .put("body", new JsonObject());
                if (token != null) {
                    f.put("headers", new JsonObject().put(ClusterSecret.BRIDGE_HEADER, token));
                }
                c.send(f);
                JsonObject err = c.read(10_000);
                assertThat(err.getString("message")).isEqualTo(BridgeClient.REFUSED_MESSAGE);
                // the right token, replayed on the refused connection: too late
                try {
                    c.send(frame("send", ClientAddresses.STATUS).put("replyAddress", "procshare.client.r")
                            .put("body", new JsonObject()).put("headers", new JsonObject().put(ClusterSecret.BRIDGE_HEADER, TOKEN)));
                } catch (IOException closedAlready) {
                    // as good
                }
                assertThat(c.closedByNode(10_000)).as("token " + token).isTrue();
            }
        }
        assertThat(delta(before, counters(), BridgeSession.REFUSED_FRAMES)).isEqualTo(5);
    }

    /** A submission naming another connection's or an internal address, and kills of the victim without its capability. */
    private void foreignSubmissions() throws Exception {
        Map<String, Long> before = counters();
        String someoneElse;
        try (BridgeClient other = insider(bridge1)) {
            someoneElse = ClientAddresses.newClientAddress();
            other.register(someoneElse);
            try (BridgeClient attacker = insider(bridge2)) {
                for (String client : List.of(someoneElse, Addresses.of(nodeIds.get("node1"), "memory.manager"),
                        "procshare.client.guessed")) {
                    JsonObject submit = new JsonObject().put("task", "montecarlo")
                            .put("args", new JsonArray().add("--samples").add("1000")).put("threads", 1).put("client", client);
                    try {
                        attacker.request(ClientAddresses.SUBMIT, submit, 10_000);
                        throw new AssertionError("a submission for " + client + " was taken");
                    } catch (BridgeClient.BridgeException e) {
                        assertThat(e.getMessage()).contains("field 'client' must be a procshare.client.*");
                    }
                }
                // the victim's process, killed by a client that is not its submitter
                long pid = victimPid(attacker);
                for (JsonObject kill : List.of(new JsonObject().put("pid", pid),
                        new JsonObject().put("pid", pid).put("cap", "0".repeat(32)))) {
                    try {
                        attacker.request(ClientAddresses.KILL, kill, 10_000);
                        throw new AssertionError("pid " + pid + " was killed by " + kill);
                    } catch (BridgeClient.BridgeException e) {
                        assertThat(e.failureCode()).as(e.getMessage()).isIn(403, 404); // 404: it ended meanwhile
                    }
                }
            }
        }
        assertThat(delta(before, counters(), BridgeSession.FOREIGN_CLIENT)).isEqualTo(3);
    }

    /** Connections that send part of a header and then nothing (or a byte now and then): closed at the deadline. */
    private void slowLoris() throws Exception {
        Map<String, Long> before = counters();
        List<RawBridgeClient> lorises = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                RawBridgeClient c = RawBridgeClient.open(bridge1, null);
                c.out.write(new byte[] {0, 0}); // then 0x10 0x00: a first frame of 4 KiB, dripped
                c.out.flush();
                lorises.add(c);
            }
            long t0 = System.nanoTime();
            for (int second = 0; second < 20 && lorises.stream().anyMatch(RawBridgeClient::open); second++) {
                // half of them drip a byte a second; the deadline is for the first frame, not for silence
                for (int i = 0; i < lorises.size(); i += 2) {
                    lorises.get(i).dripIfOpen();
                }
                for (RawBridgeClient c : lorises) {
                    c.closedByNode(1000 / lorises.size() + 1);
                }
            }
            for (RawBridgeClient c : lorises) {
                assertThat(c.closedByNode(5000)).isTrue();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ms).as("closed at the deadline").isBetween(BridgeLimits.DEFAULTS.authDeadlineMs() - 2000,
                    BridgeLimits.DEFAULTS.authDeadlineMs() + 10_000);
        } finally {
            lorises.forEach(RawBridgeClient::close);
        }
        assertThat(delta(before, counters(), ClientBridge.AUTH_TIMEOUTS)).isEqualTo(40);
    }

    /** 800 idle connections at once to node2: at most its unauthenticated cap held, the rest closed at once; then node2 serves. */
    private void connectionFlood() throws Exception {
        Map<String, Long> before = counters();
        List<RawBridgeClient> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 800; i++) {
                try {
                    flood.add(RawBridgeClient.open(bridge2, null));
                } catch (IOException refusedByTheKernel) {
                    // a full accept queue: as refused
                }
            }
            awaitDelta(before, ClientBridge.REFUSED_CONNECTIONS, 800 - BridgeLimits.DEFAULTS.maxUnauthenticated());
        } finally {
            flood.forEach(RawBridgeClient::close);
        }
        // the node frees the flood's slots as it sees the connections close: a client soon gets in again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (BridgeClient c = insider(bridge2)) {
                assertThat(c.request(ClientAddresses.MEMBERS, new JsonObject(), 10_000).getJsonArray("members")).hasSize(2);
                return;
            } catch (BridgeClient.BridgeException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                try (BridgeClient c = insider(bridge1)) {
                    c.receive(100);
                }
            }
        }
    }

    // ---- the victim, the sampler, the report ----------------------------------------------------

    private void runVictims() {
        while (!stop.get()) {
            long t0 = System.nanoTime();
            try {
                Scripts.Result r = Scripts.run(Duration.ofSeconds(90), "submit", "--dir", dir.toString(), "--home", "node1",
                        "--threads", "2", "--placement", "spread:node1,node2", "pipeline", "--items", "3000");
                victims.add(new Victim(t0, System.nanoTime(), r.exit(), r.out().contains("pipeline: check passed"),
                        r.output()));
            } catch (IOException | InterruptedException | AssertionError e) {
                victims.add(new Victim(t0, System.nanoTime(), -1, false, e.toString()));
            }
        }
    }

    private void awaitFirstVictimStarted() throws Exception {
        try (BridgeClient c = insider(bridge1)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!c.request(ClientAddresses.STATUS, new JsonObject(), 10_000).getJsonArray("processes", new JsonArray()).isEmpty()) {
                    return;
                }
                c.receive(200);
            }
        }
        throw new AssertionError("no victim started within 60 s: " + victims);
    }

    private long victimPid(BridgeClient c) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonArray ps = c.request(ClientAddresses.STATUS, new JsonObject(), 10_000).getJsonArray("processes", new JsonArray());
            for (Object o : ps) {
                JsonObject p = (JsonObject) o;
                // another client's process: its details are withheld from this one (status scoped, issue 15)
                if ("running".equals(p.getString("state")) || p.getBoolean("withheld", false)) {
                    return p.getLong("pid");
                }
            }
            c.receive(200);
        }
        throw new AssertionError("no victim running within 30 s");
    }

    private void sample(BridgeClient status) {
        while (!stop.get()) {
            Attack a = current;
            try {
                JsonObject s = status.request(Addresses.CLIENT_STATUS, new JsonObject(), 10_000);
                if (a != null) {
                    for (Object o : s.getJsonArray("members")) {
                        JsonObject m = (JsonObject) o;
                        JsonObject counters = m.getJsonObject("counters");
                        if (counters != null) {
                            a.sample(m.getString("name"), counters.getLong("jvm.heapUsedBytes", 0L));
                        }
                    }
                    a.samples++;
                }
            } catch (BridgeClient.BridgeException e) {
                System.out.println("status sample failed: " + e.getMessage());
            }
            status.receive(200); // the pause between samples (nothing else arrives on this connection)
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private void attack(String name, Step step) throws Exception {
        try (BridgeClient c = insider(bridge1)) {
            victimPid(c); // each attack begins while a victim process runs
        }
        Attack a = new Attack(name);
        attacks.add(a);
        current = a;
        try {
            step.run();
            // what the attack left in the heap shows in the next samples too: at least 4 per attack
            int after = a.samples + 4;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (a.samples < after && System.nanoTime() < deadline) {
                try (BridgeClient c = insider(bridge1)) {
                    c.receive(100);
                }
            }
        } finally {
            a.endNanos = System.nanoTime();
            current = null;
        }
        System.out.println("attack done: " + name);
    }

    private List<Victim> victimsDuring(Attack a) {
        return victims.stream().filter(v -> v.startNanos() <= a.endNanos && v.endNanos() >= a.startNanos).toList();
    }

    private String report() throws IOException {
        StringBuilder b = new StringBuilder("attack | s | samples | node1 peak heap MiB | node2 peak heap MiB | victims meanwhile\n");
        for (Attack a : attacks) {
            List<Victim> vs = victimsDuring(a);
            b.append(a.name).append(" | ")
                    .append(String.format("%.1f", (a.endNanos - a.startNanos) / 1e9)).append(" | ")
                    .append(a.samples).append(" | ")
                    .append(mib(a.peakHeap.get("node1"))).append(" | ").append(mib(a.peakHeap.get("node2"))).append(" | ")
                    .append(vs.size()).append(" run(s), ")
                    .append(vs.stream().allMatch(v -> v.exit() == 0 && v.passed()) ? "each exit 0, check passed" : "FAILED")
                    .append('\n');
        }
        b.append("victim runs: ").append(victims.size()).append(", passed: ")
                .append(victims.stream().filter(v -> v.exit() == 0 && v.passed()).count()).append('\n');
        b.append("node counters after: ").append(counters()).append('\n');
        return b.toString();
    }

    private static String mib(Long bytes) {
        return bytes == null ? "-" : Long.toString(bytes >> 20);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private BridgeClient insider(String bridge) {
        NodeConfig.HostPort hp = NodeConfig.parseHostPort("bridge", bridge);
        return BridgeClient.connect(hp.host(), hp.port(), 5000, new BridgeSecurity(TOKEN, null));
    }

    /** The bridge counters of both nodes, summed by name. */
    private Map<String, Long> counters() {
        try (BridgeClient c = insider(bridge1)) {
            Map<String, Long> sum = new LinkedHashMap<>();
            for (Object o : c.request(Addresses.CLIENT_STATUS, new JsonObject(), 10_000).getJsonArray("members")) {
                JsonObject counters = ((JsonObject) o).getJsonObject("counters");
                counters.forEach(e -> {
                    if (e.getKey().startsWith("bridge.") || e.getKey().equals(NodeCounters.REJECTED_FRAMES)) {
                        sum.merge(e.getKey(), ((Number) e.getValue()).longValue(), Long::sum);
                    }
                });
            }
            return sum;
        }
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String name) {
        return after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L);
    }

    private void awaitDelta(Map<String, Long> before, String name, long atLeast) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = delta(before, counters(), name);
            if (seen >= atLeast) {
                return;
            }
            try (BridgeClient c = insider(bridge1)) {
                c.receive(200);
            }
        }
        throw new AssertionError(name + " grew by " + seen + ", expected at least " + atLeast);
    }

    static JsonObject frame(String type, String address) {
        return new JsonObject().put("type", type).put("address", address);
    }
}
