package io.procshare.node.status;

import io.procshare.codecs.ProcessExit;
import io.procshare.node.ProcshareNode;
import io.procshare.node.client.BridgeClient;
import io.procshare.node.guest.Guest;
import io.procshare.node.guest.JavaTaskRunner;
import io.procshare.node.guest.SharedTask;
import io.procshare.node.guest.SpawnedThread;
import io.procshare.node.guest.TaskCatalog;
import io.procshare.node.guest.ThreadEntry;
import io.procshare.node.syscall.ThreeNodes;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.exec.Placement;
import io.procshare.verticles.syscall.ClientStreams;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code procshare.status} lists the running processes: a process homed on c0 with a parked thread
 * on every node shows its home, task, threads and pages per node, faults and forwarded syscalls,
 * and it leaves the table once it has ended.
 */
@ExtendWith(ThreeNodes.Extension.class)
class ProcessStatusTest {

    private static final AtomicLong PIDS = new AtomicLong(930_000);
    private static final long PAGE = 4096;
    /** Per pid: the test lets the main thread go on (release its threads and join them). */
    private static final Map<Long, CountDownLatch> RELEASE = new ConcurrentHashMap<>();

    private final ThreeNodes nodes;

    ProcessStatusTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    // ---- tasks ------------------------------------------------------------------------------------

