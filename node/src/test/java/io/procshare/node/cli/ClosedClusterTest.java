package io.procshare.node.cli;

import io.procshare.node.ClusterSecret;
import io.procshare.node.NodeConfig;
import io.procshare.node.ProcshareNode;
import io.procshare.node.client.BridgeClient;
import io.procshare.node.client.BridgeSecurity;
import io.procshare.verticles.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A closed cluster in this JVM (DESIGN §10): two nodes with the same secret form one cluster and
 * run a process across both; a node with another secret, or none, is turned away and says so; a
 * client without the secret, or with a wrong one, is refused with a clear message and starts nothing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClosedClusterTest {

    private static final String SECRET = "correct horse battery staple";
    private static final BridgeSecurity RIGHT = BridgeSecurity.of(ClusterSecret.of("test", SECRET), null);

    @TempDir
    static Path data;

    static ProcshareNode a;
    static ProcshareNode b;

    @BeforeAll
    static void startTwoNodesWithTheSecret() {
        int pa = freePort();
        int pb = freePort();
        List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb);
        NodeConfig base = NodeConfig.load(null).withSecret(ClusterSecret.of("test", SECRET));
        a = ProcshareNode.start(base.withMembers(members.subList(0, 1)).withName("sec-a").withCluster("127.0.0.1", pa)
                .withBridge("127.0.0.1", 0).withDataDir(data.resolve("a")));
        b = ProcshareNode.start(base.withMembers(members).withName("sec-b").withCluster("127.0.0.1", pb)
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

    static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static BridgeClient connect(ProcshareNode node, BridgeSecurity security) {
        NodeConfig.HostPort bridge = NodeConfig.parseHostPort("bridge", node.identity().bridgeAddress());
        return BridgeClient.connect(bridge.host(), bridge.port(), 3000, security);
    }

    /** Submits matmul with one thread on each node through {@code client}; returns its exit and output. */
    static Run matmulOnBothNodes(BridgeClient client, String nodeA, String nodeB) {
        RemoteProcess p = RemoteProcess.submit(client, new RemoteProcess.Request("matmul", List.of("--size", "24"), 2,
                "spread:" + nodeA + "," + nodeB, null), RemoteProcess.Deadlines.DEFAULT);
        StringBuilder out = new StringBuilder();
        RemoteProcess.Exit exit = p.stream((stream, bytes) -> out.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        return new Run(exit, out.toString());
    }

    record Run(RemoteProcess.Exit exit, String output) {
    }

    /** The processes running now whose task is {@code task}, as the cluster reports them. */
    static long running(BridgeClient client, String task) {
        JsonObject status = client.request(Addresses.CLIENT_STATUS, new JsonObject(), 10_000);
        return status.getJsonArray("processes", new JsonArray()).stream()
                .filter(p -> task.equals(((JsonObject) p).getString("task"))).count();
    }

    @Test
    void when_twoNodesShareTheSecret_then_theyFormOneClusterAndAProcessRunsOnBoth() {
        try (BridgeClient client = connect(b, RIGHT)) {
            JsonObject status = client.request(Addresses.CLIENT_STATUS, new JsonObject(), 10_000);
            assertThat(status.getInteger("clusterSize")).isEqualTo(2);

            Run run = matmulOnBothNodes(client, "sec-a", "sec-b");

            assertThat(run.exit().status()).as(run.output()).isZero();
            assertThat(run.output()).contains("matmul: check passed");
            assertThat(run.exit().nodes()).containsExactlyInAnyOrder("sec-a", "sec-b");
        }
        assertThat(a.aloneWarning()).isEmpty();
        assertThat(b.aloneWarning()).isEmpty();
    }

    @ParameterizedTest(name = "secret {0}")
    @NullSource
    @ValueSource(strings = "correct horse battery stapler")
    void when_aNodeHasAnotherSecretOrNone_then_itRunsAloneAndSaysItFoundNoMemberToJoin(String secret) {
        int pc = freePort();
        String name = secret == null ? "sec-open" : "sec-other";
        NodeConfig config = NodeConfig.load(null).withSecret(secret == null ? null : ClusterSecret.of("test", secret))
                .withMembers(List.of(a.identity().clusterAddress(), "127.0.0.1:" + pc)).withName(name)
                .withCluster("127.0.0.1", pc).withBridge("127.0.0.1", 0).withDataDir(data.resolve(name));
        ProcshareNode stranger = ProcshareNode.start(config);
        try {
            try (BridgeClient own = connect(stranger, secret == null ? BridgeSecurity.NONE
                    : BridgeSecurity.of(ClusterSecret.of("test", secret), null))) {
                assertThat(own.request(Addresses.CLIENT_STATUS, new JsonObject(), 10_000).getInteger("clusterSize"))
                        .isEqualTo(1);
            }
            try (BridgeClient client = connect(a, RIGHT)) {
                assertThat(client.request(Addresses.CLIENT_STATUS, new JsonObject(), 10_000).getInteger("clusterSize"))
                        .isEqualTo(2);
            }
            assertThat(stranger.aloneWarning()).hasValueSatisfying(w -> assertThat(w)
                    .contains("found no member it could join")
                    .contains(a.identity().clusterAddress())
                    .contains(secret == null ? "a closed one" : "another secret"));
        } finally {
            stranger.stop();
        }
    }

    @ParameterizedTest(name = "token {0}")
    @NullSource
    @ValueSource(strings = {"wrong secret", ""})
    void when_aClientHasNoOrAWrongSecret_then_theNodeRefusesItClearlyAndNothingRuns(String clientSecret) {
        BridgeSecurity security = clientSecret == null ? BridgeSecurity.NONE
                : clientSecret.isEmpty() ? new BridgeSecurity("", null)
                : BridgeSecurity.of(ClusterSecret.of("test", clientSecret), null);
        String bridge = a.identity().bridgeAddress();
        long refusedBefore = a.counters().get("bridge.refusedFrames");
        try (BridgeClient client = connect(a, security)) {
            assertThatThrownBy(() -> RemoteProcess.submit(client, new RemoteProcess.Request("montecarlo",
                    List.of("--samples", "2000000000"), 2, null, null), RemoteProcess.Deadlines.DEFAULT))
                    .isInstanceOf(BridgeClient.Unauthorized.class)
                    .hasMessage("node " + bridge + " refused this client: missing or wrong secret (use --secret or "
                            + "PROCSHARE_SECRET)");
            assertThatThrownBy(() -> client.request(Addresses.CLIENT_STATUS, new JsonObject(), 5000))
                    .isInstanceOf(BridgeClient.Unauthorized.class);
        }
        // a client that skips the registration and sends the submission itself gets no further
        try (BridgeClient raw = connect(a, security)) {
            JsonObject submission = new JsonObject().put("task", "montecarlo")
                    .put("args", new JsonArray().add("--samples").add("2000000000")).put("threads", 2)
                    .put("client", "procshare.client.nobody");
            assertThatThrownBy(() -> raw.request(io.procshare.node.guest.SubmitVerticle.SUBMIT, submission, 5000))
                    .isInstanceOf(BridgeClient.Unauthorized.class);
        }
        assertThat(a.counters().get("bridge.refusedFrames")).isGreaterThan(refusedBefore);
        try (BridgeClient client = connect(a, RIGHT)) {
            assertThat(running(client, "montecarlo")).isZero();
        }
    }

    @Test
    void when_aFrameCarriesTheToken_then_theConsumerBehindTheBridgeNeverSeesIt() {
        // a client may send to an address it registered itself: the message comes back with the headers it had on the bus
        String address = io.procshare.node.bridge.ClientAddresses.newClientAddress();
        try (BridgeClient client = connect(a, RIGHT)) {
            client.register(address);
            BridgeClient.Frame seen = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen == null && System.nanoTime() < deadline) {
                client.send(address, new JsonObject().put("probe", 1));
                BridgeClient.Frame f = client.receive(200);
                if (f != null && f.isMessageTo(address)) {
                    seen = f;
                }
            }
            assertThat(seen).as("the message sent to the client's own address").isNotNull();
            assertThat(seen.json().getJsonObject("headers", new JsonObject()).fieldNames())
                    .doesNotContain(ClusterSecret.BRIDGE_HEADER);
            assertThat(seen.json().encode()).doesNotContain(RIGHT.token());
        }
    }

    @Test
    void when_submitIsGivenAWrongSecret_then_itPrintsTheRefusalAndExits2() {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = ProcshareCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("submit", "--node", a.identity().bridgeAddress(), "--secret", "guess",
                "montecarlo", "--samples", "2000000000");

        assertThat(exit).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("procshare: node " + a.identity().bridgeAddress()
                + " refused this client: missing or wrong secret (use --secret or PROCSHARE_SECRET)");
        try (BridgeClient client = connect(a, RIGHT)) {
            assertThat(running(client, "montecarlo")).isZero();
        }
    }
}
