package io.procshare.node;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.procshare.codecs.Invalidate;
import io.procshare.codecs.InvalidateAck;
import io.procshare.codecs.MapEntry;
import io.procshare.codecs.MapRequest;
import io.procshare.codecs.MapSnapshot;
import io.procshare.codecs.PageConfirm;
import io.procshare.codecs.Shootdown;
import io.procshare.codecs.PageData;
import io.procshare.codecs.PageForward;
import io.procshare.codecs.PageRequest;
import io.procshare.codecs.ProcessExit;
import io.procshare.codecs.ProcessOutput;
import io.procshare.codecs.ProcessSubmit;
import io.procshare.codecs.ProcshareCodecs;
import io.procshare.codecs.ShippedBytes;
import io.procshare.codecs.StatusReply;
import io.procshare.codecs.StatusRequest;
import io.procshare.codecs.SyscallReply;
import io.procshare.codecs.SyscallRequest;
import io.procshare.codecs.ThreadCreated;
import io.procshare.codecs.ThreadExit;
import io.procshare.codecs.ThreadStart;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.NodeCounters;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two real nodes in one JVM (two Hazelcast members, two clustered Vert.x): every message type
 * crosses the clustered event bus and comes back equal; a hostile peer's malformed frame is
 * rejected, counted, and the node keeps serving.
 */
class TwoNodeClusterTest {

    @TempDir
    static Path data;

    static ProcshareNode a;
    static ProcshareNode b;

