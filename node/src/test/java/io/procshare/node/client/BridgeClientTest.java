package io.procshare.node.client;

import io.procshare.node.client.BridgeClient.BridgeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BridgeClient} against a scripted fake bridge: request/reply, registered messages, pings, deadlines. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BridgeClientTest {

    @Test
    void when_aMessageArrivesBeforeTheReply_then_requestReturnsTheReplyAndReceiveTheMessage() throws Exception {
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            client.register("procshare.client.x");
            CompletableFuture<JsonObject> reply = CompletableFuture.supplyAsync(
                    () -> client.request("procshare.echo", new JsonObject().put("q", 1), 5000));

            JsonObject register = node.next();
            assertThat(register.getString("type")).isEqualTo("register");
            assertThat(register.getString("address")).isEqualTo("procshare.client.x");
            JsonObject send = node.next();
            assertThat(send.getString("type")).isEqualTo("send");
            assertThat(send.getString("address")).isEqualTo("procshare.echo");
            assertThat(send.getJsonObject("headers").getLong("timeout")).isEqualTo(5000L);
            node.message("procshare.client.x", new JsonObject().put("early", true));
            node.message(send.getString("replyAddress"), new JsonObject().put("a", 2));

            assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(new JsonObject().put("a", 2));
            BridgeClient.Frame kept = client.receive(1000);
            assertThat(kept.isMessageTo("procshare.client.x")).isTrue();
            assertThat(kept.body()).isEqualTo(new JsonObject().put("early", true));
            assertThat(client.receive(50)).isNull();
        }
    }

    @Test
    void when_theConsumerFails_then_theExceptionCarriesItsCodeAndReason() throws Exception {
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            CompletableFuture<JsonObject> reply = CompletableFuture.supplyAsync(
                    () -> client.request("procshare.submit", new JsonObject(), 5000));
            JsonObject send = node.next();
            node.frame(new JsonObject().put("type", "err").put("address", send.getString("replyAddress"))
                    .put("sourceAddress", "procshare.submit").put("failureCode", 404)
                    .put("failureType", "RECIPIENT_FAILURE").put("message", "unknown task 'nope'"));

            assertThat(reply).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().havingCause()
                    .isInstanceOfSatisfying(BridgeException.class, e -> {
                        assertThat(e.failureCode()).isEqualTo(404);
                        assertThat(e.reason()).isEqualTo("unknown task 'nope'");
                        assertThat(e.getMessage()).contains("refused procshare.submit").contains("unknown task 'nope'");
                    });
        }
    }

    @Test
    void when_noReplyComes_then_requestFailsAtItsDeadline() throws Exception {
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.request("procshare.status", new JsonObject(), 300))
                    .isInstanceOf(BridgeException.class)
                    .hasMessageContaining("no answer from").hasMessageContaining("within 300 ms")
                    .satisfies(e -> assertThat(((BridgeException) e).failureCode()).isEqualTo(BridgeClient.NO_FAILURE_CODE));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(250L, 4000L);
        }
    }

    @Test
    void when_aFrameArrivesInPiecesAcrossDeadlines_then_itIsReadWhole() throws Exception {
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            byte[] json = new JsonObject().put("type", "pong").encode().getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[4 + json.length];
            frame[3] = (byte) json.length;
            System.arraycopy(json, 0, frame, 4, json.length);

            node.raw(Arrays.copyOfRange(frame, 0, 2));
            assertThat(client.receive(100)).isNull();
            node.raw(Arrays.copyOfRange(frame, 2, 7));
            assertThat(client.receive(100)).isNull();
            node.raw(Arrays.copyOfRange(frame, 7, frame.length));
            assertThat(client.receive(2000).type()).isEqualTo("pong");
        }
    }

    @Test
    void when_pinged_then_theNodeSeesAPingAndThePongIsReceived() throws Exception {
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            client.ping();
            assertThat(node.next().getString("type")).isEqualTo("ping");
            node.frame(new JsonObject().put("type", "pong"));
            assertThat(client.receive(2000).type()).isEqualTo("pong");
            client.unregister("procshare.client.y");
            assertThat(node.next()).isEqualTo(new JsonObject().put("type", "unregister").put("address", "procshare.client.y"));
        }
    }

    @Test
    void when_theNodeClosesTheConnection_then_receiveFailsSayingSo() throws Exception {
        try (FakeBridge node = new FakeBridge();
             BridgeClient client = BridgeClient.connect(node.host(), node.port(), 1000)) {
            client.ping();
            node.next();
            node.dropClient();
            assertThatThrownBy(() -> client.receive(5000)).isInstanceOf(BridgeException.class)
                    .hasMessageContaining("node closed the connection");
        }
    }

    @Test
    void when_nothingListens_then_connectSaysHowToStartANode() {
        assertThatThrownBy(() -> BridgeClient.connect("127.0.0.1", 1, 1000)).isInstanceOf(BridgeException.class)
                .hasMessageContaining("no procshare node answers at 127.0.0.1:1")
                .hasMessageContaining("cluster start");
    }
}
