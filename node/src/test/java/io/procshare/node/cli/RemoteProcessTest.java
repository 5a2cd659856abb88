package io.procshare.node.cli;

import io.procshare.node.client.BridgeClient;
import io.procshare.node.client.FakeBridge;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client side of a submitted process against a scripted fake bridge: registration, the
 * submission, output and exit, refusals, and the deadlines that keep a client from waiting forever.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RemoteProcessTest {

    private static final RemoteProcess.Deadlines QUICK = new RemoteProcess.Deadlines(5000, 2000, 100, 300, 60_000);
    private static final RemoteProcess.Request MATMUL =
            new RemoteProcess.Request("matmul", List.of("--size", "64"), 3, "spread", null);

    /** Plays the node's part of a submission up to its reply; returns the client's address. */
    private static String acceptSubmission(FakeBridge node, long pid) throws InterruptedException {
        JsonObject register = node.next("register");
        String client = register.getString("address");
        assertThat(client).startsWith("procshare.client.");
        JsonObject probe = node.next("send");
        assertThat(probe.getString("address")).isEqualTo(client);
        node.message(client, probe.getJsonObject("body"));
        JsonObject submit = node.next("send");
        while (client.equals(submit.getString("address"))) {
            submit = node.next("send"); // a probe re-sent (every 200 ms) before our echo reached the client
        }
        assertThat(submit.getString("address")).isEqualTo("procshare.submit");
        JsonObject body = submit.getJsonObject("body");
        assertThat(body.getString("task")).isEqualTo("matmul");
        assertThat(body.getJsonArray("args")).isEqualTo(new JsonArray().add("--size").add("64"));
        assertThat(body.getInteger("threads")).isEqualTo(3);
        assertThat(body.getString("placement")).isEqualTo("spread");
        assertThat(body.containsKey("home")).isFalse();
        assertThat(body.getString("client")).isEqualTo(client);
        node.message(submit.getString("replyAddress"),
                new JsonObject().put("pid", pid).put("home", "node2").put("homeId", "id-2"));
        return client;
    }

    private static JsonObject out(long pid, int stream, String text) {
        return new JsonObject().put("type", "out").put("pid", pid).put("stream", stream)
                .put("data", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void when_theProcessWritesAndExits_then_theOutputArrivesInOrderAndTheExitSaysWhereThreadsRan() throws Exception {
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            List<String> seen = new ArrayList<>();
            CompletableFuture<RemoteProcess.Exit> exit = CompletableFuture.supplyAsync(() -> {
                RemoteProcess p = RemoteProcess.submit(client, MATMUL, QUICK);
                assertThat(p.pid()).isEqualTo(77);
                assertThat(p.home()).isEqualTo("node2");
                return p.stream((stream, data) -> seen.add(stream + ":" + new String(data, StandardCharsets.UTF_8)));
            });
            String address = acceptSubmission(node, 77);
            node.message(address, out(77, 1, "thread 2 on node3: rows 0..21\n"));
            node.message(address, out(77, 2, "warning\n"));
            node.message(address, new JsonObject().put("type", "exit").put("pid", 77).put("status", 3).put("message", "")
                    .put("threads", new JsonArray().add(new JsonObject().put("gtid", 1).put("node", "node2"))
                            .add(new JsonObject().put("gtid", 2).put("node", "node3"))));

            RemoteProcess.Exit e = exit.get(5, TimeUnit.SECONDS);
            assertThat(e.status()).isEqualTo(3);
            assertThat(e.threads()).containsExactly(new RemoteProcess.ThreadPlace(1, "node2"),
                    new RemoteProcess.ThreadPlace(2, "node3"));
            assertThat(e.nodes()).containsExactly("node2", "node3");
            assertThat(seen).containsExactly("1:thread 2 on node3: rows 0..21\n", "2:warning\n");
            assertThat(node.next("unregister").getString("address")).isEqualTo(address);
        }
    }

    @Test
    void when_theClusterRefusesTheSubmission_then_submitThrowsRefusedWithTheReason() throws Exception {
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            CompletableFuture<RemoteProcess> p = CompletableFuture.supplyAsync(() -> RemoteProcess.submit(client, MATMUL, QUICK));
            String address = node.next("register").getString("address");
            node.message(address, node.next("send").getJsonObject("body"));
            JsonObject submit = node.next("send");
            node.frame(new JsonObject().put("type", "err").put("address", submit.getString("replyAddress"))
                    .put("failureCode", 400).put("message", "matmul: --size: 'x' is not a number"));
            assertThat(p).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().havingCause()
                    .isInstanceOf(RemoteProcess.Refused.class).withMessage("matmul: --size: 'x' is not a number");
        }
    }

    @Test
    void when_pingsGoUnanswered_then_streamGivesUpSayingThePidMayStillRun() throws Exception {
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            CompletableFuture<RemoteProcess.Exit> exit = CompletableFuture.supplyAsync(
                    () -> RemoteProcess.submit(client, MATMUL, QUICK).stream((s, d) -> { }));
            acceptSubmission(node, 78);
            assertThat(node.next("ping")).isNotNull();
            assertThat(exit).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().havingCause()
                    .isInstanceOf(RemoteProcess.ConnectionLost.class)
                    .withMessageContaining("lost the connection to node 127.0.0.1:" + node.port())
                    .withMessageContaining("pid 78 may still be running");
        }
    }

    @Test
    void when_theNodeAnswersPings_then_aQuietProcessIsFollowedToItsExit() throws Exception {
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            CompletableFuture<RemoteProcess.Exit> exit = CompletableFuture.supplyAsync(
                    () -> RemoteProcess.submit(client, MATMUL, QUICK).stream((s, d) -> { }));
            String address = acceptSubmission(node, 79);
            for (int i = 0; i < 5; i++) { // 5 pings at 100 ms idle: longer than the 300 ms pong deadline
                node.next("ping");
                node.frame(new JsonObject().put("type", "pong"));
            }
            node.message(address, new JsonObject().put("type", "exit").put("pid", 79).put("status", 0)
                    .put("message", "").put("threads", new JsonArray()));
            assertThat(exit.get(5, TimeUnit.SECONDS).status()).isZero();
        }
    }

    @Test
    void when_theHomeLeavesTheCluster_then_streamGivesUpNamingIt() throws Exception {
        RemoteProcess.Deadlines homeCheck = new RemoteProcess.Deadlines(5000, 2000, 100, 2000, 250);
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            CompletableFuture<RemoteProcess.Exit> exit = CompletableFuture.supplyAsync(
                    () -> RemoteProcess.submit(client, MATMUL, homeCheck).stream((s, d) -> { }));
            acceptSubmission(node, 80);
            JsonObject status = homeCheck(node);
            node.message(status.getString("replyAddress"), new JsonObject().put("queriedNode", "node1").put("members",
                    new JsonArray().add(new JsonObject().put("id", "id-1").put("name", "node1"))
                            .add(new JsonObject().put("id", "id-3").put("name", "node3"))));
            assertThat(exit).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().havingCause()
                    .isInstanceOf(RemoteProcess.ConnectionLost.class)
                    .withMessageContaining("node node2 lost: it was the home of pid 80");
        }
    }

    /**
     * A status routed to (or waiting for) a member that is cut off answers late or never; the exit
     * that arrives meanwhile is not lost, the check is not taken for a lost connection, and the
     * client does not wait for the status longer than {@link RemoteProcess#HOME_CHECK_TIMEOUT_MS}.
     */
    @Test
    void when_theHomeCheckGetsNoAnswer_then_theExitThatArrivedMeanwhileEndsTheStreamSoon() throws Exception {
        RemoteProcess.Deadlines homeCheck = new RemoteProcess.Deadlines(5000, 2000, 100, 20_000, 250);
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            CompletableFuture<RemoteProcess.Exit> exit = CompletableFuture.supplyAsync(
                    () -> RemoteProcess.submit(client, MATMUL, homeCheck).stream((s, d) -> { }));
            String address = acceptSubmission(node, 82);
            homeCheck(node);
            long asked = System.nanoTime();
            node.message(address, new JsonObject().put("type", "exit").put("pid", 82).put("status", 1)
                    .put("message", "node node3 lost").put("threads", new JsonArray()));

            RemoteProcess.Exit e = exit.get(RemoteProcess.HOME_CHECK_TIMEOUT_MS + 2000, TimeUnit.MILLISECONDS);
            assertThat(e.status()).isEqualTo(1);
            assertThat(e.message()).isEqualTo("node node3 lost");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked))
                    .isLessThan(RemoteProcess.HOME_CHECK_TIMEOUT_MS + 1000);
        }
    }

    @Test
    void when_theHomeCheckGetsNoAnswerAndNeitherDoesThePing_then_streamGivesUpSayingThePidMayStillRun()
            throws Exception {
        RemoteProcess.Deadlines homeCheck = new RemoteProcess.Deadlines(5000, 2000, 100, 300, 250);
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            CompletableFuture<RemoteProcess.Exit> exit = CompletableFuture.supplyAsync(
                    () -> RemoteProcess.submit(client, MATMUL, homeCheck).stream((s, d) -> { }));
            acceptSubmission(node, 83);
            homeCheck(node);
            // from now on the node is silent: neither the status nor the ping that follows it is answered
            assertThat(node.next("ping")).isNotNull();
            assertThat(exit).failsWithin(RemoteProcess.HOME_CHECK_TIMEOUT_MS + 3000, TimeUnit.MILLISECONDS)
                    .withThrowableThat().havingCause().isInstanceOf(RemoteProcess.ConnectionLost.class)
                    .withMessageContaining("no answer to a ping").withMessageContaining("pid 83 may still be running");
        }
    }

    @Test
    void when_submitRunsAgainstANode_then_itStreamsOutputAndExitsWithTheProcessStatus() throws Exception {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (FakeBridge node = new FakeBridge()) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> ProcshareCli.run("submit", "--node",
                    node.host() + ":" + node.port(), "--threads", "3", "--placement", "spread", "--show-threads",
                    "matmul", "--size", "64"));
            String address = acceptSubmission(node, 81);
            node.message(address, out(81, 1, "matmul: check FAILED (1 cell wrong)\n"));
            node.message(address, new JsonObject().put("type", "exit").put("pid", 81).put("status", 1)
                    .put("message", "").put("threads", new JsonArray().add(new JsonObject().put("gtid", 1).put("node", "node2"))));
            assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("matmul: check FAILED (1 cell wrong)\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("procshare: pid 81 started on node2")
                .contains("procshare: thread 1 ran on node2").contains("procshare: pid 81 exited with status 1");
    }

    /** Answers pings until the client's home check arrives; returns that request. */
    private static JsonObject homeCheck(FakeBridge node) throws Exception {
        while (true) {
            JsonObject f = node.next();
            if ("ping".equals(f.getString("type"))) {
                node.frame(new JsonObject().put("type", "pong"));
            } else {
                assertThat(f.getString("address")).isEqualTo("procshare.members");
                return f;
            }
        }
    }
}