    @BeforeAll
    static void startTwoNodes() {
        int pa = ProcshareNode.freePort("127.0.0.1");
        int pb = ProcshareNode.freePort("127.0.0.1");
        List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb);
        NodeConfig base = NodeConfig.fromJson(new JsonObject(), null).withMembers(members);
        // a seeds the cluster alone rather than waiting for b's port; b joins it
        a = ProcshareNode.start(base.withMembers(members.subList(0, 1)).withName("a").withCluster("127.0.0.1", pa)
                .withBridge("127.0.0.1", 0).withDataDir(data.resolve("a")));
        b = ProcshareNode.start(base.withName("b").withCluster("127.0.0.1", pb)
                .withBridge("127.0.0.1", 0).withDataDir(data.resolve("b")));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.stop();
        }
    }

    static List<Object> oneOfEachType() {
        Buffer page = Buffer.buffer(new byte[4096]);
        for (int i = 0; i < 4096; i++) {
            page.setByte(i, (byte) (i * 31));
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("rejectedFrames", 3L);
        counters.put("faults", Long.MAX_VALUE);
        return List.of(
                new PageRequest(7, 0x7fff_ffffL, "node-a", (byte) 2, 99, 5),
                new PageForward(7, 12, "node-b", (byte) 1, 100),
                new PageData(7, 12, 100, (byte) 0, (byte) 2, (byte) 0, 42, page),
                new PageData(7, 13, 101, (byte) 0, (byte) 1, (byte) 1, 0, Buffer.buffer()),
                new PageConfirm(7, 12, 100, "node-b", (byte) 1),
                new Invalidate(7, 12, 102, "node-c"),
                new InvalidateAck(7, 12, 102, "node-a"),
                new SyscallRequest(7, 3, 1, 56, new long[] {-100, 0x1000, 0, 0644, 0, 0}, 0,
                        List.of(new ShippedBytes(0x1000, Buffer.buffer("/a/b/c/d/e/file\0")))),
                new SyscallReply(7, 3, 1, -2, 0, List.of()),
                new SyscallReply(7, 3, 2, 4096, 0, List.of(new ShippedBytes(0x2000, page.copy()))),
                new ThreadCreated(7, 4, 3, "node-b"),
                new ThreadStart(7, 4, "node-b", "io.procshare.Example$Worker", 1, 0x7000_0000L, 0, 0x7000_1000L,
                        Buffer.buffer(new byte[264])),
                new ThreadExit(7, 4, "node-b", 0),
                new ProcessSubmit("matmul", List.of("--size", "64"), 4, "spread", "procshare.client.x", Buffer.buffer()),
                new ProcessOutput(7, (byte) 1, Buffer.buffer("hello\n")),
                new ProcessExit(7, 139, "segmentation fault at 0x0"),
                new StatusRequest(1, (byte) 0),
                new StatusReply("a", "id", "127.0.0.1:5701", "127.0.0.1:7000", "io_uring", 1L, counters),
                new MapRequest(7, 3, "node-b"),
                new MapSnapshot(7, 4, 1L << 40, Shootdown.UNMAP, 0x1000, 0x3000,
                        List.of(new MapEntry(0x20_0000_0000L, 0x20_0000_4000L, (byte) 3))));
    }

    @Test
    void when_everyMessageTypeIsEchoedByTheOtherNode_then_itComesBackEqual() throws Exception {
        String echo = Addresses.of(b.identity().nodeId(), Addresses.ECHO);
        List<Class<?>> seen = new ArrayList<>();
        for (Object message : oneOfEachType()) {
            Object back = a.vertx().eventBus().request(echo, message, new DeliveryOptions().setSendTimeout(5000))
                    .await(10, TimeUnit.SECONDS).body();
            assertThat(back).as(message.getClass().getSimpleName()).isEqualTo(message).isNotSameAs(message);
            seen.add(message.getClass());
        }
        assertThat(seen).containsAll(ProcshareCodecs.all().stream().<Class<?>>map(r -> r.type()).toList());
    }

    @Test
    void when_statusIsAskedOfOneNode_then_itListsBothMembers() throws Exception {
        // another test's extra member may still be leaving: wait for the membership to settle
        JsonObject status = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> (JsonObject) b.vertx().eventBus().request(Addresses.CLIENT_STATUS, new JsonObject())
                        .await(10, TimeUnit.SECONDS).body(),
                s -> s.getInteger("clusterSize") == 2);
        assertThat(status.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("name")))
                .containsExactly("a", "b");
        assertThat(status.getJsonArray("members").getJsonObject(0).getString("transport"))
                .isEqualTo(a.identity().transport());
        for (int i = 0; i < 4; i++) { // the node asked answers, never another member in turn
            JsonObject again = (JsonObject) b.vertx().eventBus().request(Addresses.CLIENT_STATUS, new JsonObject())
                    .await(10, TimeUnit.SECONDS).body();
            assertThat(again.getString("queriedNode")).isEqualTo("b");
            JsonObject view = (JsonObject) a.vertx().eventBus().request(Addresses.CLIENT_MEMBERS, new JsonObject())
                    .await(10, TimeUnit.SECONDS).body();
            assertThat(view.getString("queriedNode")).isEqualTo("a");
            assertThat(view.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("name")))
                    .containsExactlyInAnyOrder("a", "b");
            assertThat(view.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("id")))
                    .contains(a.identity().nodeId(), b.identity().nodeId());
        }
        JsonObject gauges = status.getJsonArray("members").getJsonObject(1).getJsonObject("counters");
        long heapPeak = gauges.getLong("jvm.heapPeakBytes");
        assertThat(heapPeak).as("peak heap").isPositive().isGreaterThanOrEqualTo(gauges.getLong("jvm.heapUsedBytes"))
                .isLessThanOrEqualTo(gauges.getLong("jvm.heapMaxBytes"));
        assertThat(gauges.getLong("jvm.rssPeakBytes")).as("VmHWM").isGreaterThanOrEqualTo(gauges.getLong("jvm.rssBytes"))
                .isGreaterThan(heapPeak / 4);
    }

    @Test
    void when_aHostilePeerSendsAMalformedFrame_then_itIsRejectedCountedAndTheNodeKeepsServing() throws Exception {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(HazelcastSetup.build(NodeConfig.fromJson(new JsonObject(), null)
                .withName("liar").withCluster("127.0.0.1", ProcshareNode.freePort("127.0.0.1"))
                .withMembers(a.config().members())));
        Vertx liar = Vertx.builder().withClusterManager(new HazelcastClusterManager(hz)).buildClustered()
                .await(60, TimeUnit.SECONDS);
        try {
            // claims to be the PageData codec, writes a truncated frame: version 1, type PageData, length 4104, 5 bytes
            liar.eventBus().registerCodec(new LyingCodec("procshare.PageData"));
            long before = b.counters().get(NodeCounters.REJECTED_FRAMES);
            String echo = Addresses.of(b.identity().nodeId(), Addresses.ECHO);
            DeliveryOptions lie = new DeliveryOptions().setCodecName("procshare.PageData").setSendTimeout(5000);

            assertThatThrownBy(() -> liar.eventBus().request(echo, "anything", lie).await(10, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(ReplyException.class, e -> {
                        assertThat(e.failureCode()).isEqualTo(FrameGuard.FAILURE_BAD_FRAME);
                        assertThat(e.getMessage()).contains("offset");
                    });
            assertThat(b.counters().get(NodeCounters.REJECTED_FRAMES)).isEqualTo(before + 1);

            // and it still serves, to the liar and to honest peers alike
            StatusReply reply = (StatusReply) a.vertx().eventBus()
                    .request(Addresses.of(b.identity().nodeId(), Addresses.STATUS), new StatusRequest(9, (byte) 0))
                    .await(10, TimeUnit.SECONDS).body();
            assertThat(reply.counters()).containsEntry(NodeCounters.REJECTED_FRAMES, before + 1);
            Object back = a.vertx().eventBus().request(echo, new ThreadExit(1, 2, "x", 0)).await(10, TimeUnit.SECONDS).body();
            assertThat(back).isEqualTo(new ThreadExit(1, 2, "x", 0));
        } finally {
            liar.close().await(10, TimeUnit.SECONDS);
            hz.shutdown();
        }
    }

    /** A codec that borrows a real codec's name and writes a truncated frame. */
    private record LyingCodec(String name) implements MessageCodec<String, String> {
        @Override
        public void encodeToWire(Buffer buffer, String s) {
            buffer.appendByte((byte) 1).appendByte((byte) 3).appendShort((short) 0).appendInt(4104).appendByte((byte) 0);
        }

        @Override
        public String decodeFromWire(int pos, Buffer buffer) {
            throw new UnsupportedOperationException("the liar only sends");
        }

        @Override
        public String transform(String s) {
            return s;
        }

        @Override
        public byte systemCodecID() {
            return -1;
        }
    }
}
