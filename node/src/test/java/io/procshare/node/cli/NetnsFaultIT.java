package io.procshare.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults on separate hosts: {@code scripts/netns-cluster.sh up 3} runs nodes n1, n2, n3 each in a
 * network namespace of its own (10.77.0.1-3, joined by a Linux bridge), and the clients
 * ({@code scripts/procshare submit}, {@code status}) run here, in the root namespace. Each test
 * injects one fault with the script while processes run ({@code kill -9} of a node's JVM, or a link
 * cut so that packets vanish) and checks what DESIGN §10 promises: the processes that had something
 * on the lost node end with {@code node NAME lost} within 10 s, the others run on, and the survivors
 * serve new processes. The time from each injection to the client's exit is printed and written to
 * {@code node/target/netns-fault-times.txt}.
 *
 * <p>Needs root (namespaces, veths, a bridge) and iproute2; skipped otherwise, saying why. The
 * cluster is taken down after the class whatever happened, and before it, in case an earlier run
 * was killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsFaultIT {

    private static final Path SCRIPT = Scripts.ROOT.resolve("scripts/netns-cluster.sh");
    private static final Path DIR = Scripts.ROOT.resolve("node/target/it-netns-" + ProcessHandle.current().pid());
    private static final Path TIMES = Scripts.ROOT.resolve("node/target/netns-fault-times.txt");
    /** DESIGN §10 / issue 7: a process that lost a node ends within this much of the fault. */
    private static final long DETECTION_LIMIT_MS = 10_000;

    private static final String N1 = "10.77.0.1:7000";
    private static final String N2 = "10.77.0.2:7000";
    private static final String N3 = "10.77.0.3:7000";
    /** Runs until it is killed: one thread takes about 5 ns a sample. */
    private static final String FOREVER = "1000000000000";
    /** A run of 10-40 s with two threads on two nodes of this 2-core machine. */
    private static final String LONG_RUN = "3000000000";

    private static final Pattern STARTED = Pattern.compile("procshare: pid (\\d+) started on (\\S+)");
    private static final Pattern INJECTED_AT = Pattern.compile("\\((\\d{13}) ms\\)");

    /** Fault → ms from its injection to the client's exit (or to the rejoin), in the order measured. */
    private static final Map<String, Long> TIMINGS = new LinkedHashMap<>();
    private static final List<Scripts.Running> CLIENTS = new CopyOnWriteArrayList<>();
    /** Why this host cannot run the class (not root, no iproute2, no CAP_NET_ADMIN), or null. */
    private static volatile String unavailable;
    private static volatile boolean clusterUp;
    private static volatile boolean healNeeded;
    private static Thread downOnExit;

    @BeforeAll
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    static void upThreeHosts() throws Exception {
        // an assumption that fails here would hide the tests (failsafe counts 0 run, 0 skipped):
        // each test is skipped in healIfAnEarlierTestFailed instead, with this reason
        if (!isRoot()) {
            unavailable = "it needs root (network namespaces, veths and a bridge); this runs as uid " + uid();
        } else if (!onPath("ip") || !onPath("bridge")) {
            unavailable = "it needs iproute2's 'ip' and 'bridge' commands; not found on " + System.getenv("PATH");
        } else {
            // what an earlier run that was killed left behind; exit 2: this host cannot run it
            Scripts.Result down = netns(Duration.ofSeconds(60), "down");
            if (down.exit() == 2) {
                unavailable = down.err().strip();
            } else {
                assertThat(down.exit()).as(down.output()).isZero();
            }
        }
        if (unavailable != null) {
            System.out.println("NetnsFaultIT skipped: " + unavailable);
            return;
        }

        downOnExit = new Thread(NetnsFaultIT::downQuietly, "netns-down-on-exit");
        Runtime.getRuntime().addShutdownHook(downOnExit);
        clusterUp = true;
        Scripts.Result up = netns(Duration.ofSeconds(150), "up", "3", "--dir", DIR.toString());
        assertThat(up.exit()).as(up.output()).isZero();
        assertThat(up.out()).contains("cluster of 3 nodes formed in");
    }

    @AfterAll
    static void down() throws Exception {
        for (Scripts.Running c : CLIENTS) {
            if (c.process().isAlive()) {
                c.process().descendants().forEach(ProcessHandle::destroyForcibly);
                c.process().destroyForcibly();
            }
        }
        if (!TIMINGS.isEmpty()) {
            StringBuilder report = new StringBuilder("# NetnsFaultIT " + Instant.now()
                    + ": ms from the fault's injection to the client's exit (restore: from the restore until the node is listed again)\n");
            TIMINGS.forEach((fault, ms) -> report.append(String.format("%-44s %6d ms%n", fault, ms)));
            Files.writeString(TIMES, report.toString());
            System.out.print("\n" + report);
        }
        if (clusterUp) {
            Scripts.Result down = netns(Duration.ofSeconds(60), "down");
            clusterUp = false;
            try {
                Runtime.getRuntime().removeShutdownHook(downOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            assertThat(down.exit()).as(down.output()).isZero();
            assertThat(ProcessHandle.allProcesses().filter(NetnsFaultIT::isOurNode).map(ProcessHandle::pid).toList())
                    .as("node JVMs left after down").isEmpty();
        }
    }

    /** A test that failed half-way may leave a node dead or cut off: the next starts from 3 good nodes. */
    @BeforeEach
    void healIfAnEarlierTestFailed() throws Exception {
        assumeTrue(unavailable == null, () -> "NetnsFaultIT skipped: " + unavailable);
        if (healNeeded) {
            Scripts.Result heal = netns(Duration.ofSeconds(90), "heal");
            assertThat(heal.exit()).as(heal.output()).isZero();
        }
        healNeeded = true; // until the test ends well
    }

    @Test
    @Order(1)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void when_aNodeWithAThreadOfAIsKilled_then_AEndsWithNodeLostWithin10s_and_BOnTheOtherNodesRunsOn() throws Exception {
        // A: homed on n1, its worker on n3; B: homed on n2, its workers on n1 and n2 only
        Scripts.Running a = submit(N1, "--home", "n1", "--placement", "n3", "--threads", "1",
                "montecarlo", "--samples", FOREVER);
        Scripts.Running b = submit(N2, "--home", "n2", "--placement", "spread:n1,n2", "--threads", "2",
                "montecarlo", "--samples", LONG_RUN);
        long pidA = pid(a);
        long pidB = pid(b);
        awaitThreadsOn(N1, pidA, "n3");
        awaitThreadsOn(N1, pidB, "n1", "n2");
        CompletableFuture<Long> aEnded = a.process().onExit().thenApply(p -> System.currentTimeMillis());

        long injected = inject("kill", "3");
        assertThat(b.process().isAlive()).as("B still runs when n3 is killed: %s", b.outSoFar()).isTrue();

        Scripts.Result ra = a.await(Duration.ofSeconds(30));
        long detection = aEnded.get() - injected;
        record("kill -9 n3 (thread of A there)", detection);
        assertThat(ra.exit()).as(ra.output()).isEqualTo(1);
        assertThat(ra.err()).contains("pid " + pidA + " exited with status 1: node n3 lost");
        assertThat(detection).as("ms from kill -9 to A's exit").isLessThan(DETECTION_LIMIT_MS);

        Scripts.Result rb = b.await(Duration.ofSeconds(100));
        assertThat(rb.exit()).as(rb.output()).isZero();
        assertThat(rb.out()).contains("montecarlo: check passed");

        for (String survivor : List.of(N1, N2)) {
            JsonObject status = status(survivor);
            assertThat(memberNames(status)).as(status.encodePrettily()).containsExactly("n1", "n2");
            assertThat(pids(status)).as("processes left on %s: %s", survivor, status.encodePrettily())
                    .doesNotContain(pidA);
            assertThat(threadPids(status)).as("thread tables on %s", survivor).doesNotContain(pidA);
        }

        Scripts.Result after = submit(N1, "--threads", "2", "montecarlo", "--samples", "20000000")
                .await(Duration.ofSeconds(60));
        assertThat(after.exit()).as(after.output()).isZero();
        assertThat(after.out()).contains("montecarlo: check passed");

        Scripts.Result start = netns(Duration.ofSeconds(90), "start", "3");
        assertThat(start.exit()).as(start.output()).isZero();
        healNeeded = false;
    }

    @Test
    @Order(2)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void when_theHomeIsKilled_then_aClientOnAnotherNodeSaysNodeLostWithin10s() throws Exception {
        // the client talks to n2; the process is homed on n1, its workers on n2 and n3
        Scripts.Running a = submit(N2, "--home", "n1", "--threads", "2", "montecarlo", "--samples", FOREVER);
        long pidA = pid(a);
        awaitThreadsOn(N2, pidA, "n2", "n3");
        CompletableFuture<Long> aEnded = a.process().onExit().thenApply(p -> System.currentTimeMillis());

        long injected = inject("kill", "1");

        Scripts.Result ra = a.await(Duration.ofSeconds(30));
        long detection = aEnded.get() - injected;
        record("kill -9 n1 (home of A, client on n2)", detection);
        assertThat(ra.exit()).as(ra.output()).isEqualTo(1);
        assertThat(ra.err()).contains("node n1 lost: it was the home of pid " + pidA);
        assertThat(detection).as("ms from kill -9 to the client's exit").isLessThan(DETECTION_LIMIT_MS);

        JsonObject status = status(N2);
        assertThat(memberNames(status)).as(status.encodePrettily()).containsExactly("n2", "n3");
        assertThat(pids(status)).doesNotContain(pidA);

        Scripts.Result start = netns(Duration.ofSeconds(90), "start", "1");
        assertThat(start.exit()).as(start.output()).isZero();
        healNeeded = false;
    }

    @Test
    @Order(3)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void when_aNodesLinkIsCut_then_AEndsWithNodeLostWithin10s_and_afterRestoreTheNodeRejoins() throws Exception {
        Scripts.Running a = submit(N1, "--home", "n1", "--placement", "n3", "--threads", "1",
                "montecarlo", "--samples", FOREVER);
        long pidA = pid(a);
        awaitThreadsOn(N1, pidA, "n3");
        CompletableFuture<Long> aEnded = a.process().onExit().thenApply(p -> System.currentTimeMillis());

        long injected = inject("cut", "3");

        Scripts.Result ra = a.await(Duration.ofSeconds(40));
        long detection = aEnded.get() - injected;
        record("cut n3's link (thread of A there)", detection);
        assertThat(ra.exit()).as(ra.output()).isEqualTo(1);
        assertThat(ra.err()).contains("pid " + pidA + " exited with status 1: node n3 lost");
        assertThat(detection).as("ms from the cut to A's exit").isLessThan(DETECTION_LIMIT_MS);

        // the majority side serves new processes while n3 is cut off
        JsonObject status = status(N1);
        assertThat(memberNames(status)).as(status.encodePrettily()).containsExactly("n1", "n2");
        assertThat(pids(status)).doesNotContain(pidA);
        assertThat(threadPids(status)).doesNotContain(pidA);
        Scripts.Result during = submit(N2, "--threads", "2", "wordcount", "--generate", "4", "docs")
                .await(Duration.ofSeconds(60));
        assertThat(during.exit()).as(during.output()).isZero();
        assertThat(during.out()).contains("wordcount: check passed");

        // the cut-off node formed a cluster of its own; restored, Hazelcast's split-brain merge
        // (conf/cluster.xml: every 5 s) brings it back into the majority's cluster
        long restored = inject("restore", "3");
        long rejoined = awaitRejoin(N1, Duration.ofSeconds(60));
        record("restore n3's link: n3 listed again by n1", rejoined - restored);

        Scripts.Result all = submit(N3, "--home", "n3", "--threads", "3", "--show-threads",
                "montecarlo", "--samples", "30000000").await(Duration.ofSeconds(60));
        assertThat(all.exit()).as(all.output()).isZero();
        assertThat(all.out()).contains("montecarlo: check passed");
        assertThat(all.err()).contains("ran on n1").contains("ran on n2").contains("ran on n3");
        healNeeded = false;
    }

    @Test
    @Order(4)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void when_theHomesLinkIsCut_then_aClientOnAnotherNodeSaysNodeLostWithin10s_and_afterRestoreTheHomeRejoins()
            throws Exception {
        // the client talks to n2; the process is homed on n1, its workers on n2 and n3
        Scripts.Running a = submit(N2, "--home", "n1", "--threads", "2", "montecarlo", "--samples", FOREVER);
        long pidA = pid(a);
        awaitThreadsOn(N2, pidA, "n2", "n3");
        CompletableFuture<Long> aEnded = a.process().onExit().thenApply(p -> System.currentTimeMillis());

        long injected = inject("cut", "1");

        Scripts.Result ra = a.await(Duration.ofSeconds(40));
        long detection = aEnded.get() - injected;
        record("cut n1's link (home of A, client on n2)", detection);
        assertThat(ra.exit()).as(ra.output()).isEqualTo(1);
        assertThat(ra.err()).contains("node n1 lost: it was the home of pid " + pidA);
        assertThat(detection).as("ms from the cut to the client's exit").isLessThan(DETECTION_LIMIT_MS);

        JsonObject status = status(N2);
        assertThat(memberNames(status)).as(status.encodePrettily()).containsExactly("n2", "n3");
        assertThat(pids(status)).doesNotContain(pidA);
        assertThat(threadPids(status)).as("no thread of A left on n2 or n3").doesNotContain(pidA);

        long restored = inject("restore", "1");
        long rejoined = awaitRejoin(N2, Duration.ofSeconds(60));
        record("restore n1's link: n1 listed again by n2", rejoined - restored);
        Scripts.Result all = submit(N1, "--home", "n1", "--threads", "3", "--show-threads",
                "montecarlo", "--samples", "30000000").await(Duration.ofSeconds(60));
        assertThat(all.exit()).as(all.output()).isZero();
        assertThat(all.err()).contains("ran on n1").contains("ran on n2").contains("ran on n3");
        healNeeded = false;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** {@code scripts/procshare submit --node NODE ARGS...}, left running; killed in {@link #down} if still alive. */
    private static Scripts.Running submit(String node, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("submit", "--node", node));
        all.addAll(List.of(args));
        Scripts.Running r = Scripts.start(all.toArray(String[]::new));
        CLIENTS.add(r);
        return r;
    }

    /** The pid its client printed once the process started. */
    private static long pid(Scripts.Running client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(client.errSoFar());
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
            assertThat(client.process().isAlive()).as("client ended before its process started: %s%s",
                    client.outSoFar(), client.errSoFar()).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("no 'started' line from " + client.args() + " within 60 s: " + client.errSoFar());
    }

    /** Until {@code node}'s status shows a live thread of {@code pid} on each of {@code names}. */
    private static void awaitThreadsOn(String node, long pid, String... names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = status(node);
            for (Object o : last.getJsonArray("processes", new JsonArray())) {
                JsonObject p = (JsonObject) o;
                if (p.getLong("pid") == pid) {
                    JsonObject perNode = p.getJsonObject("threadsPerNode", new JsonObject());
                    boolean all = true;
                    for (String n : names) {
                        all &= perNode.getInteger(n, 0) > 0;
                    }
                    if (all) {
                        return;
                    }
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("pid " + pid + " has no live thread on each of " + List.of(names) + " within 60 s: "
                + (last == null ? "no status" : last.encodePrettily()));
    }

    /** Until {@code node}'s status lists all three again; returns when (epoch ms). */
    private static long awaitRejoin(String node, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = status(node);
            if (memberNames(last).equals(List.of("n1", "n2", "n3"))) {
                return System.currentTimeMillis();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the cut-off node did not rejoin within " + timeout + " of the restore: "
                + (last == null ? "no status" : last.encodePrettily()));
    }

    /** {@code netns-cluster.sh kill|cut|restore K}; returns the epoch ms at which the script says it acted. */
    private static long inject(String fault, String k) throws Exception {
        Scripts.Result r = netns(Duration.ofSeconds(30), fault, k);
        assertThat(r.exit()).as(r.output()).isZero();
        Matcher m = INJECTED_AT.matcher(r.out());
        assertThat(m.find()).as("no '(... ms)' in %s", r.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void record(String fault, long ms) {
        TIMINGS.put(fault, ms);
        System.out.printf("netns fault: %s: %d ms from injection to the client's exit%n", fault, ms);
    }

    /** {@code procshare status --node NODE --json}, parsed. */
    private static JsonObject status(String node) throws Exception {
        Scripts.Result r = Scripts.run(Duration.ofSeconds(60), "status", "--node", node, "--json");
        assertThat(r.exit()).as(r.output()).isZero();
        return new JsonObject(r.out().substring(r.out().indexOf('{')));
    }

    /** The names of the members that answered, sorted. */
    private static List<String> memberNames(JsonObject status) {
        return status.getJsonArray("members", new JsonArray()).stream().map(m -> ((JsonObject) m).getString("name"))
                .filter(n -> n != null).sorted().toList();
    }

    private static List<Long> pids(JsonObject status) {
        return status.getJsonArray("processes", new JsonArray()).stream().map(p -> ((JsonObject) p).getLong("pid"))
                .toList();
    }

    /** The pids in the members' thread tables. */
    private static List<Long> threadPids(JsonObject status) {
        List<Long> out = new ArrayList<>();
        for (Object m : status.getJsonArray("members", new JsonArray())) {
            for (Object t : ((JsonObject) m).getJsonArray("threads", new JsonArray())) {
                out.add(((JsonObject) t).getLong("pid"));
            }
        }
        return out;
    }

    // ---- the script --------------------------------------------------------------------------------

    /** Runs {@code scripts/netns-cluster.sh ARGS} to its end; its output goes to files next to the clients'. */
    static Scripts.Result netns(Duration timeout, String... args) throws IOException, InterruptedException {
        Files.createDirectories(Scripts.OUTPUT);
        String name = "netns-" + args[0] + "-" + System.nanoTime();
        Path out = Scripts.OUTPUT.resolve(name + ".out");
        Path err = Scripts.OUTPUT.resolve(name + ".err");
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Scripts.ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("netns-cluster.sh " + String.join(" ", args) + " did not end within " + timeout
                    + "; stdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
        }
        Scripts.Result r = new Scripts.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        System.out.println("$ netns-cluster.sh " + String.join(" ", args) + "   (exit " + r.exit() + ")\n" + r.output());
        return r;
    }

    private static void downQuietly() {
        if (!clusterUp) {
            return;
        }
        try {
            new ProcessBuilder(SCRIPT.toString(), "down").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            System.err.println("netns-cluster.sh down failed: " + e);
        }
    }

    /** A node JVM this class started: {@code ... procshare.jar node --name nK ... --data-dir DIR/...}. */
    private static boolean isOurNode(ProcessHandle h) {
        return h.info().arguments().map(a -> String.join(" ", a)).map(s -> s.contains(" node ") && s.contains(DIR.toString()))
                .orElse(false);
    }

    private static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1]; // the effective uid
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static boolean isRoot() {
        return "0".equals(uid());
    }

    private static boolean onPath(String command) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, command)));
    }
}