    /**
     * Fills its own page (so its node holds it read-write), counts itself in at {@code arg} (and wakes
     * main), then waits with futex until the word at {@code arg + 8} is set.
     */
    public static final class Parked implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            long own = arg + PAGE * (1 + (g.tid() - 2) % 3);
            for (int i = 0; i < PAGE / 8; i++) {
                g.writeLong(own + 8L * i, i);
            }
            g.getAndAddInt(arg, 1);
            g.futexWake(arg, 1);
            while (g.readIntVolatile(arg + 8) == 0) {
                g.futexWait(arg + 8, 0);
            }
            return 0;
        }
    }

    /** One {@link Parked} thread per node; once all are parked, waits for the test, then releases and joins them. */
    public static final class ParksOnEveryNode implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            long base = g.allocPages(4 * PAGE);
            List<SpawnedThread> ts = new ArrayList<>();
            for (String node : g.nodeNames()) {
                ts.add(g.spawn(Parked.class, base, node));
            }
            for (int parked = g.readIntVolatile(base); parked < ts.size(); parked = g.readIntVolatile(base)) {
                g.futexWait(base, parked);
            }
            g.println("parked");
            try {
                if (!RELEASE.get(g.pid()).await(60, TimeUnit.SECONDS)) {
                    return 2;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 3;
            }
            g.writeIntVolatile(base + 8, 1);
            g.futexWake(base + 8, Integer.MAX_VALUE);
            ts.forEach(g::join);
            return 0;
        }
    }

    /** Says "waiting", then waits for the test. */
    public static final class Waits implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            g.println("waiting");
            try {
                return RELEASE.get(g.pid()).await(60, TimeUnit.SECONDS) ? 0 : 2;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 3;
            }
        }
    }

    /** Output and exit of a process, as its client sees them. */
    static final class Client implements ClientStreams {
        final StringBuffer out = new StringBuffer();
        final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();

        @Override
        public long write(int stream, byte[] data) {
            out.append(new String(data, StandardCharsets.UTF_8));
            return data.length;
        }

        @Override
        public long read(byte[] into) {
            return 0;
        }
    }

    private static final Map<Long, Client> CLIENTS = new ConcurrentHashMap<>();
    private static volatile boolean listening;

    private long start(Class<? extends SharedTask> task, Client client) {
        ProcshareNode home = nodes.node(ThreeNodes.HOME);
        synchronized (ProcessStatusTest.class) {
            if (!listening) {
                home.syscalls().onProcessEnded(e -> {
                    Client c = CLIENTS.get(e.pid());
                    if (c != null) {
                        c.exit.complete(e);
                    }
                });
                listening = true;
            }
        }
        long pid = PIDS.incrementAndGet();
        CLIENTS.put(pid, client);
        RELEASE.put(pid, new CountDownLatch(1));
        new JavaTaskRunner(home.syscalls()).start(pid, TaskCatalog.resolve(task.getName()), List.of(), 3,
                Placement.parse(null), client);
        return pid;
    }

    /** {@code procshare.status} as node {@code node} answers it (every node consumes that address). */
    private JsonObject status(int node) throws Exception {
        JsonObject status = (JsonObject) nodes.node(node).vertx().eventBus()
                .request(Addresses.CLIENT_STATUS, new JsonObject(), new DeliveryOptions().setLocalOnly(true))
                .await(10, TimeUnit.SECONDS).body();
        assertThat(status.getString("queriedNode")).isEqualTo("c" + node);
        return status;
    }

    private static JsonObject row(JsonObject status, long pid) {
        for (Object o : status.getJsonArray("processes", new JsonArray())) {
            if (((JsonObject) o).getLong("pid") == pid) {
                return (JsonObject) o;
            }
        }
        return null;
    }

    private static int pages(JsonObject row, String node) {
        JsonObject p = row.getJsonObject("pagesPerNode").getJsonObject(node);
        return p == null ? 0 : p.getInteger("readOnly") + p.getInteger("readWrite");
    }

    // ---- tests ------------------------------------------------------------------------------------

    @Test
    void when_aProcessRunsThreadsOnEveryNode_then_statusListsItsThreadsPagesAndCounts_untilItEnds() throws Exception {
        Client client = new Client();
        long pid = start(ParksOnEveryNode.class, client);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> client.out.toString().contains("parked")
                    || client.exit.isDone());
            assertThat(client.exit).as(client.out.toString()).isNotDone();

            // asked of a node that is not the home: it merges what every member says
            JsonObject status = await().atMost(Duration.ofSeconds(30)).until(() -> status(1), s -> {
                JsonObject r = row(s, pid);
                return r != null && r.getLong("forwardedSyscalls") >= 2
                        && pages(r, "c0") > 0 && pages(r, "c1") > 0 && pages(r, "c2") > 0;
            });
            JsonObject p = row(status, pid);
            assertThat(p.getString("home")).isEqualTo("c0");
            assertThat(p.getString("task")).isEqualTo(ParksOnEveryNode.class.getName());
            assertThat(p.getString("placement")).isEqualTo("spread");
            assertThat(p.getString("state")).isEqualTo("running");
            assertThat(p.getJsonObject("threadsPerNode").getMap())
                    .containsEntry("c0", 2).containsEntry("c1", 1).containsEntry("c2", 1).hasSize(3);
            assertThat(p.getInteger("liveThreads")).isEqualTo(4);
            assertThat(p.getJsonArray("threads")).hasSize(4);
            assertThat(p.getJsonObject("pagesPerNode").fieldNames()).containsExactly("c0", "c1", "c2");
            for (String n : List.of("c1", "c2")) {
                assertThat(p.getJsonObject("pagesPerNode").getJsonObject(n).getInteger("readWrite"))
                        .as("the page %s's thread filled", n).isPositive();
                assertThat(p.getJsonObject("faultsPerNode").getLong(n)).as("faults on %s", n).isPositive();
            }
            assertThat(p.getLong("faults")).isEqualTo(p.getJsonObject("faultsPerNode").stream()
                    .mapToLong(e -> ((Number) e.getValue()).longValue()).sum());
            assertThat(p.getLong("uptimeMs")).isPositive();
            assertThat(p.getLong("directSyscalls")).isPositive(); // main's clones and write, on the home

            // the members' entries are as before
            assertThat(status.getJsonArray("members")).hasSize(3);
            assertThat(status.getJsonArray("members").stream().map(m -> (JsonObject) m))
                    .allSatisfy(m -> assertThat(m.fieldNames()).contains("name", "counters", "threads")
                            .doesNotContain("error", "processesError"));

            // every member's thread table, as before, now from its status.processes answer
            JsonObject home = status.getJsonArray("members").stream().map(m -> (JsonObject) m)
                    .filter(m -> "c0".equals(m.getString("name"))).findFirst().orElseThrow();
            assertThat(home.getJsonArray("threads").stream().map(t -> (JsonObject) t)
                    .filter(t -> t.getLong("pid") == pid).map(t -> t.getString("node")))
                    .containsExactlyInAnyOrder(nodes.home(), nodes.home(), nodes.node(1).identity().nodeId(),
                            nodes.node(2).identity().nodeId());

            // a node never asked about it measures since the process started
            JsonObject first = row(status(2), pid);
            assertThat(first.getDouble("faultsPerSec")).isPositive();
            assertThat(first.getDouble("syscallsPerSec")).isPositive();

            // a second query measures over the interval: the parked threads neither fault nor call
            JsonObject again = row(status(1), pid);
            assertThat(again.getLong("faults")).isGreaterThanOrEqualTo(p.getLong("faults"));
            assertThat(again.getDouble("faultsPerSec")).isGreaterThanOrEqualTo(0.0);
            assertThat(again.getDouble("syscallsPerSec")).isGreaterThanOrEqualTo(0.0);

            // the per-node service of a node where a thread runs
            String c2 = nodes.node(2).identity().nodeId();
            JsonObject local = (JsonObject) nodes.node(0).vertx().eventBus()
                    .request(Addresses.of(c2, StatusVerticle.PROCESSES), new JsonObject())
                    .await(10, TimeUnit.SECONDS).body();
            assertThat(local.getString("node")).isEqualTo("c2");
            assertThat(local.getJsonArray("homed")).isEmpty();
            assertThat(local.getJsonArray("memory").stream().map(m -> (JsonObject) m)
                    .filter(m -> m.getLong("pid") == pid)).singleElement()
                    .satisfies(m -> assertThat(m.getInteger("readWrite")).isPositive());
        } finally {
            RELEASE.get(pid).countDown();
        }

        assertThat(client.exit.get(60, TimeUnit.SECONDS).status()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> row(status(0), pid) == null);
    }

    /** {@code procshare.status} as a bridge client of node {@code node} gets it, presenting {@code caps}. */
    private JsonObject bridgeStatus(int node, JsonObject caps) {
        String[] hostPort = nodes.node(node).identity().bridgeAddress().split(":");
        try (BridgeClient c = BridgeClient.connect(hostPort[0], Integer.parseInt(hostPort[1]), 5000)) {
            return c.request(Addresses.CLIENT_STATUS, new JsonObject().put("caps", caps), 10_000);
        }
    }

    @Test
    void when_aBridgeClientAsks_then_onlyTheHolderOfAProcesssCapabilitySeesItsDetails_andMembersSeeAll() throws Exception {
        Client client = new Client();
        long pid = start(Waits.class, client);
        String cap = nodes.node(ThreeNodes.HOME).capabilities().issue(pid);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> client.out.toString().contains("waiting")
                    || client.exit.isDone());
            assertThat(client.exit).as(client.out.toString()).isNotDone();

            // the holder, through another node's bridge: its home vouches for the capability
            JsonObject mine = row(bridgeStatus(1, new JsonObject().put(Long.toString(pid), cap)), pid);
            assertThat(mine.getString("task")).isEqualTo(Waits.class.getName());
            assertThat(mine.getJsonObject("threadsPerNode").getMap()).containsEntry("c0", 1);
            assertThat(mine.containsKey(StatusScope.WITHHELD)).isFalse();

            // another client: that it exists and where, nothing more
            JsonObject status = bridgeStatus(2, new JsonObject().put(Long.toString(pid), "0".repeat(32)));
            assertThat(row(status, pid)).isEqualTo(new JsonObject().put("pid", pid).put("home", "c0").put("withheld", true));
            assertThat(status.getJsonArray("members").stream().map(m -> (JsonObject) m))
                    .allSatisfy(m -> assertThat(m.getJsonArray("threads").stream().map(t -> ((JsonObject) t).getLong("pid")))
                            .doesNotContain(pid))
                    .allSatisfy(m -> assertThat(m.fieldNames()).contains("counters", "transport"));
            assertThat(row(bridgeStatus(0, new JsonObject()), pid).getBoolean(StatusScope.WITHHELD)).isTrue();

            // a bound on what a client may present
            JsonObject many = new JsonObject();
            for (int i = 0; i <= StatusScope.MAX_CAPS; i++) {
                many.put(Integer.toString(i), "c");
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> bridgeStatus(1, many))
                    .hasMessageContaining("caps: at most 256 entries");

            // a member on the event bus (the web console) sees everything
            assertThat(row(status(1), pid).getString("task")).isEqualTo(Waits.class.getName());
        } finally {
            RELEASE.get(pid).countDown();
        }
        assertThat(client.exit.get(60, TimeUnit.SECONDS).status()).isZero();
        nodes.node(ThreeNodes.HOME).capabilities().forget(pid);
    }
}
