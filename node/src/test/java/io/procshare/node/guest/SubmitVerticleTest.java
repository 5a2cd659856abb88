package io.procshare.node.guest;

import io.procshare.node.syscall.ThreeNodes;
import io.procshare.verticles.NodeCounters;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code procshare.submit} and {@code procshare.kill} as a bridge client uses them (JSON over the
 * event bus), on three in-JVM nodes: output and exit reach the client's address, a bad submission
 * fails at once with a reason, a kill ends a blocked process with 137.
 */
@ExtendWith(ThreeNodes.Extension.class)
class SubmitVerticleTest {

    private final ThreeNodes nodes;
    private MessageConsumer<JsonObject> consumer;

    SubmitVerticleTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    @AfterEach
    void unregister() {
        if (consumer != null) {
            consumer.unregister();
        }
    }

    /** A client on node 1: its address, its stdout, its exit message. */
    private final class Client {
        final String address = "procshare.client." + UUID.randomUUID();
        final StringBuffer out = new StringBuffer();
        final CompletableFuture<JsonObject> exit = new CompletableFuture<>();

        Client() throws Exception {
            consumer = nodes.node(1).vertx().eventBus().consumer(address, m -> {
                JsonObject b = m.body();
                if ("out".equals(b.getString("type")) && b.getInteger("stream") == 1) {
                    out.append(new String(Base64.getDecoder().decode(b.getString("data")), StandardCharsets.UTF_8));
                } else if ("exit".equals(b.getString("type"))) {
                    exit.complete(b);
                }
            });
            consumer.completion().await(10, TimeUnit.SECONDS);
        }

        JsonObject submit(JsonObject body) throws Exception {
            return nodes.node(1).vertx().eventBus().<JsonObject>request(SubmitVerticle.SUBMIT, body.put("client", address))
                    .await(30, TimeUnit.SECONDS).body();
        }
    }

    /** A counter over the three nodes: any of them may take a submission. */
    private long sum(String counter) {
        long total = 0;
        for (int i = 0; i < 3; i++) {
            total += nodes.node(i).counters().get(counter);
        }
        return total;
    }

    private static JsonObject task(Class<?> task, int threads) {
        return new JsonObject().put("task", task.getName()).put("args", new JsonArray()).put("threads", threads);
    }

    /** Blocks its main thread on a futex nobody wakes. */
    public static final class BlocksForever implements SharedTask {
        @Override
        public int main(Guest g, String[] args) {
            long word = g.calloc(4);
            g.println("blocking");
            while (true) {
                g.futexWait(word, 0);
            }
        }
    }

    @Test
    void when_aTaskIsSubmitted_then_itsOutputAndExitReachTheClient_withWhereEachThreadRan() throws Exception {
        Client c = new Client();
        JsonObject started = c.submit(task(GuestTasksTest.OnEveryNode.class, 3).put("home", "c2"));
        assertThat(started.getString("home")).isEqualTo("c2");
        JsonObject exit = c.exit.get(60, TimeUnit.SECONDS);
        assertThat(exit.getLong("pid")).isEqualTo(started.getLong("pid"));
        assertThat(exit.getInteger("status")).isEqualTo(7);
        assertThat(c.out.toString()).contains("total 6000");
        List<String> where = exit.getJsonArray("threads").stream().map(o -> ((JsonObject) o).getString("node")).toList();
        assertThat(where).hasSize(4).containsOnly("c0", "c1", "c2").first().isEqualTo("c2");
    }

    @Test
    void when_aSubmissionIsBad_then_itFailsAtOnceWithTheReason_andNothingRuns() throws Exception {
        Client c = new Client();
        assertThatThrownBy(() -> c.submit(new JsonObject().put("task", "no-such-task")))
                .isInstanceOf(ReplyException.class).hasMessageContaining("unknown task 'no-such-task'")
                .hasMessageContaining("matmul");
        assertThatThrownBy(() -> c.submit(task(GuestTasksTest.OnEveryNode.class, 1).put("placement", "spread:c1,zz")))
                .hasMessageContaining("no node named 'zz'");
        long rejected = sum(NodeCounters.REJECTED_FRAMES);
        long refused = sum(SubmitVerticle.SUBMISSIONS_REFUSED);
        assertThatThrownBy(() -> c.submit(task(GuestTasksTest.OnEveryNode.class, 0)))
                .hasMessageContaining("'threads' must be an integer from 1");
        // a submission that decoded is the client's mistake, not a frame that did not decode
        assertThat(sum(SubmitVerticle.SUBMISSIONS_REFUSED)).isEqualTo(refused + 1);
        assertThat(sum(NodeCounters.REJECTED_FRAMES)).isEqualTo(rejected);
        assertThatThrownBy(() -> c.submit(task(String.class, 1)))
                .hasMessageContaining("does not implement");
        // output only ever goes to a client address, never to a node's internal one
        assertThatThrownBy(() -> nodes.node(1).vertx().eventBus().<JsonObject>request(SubmitVerticle.SUBMIT,
                task(GuestTasksTest.OnEveryNode.class, 1).put("client", "procshare." + nodes.node(0).identity().nodeId()
                        + ".memory.manager")).await(30, TimeUnit.SECONDS))
                .hasMessageContaining("field 'client' must be the client's event-bus address (procshare.client.*)");
        assertThat(c.exit).isNotDone();
    }

    @Test
    void when_aBlockedProcessIsKilled_then_itsClientGets137AndTheReason_andASecondKillFindsNothing() throws Exception {
        Client c = new Client();
        JsonObject submitted = c.submit(task(BlocksForever.class, 1));
        long pid = submitted.getLong("pid");
        String cap = submitted.getString("cap");
        assertThat(cap).as("the submitter's capability: 128 bits in hex").matches("[0-9a-f]{32}");
        var bus = nodes.node(2).vertx().eventBus();
        // without the capability, or with another, the process lives on
        assertThatThrownBy(() -> bus.<JsonObject>request(SubmitVerticle.KILL, new JsonObject().put("pid", pid))
                .await(30, TimeUnit.SECONDS)).hasMessageContaining("not yours to kill");
        assertThatThrownBy(() -> bus.<JsonObject>request(SubmitVerticle.KILL, new JsonObject().put("pid", pid)
                .put("cap", "0".repeat(32))).await(30, TimeUnit.SECONDS)).hasMessageContaining("not yours to kill");
        assertThat(c.exit).isNotDone();
        JsonObject killed = bus.<JsonObject>request(SubmitVerticle.KILL, new JsonObject().put("pid", pid).put("cap", cap))
                .await(30, TimeUnit.SECONDS).body();
        assertThat(killed.getBoolean("killed")).isTrue();
        JsonObject exit = c.exit.get(30, TimeUnit.SECONDS);
        assertThat(exit.getInteger("status")).isEqualTo(137);
        assertThat(exit.getString("message")).contains("killed");
        assertThatThrownBy(() -> bus.<JsonObject>request(SubmitVerticle.KILL, new JsonObject().put("pid", pid).put("cap", cap))
                .await(30, TimeUnit.SECONDS)).hasMessageContaining("no live process " + pid);
    }
}
