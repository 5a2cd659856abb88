package io.procshare.node.cli;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.procshare.codecs.ProcshareCodecs;
import io.procshare.codecs.ThreadExit;
import io.procshare.node.ClusterSecret;
import io.procshare.node.NodeConfig;
import io.procshare.node.ProcshareNode;
import io.procshare.node.TestCerts;
import io.procshare.node.client.BridgeClient;
import io.procshare.node.client.BridgeSecurity;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.NodeCounters;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A closed cluster with TLS in this JVM: two nodes with the secret and certificates made by
 * {@code scripts/make-test-certs.sh} run a process across both (bridge and event bus over TLS); a
 * client that does not trust the CA, or does not speak TLS, is told so; a member that got into
 * Hazelcast with a certificate of another CA exchanges no event-bus message with the nodes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClosedClusterTlsTest {

    private static final String SECRET = "tls test secret";
    private static final ClusterSecret CLUSTER_SECRET = ClusterSecret.of("test", SECRET);

    @TempDir
    static Path dir;

    static Path certs;
    static Path otherCa;
    static ProcshareNode a;
    static ProcshareNode b;

    @BeforeAll
    static void startTwoNodesWithTls() {
        certs = TestCerts.made(dir.resolve("certs"), "node");
        otherCa = TestCerts.made(dir.resolve("other"), "stranger");
        int pa = ClosedClusterTest.freePort();
        int pb = ClosedClusterTest.freePort();
        List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb);
        NodeConfig base = NodeConfig.load(null).withSecret(CLUSTER_SECRET).withTls(TestCerts.tls(certs, "node"));
        a = ProcshareNode.start(base.withMembers(members.subList(0, 1)).withName("tls-a").withCluster("127.0.0.1", pa)
                .withBridge("127.0.0.1", 0).withDataDir(dir.resolve("a")));
        b = ProcshareNode.start(base.withMembers(members).withName("tls-b").withCluster("127.0.0.1", pb)
                .withBridge("127.0.0.1", 0).withDataDir(dir.resolve("b")));
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

    @Test
    void when_tlsIsOn_then_aProcessRunsAcrossBothNodes() {
        try (BridgeClient client = ClosedClusterTest.connect(a, BridgeSecurity.of(CLUSTER_SECRET, certs.resolve("ca.pem")))) {
            ClosedClusterTest.Run run = ClosedClusterTest.matmulOnBothNodes(client, "tls-a", "tls-b");

            assertThat(run.exit().status()).as(run.output()).isZero();
            assertThat(run.output()).contains("matmul: check passed");
            assertThat(run.exit().nodes()).containsExactlyInAnyOrder("tls-a", "tls-b");
        }
    }

    @Test
    void when_theClientTrustsAnotherCa_then_theHandshakeFailsSayingSo() {
        BridgeSecurity wrongCa = BridgeSecurity.of(CLUSTER_SECRET, otherCa.resolve("ca.pem"));

        assertThatThrownBy(() -> ClosedClusterTest.connect(a, wrongCa).close())
                .isInstanceOf(BridgeClient.BridgeException.class)
                .hasMessageContaining("TLS handshake with node " + a.identity().bridgeAddress() + " failed")
                .hasMessageContaining("its certificate is not signed by the CA in --tls-ca " + otherCa.resolve("ca.pem"));
    }

    @Test
    void when_theClientSpeaksPlainTcp_then_itIsToldToUseTls() {
        try (BridgeClient plain = ClosedClusterTest.connect(a, BridgeSecurity.of(CLUSTER_SECRET, null))) {
            assertThatThrownBy(() -> plain.request(Addresses.CLIENT_STATUS, new JsonObject(), 5000))
                    .isInstanceOf(BridgeClient.BridgeException.class)
                    .hasMessageContaining("--tls-ca");
        }
    }

    @Test
    void when_aMemberWithACertificateOfAnotherCaGetsIntoHazelcast_then_itExchangesNoEventBusMessageWithTheNodes()
            throws Exception {
        // the secret lets it into Hazelcast: only the certificate stands between it and the event bus
        Config hzConfig = new Config().setClusterName(CLUSTER_SECRET.clusterName()).setInstanceName("tls-stranger");
        hzConfig.setProperty("hazelcast.logging.type", "slf4j");
        hzConfig.setProperty("hazelcast.phone.home.enabled", "false");
        hzConfig.getMemberAttributeConfig().setAttribute("__vertx.nodeId", UUID.randomUUID().toString());
        hzConfig.getNetworkConfig().setPort(ClosedClusterTest.freePort()).setPortAutoIncrement(false)
                .getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
        JoinConfig join = hzConfig.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(List.of(a.identity().clusterAddress()));
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(hzConfig);
        Vertx stranger = null;
        try {
            assertThat(hz.getCluster().getMembers()).hasSize(3);
            EventBusOptions eventBus = new EventBusOptions().setHost("127.0.0.1").setSsl(true).setTrustAll(true)
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(otherCa.resolve("stranger.pem").toString())
                            .setKeyPath(otherCa.resolve("stranger.key").toString()));
            stranger = Vertx.builder().with(new VertxOptions().setEventBusOptions(eventBus))
                    .withClusterManager(new HazelcastClusterManager(hz)).buildClustered().await(60, TimeUnit.SECONDS);
            ProcshareCodecs.registerAll(stranger.eventBus());
            AtomicInteger reached = new AtomicInteger();
            stranger.eventBus().consumer("procshare.stranger.inbox", m -> {
                reached.incrementAndGet();
                m.reply("got it");
            });
            Vertx s = stranger;
            // its registration reaches the nodes through Hazelcast, like any member's
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> a.vertx().eventBus()
                    .request("procshare.stranger.inbox", "hello", new DeliveryOptions().setSendTimeout(2000))
                    .transform(r -> io.vertx.core.Future.succeededFuture(r.failed() ? r.cause().getMessage() : "replied"))
                    .await(10, TimeUnit.SECONDS), r -> !r.contains("No handlers"));
            long echoed = b.counters().get(NodeCounters.ECHOED);

            assertThatThrownBy(() -> s.eventBus().request(Addresses.of(b.identity().nodeId(), Addresses.ECHO),
                    new ThreadExit(1, 2, "x", 0), new DeliveryOptions().setSendTimeout(3000)).await(10, TimeUnit.SECONDS))
                    .as("a message from the stranger to a node");
            assertThatThrownBy(() -> a.vertx().eventBus().request("procshare.stranger.inbox", "hello",
                    new DeliveryOptions().setSendTimeout(3000)).await(10, TimeUnit.SECONDS))
                    .as("a message from a node to the stranger");
            assertThat(reached).hasValue(0);
            assertThat(b.counters().get(NodeCounters.ECHOED)).isEqualTo(echoed);
        } finally {
            if (stranger != null) {
                stranger.close().await(10, TimeUnit.SECONDS);
            }
            hz.shutdown();
        }
    }
}
