package io.procshare.node.guest;

import io.procshare.verticles.syscall.Errno;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Flow control of a process's client streams, both ways: output stops at the window until the
 * client acknowledges, a gone client turns writes into EPIPE, stdin beyond the window is refused,
 * reads block until bytes or end of input and credit what they consumed.
 */
class BridgeStreamsTest {

    private Vertx vertx;
    private final String client = "procshare.client.test";
    private final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private MessageConsumer<JsonObject> consumer;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        consumer = vertx.eventBus().consumer(client, m -> received.add(m.body()));
        consumer.completion().await(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    private BridgeStreams streams(boolean stdin) {
        return new BridgeStreams(7, client, "k", vertx.eventBus(), vertx.getOrCreateContext(), stdin, new boolean[]{false, true, false});
    }

    @Test
    void when_theClientDoesNotAcknowledge_then_aWriterStopsAtTheWindow_andAnAckLetsItGoOn() throws Exception {
        BridgeStreams s = streams(false);
        byte[] chunk = new byte[BridgeStreams.OUTPUT_CHUNK];
        long fits = BridgeStreams.OUTPUT_WINDOW / chunk.length;
        for (int i = 0; i < fits; i++) {
            assertThat(s.write(1, chunk)).isEqualTo(chunk.length);
        }
        CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> s.write(1, chunk));
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> !blocked.isDone());
        s.ack(chunk.length); // the client got the first piece
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo(chunk.length);
        long lastEnd = 0;
        for (int i = 0; i <= fits; i++) {
            JsonObject out = received.poll(5, TimeUnit.SECONDS);
            assertThat(out.getString("type")).isEqualTo("out");
            assertThat(Base64.getDecoder().decode(out.getString("data"))).hasSize(chunk.length);
            lastEnd = out.getLong("end");
        }
        assertThat(lastEnd).isEqualTo((fits + 1) * chunk.length);
    }

    @Test
    void when_aBigWriteGoes_then_itTravelsInBoundedPieces() throws Exception {
        BridgeStreams s = streams(false);
        byte[] big = new byte[3 * BridgeStreams.OUTPUT_CHUNK + 5];
        assertThat(s.write(2, big)).isEqualTo(big.length);
        int total = 0;
        for (int i = 0; i < 4; i++) {
            JsonObject out = received.poll(5, TimeUnit.SECONDS);
            int n = Base64.getDecoder().decode(out.getString("data")).length;
            assertThat(n).isLessThanOrEqualTo(BridgeStreams.OUTPUT_CHUNK);
            assertThat(out.getInteger("stream")).isEqualTo(2);
            total += n;
        }
        assertThat(total).isEqualTo(big.length);
    }

    @Test
    void when_theClientIsGone_then_aBlockedWriterGetsEpipe() throws Exception {
        BridgeStreams s = streams(false);
        byte[] chunk = new byte[BridgeStreams.OUTPUT_CHUNK];
        for (int i = 0; i < BridgeStreams.OUTPUT_WINDOW / chunk.length; i++) {
            s.write(1, chunk);
        }
        consumer.unregister().await(5, TimeUnit.SECONDS);
        long ret = CompletableFuture.supplyAsync(() -> s.write(1, chunk)).get(BridgeStreams.LIVENESS_CHECK_MS + 5_000,
                TimeUnit.MILLISECONDS);
        assertThat(ret).isEqualTo(-Errno.EPIPE);
    }

    @Test
    void when_stdinArrives_then_readsGetItInOrder_creditTheClient_andEndOfInputReadsZero() throws Exception {
        BridgeStreams s = streams(true);
        CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> {
            byte[] b = new byte[10];
            long n = s.read(b);
            return java.util.Arrays.copyOf(b, (int) n);
        });
        await().during(200, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> !first.isDone());
        assertThat(s.stdin("hello world".getBytes(), false)).isTrue();
        assertThat(new String(first.get(5, TimeUnit.SECONDS))).isEqualTo("hello worl");
        byte[] rest = new byte[10];
        assertThat(s.read(rest)).isEqualTo(1);
        assertThat(rest[0]).isEqualTo((byte) 'd');
        JsonObject credit = received.poll(5, TimeUnit.SECONDS);
        while (credit != null && credit.getLong("stdin") < 11) {
            credit = received.poll(5, TimeUnit.SECONDS);
        }
        assertThat(credit).isNotNull();
        assertThat(credit.getString("type")).isEqualTo("credit");
        s.stdin(new byte[0], true);
        assertThat(s.read(rest)).isZero();
    }

    @Test
    void when_aClientSendsBeyondTheStdinWindow_then_theExcessIsRefusedAndCounted() {
        BridgeStreams s = streams(true);
        assertThat(s.stdin(new byte[BridgeStreams.STDIN_WINDOW], false)).isTrue();
        assertThat(s.stdin(new byte[1], false)).isFalse();
        assertThat(s.violations()).isEqualTo(1);
    }

    @Test
    void when_stdinIsNotTheClients_then_fdZeroIsAtItsEnd_andTerminalsAreAsTheClientSaid() {
        BridgeStreams s = streams(false);
        assertThat(s.read(new byte[4])).isZero();
        assertThat(s.isTerminal(0)).isFalse();
        assertThat(s.isTerminal(1)).isTrue();
        assertThat(s.stdin(new byte[1], false)).isFalse();
    }

    @Test
    void when_theProcessEnds_then_aBlockedReaderReturns() throws Exception {
        BridgeStreams s = streams(true);
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> s.read(new byte[4]));
        await().during(200, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> !reader.isDone());
        s.exit(0, "", new io.vertx.core.json.JsonArray());
        assertThat(reader.get(5, TimeUnit.SECONDS)).isZero();
    }
}
