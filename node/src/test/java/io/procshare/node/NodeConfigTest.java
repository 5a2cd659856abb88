package io.procshare.node;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NodeConfigTest {

    @Test
    void when_noFileGiven_then_builtInDefaultsAreLoopback() {
        NodeConfig c = NodeConfig.fromJson(new JsonObject(), null);
        assertThat(c.clusterHost()).isEqualTo("127.0.0.1");
        assertThat(c.clusterPort()).isEqualTo(5701);
        assertThat(c.members()).containsExactly("127.0.0.1:5701");
        assertThat(c.bridgePort()).isEqualTo(7000);
        assertThat(c.transport()).isEqualTo("auto");
        assertThat(c.name()).isEqualTo("node-5701");
    }

    @Test
    void when_repoConfIsLoaded_then_clusterXmlResolvesNextToIt() {
        Path conf = Path.of(System.getProperty("user.dir")).resolve("../conf/node.json").normalize();
        NodeConfig c = NodeConfig.load(conf);
        assertThat(c.clusterConfig()).isEqualTo(conf.getParent().resolve("cluster.xml"));
        assertThat(Files.isRegularFile(c.clusterConfig())).isTrue();
    }

    @Test
    void shouldNameTheFieldOfABadMember() {
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("members", List.of("localhost")), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("members")
                .hasMessageContaining("localhost");
    }

    @Test
    void shouldRejectAPortOutOfRange() {
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("bridgePort", 70000), null))
                .hasMessageContaining("bridgePort");
    }

    @Test
    void shouldRejectAnUnknownTransport() {
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("transport", "rdma"), null))
                .hasMessageContaining("transport").hasMessageContaining("rdma");
    }

    @Test
    void shouldReportInvalidJsonWithTheFileName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("node.json");
        Files.writeString(f, "{ not json");
        assertThatThrownBy(() -> NodeConfig.load(f)).hasMessageContaining(f.toString()).hasMessageContaining("JSON");
    }

    @Test
    void shouldReportAMissingConfFile(@TempDir Path dir) {
        assertThatThrownBy(() -> NodeConfig.load(dir.resolve("nope.json"))).hasMessageContaining("no such file");
    }

    @Test
    void when_parsingHostPort_then_lastColonSplits() {
        assertThat(NodeConfig.parseHostPort("x", "10.0.0.1:7001")).isEqualTo(new NodeConfig.HostPort("10.0.0.1", 7001));
        assertThatThrownBy(() -> NodeConfig.parseHostPort("--node", "host:")).hasMessageContaining("--node");
        assertThatThrownBy(() -> NodeConfig.parseHostPort("--node", "host:abc")).hasMessageContaining("not a number");
    }

    @Test
    void when_argumentShippingIsNotSet_then_itIsOn_andTheSyscallUnitShips() {
        NodeConfig c = NodeConfig.fromJson(new JsonObject(), null);
        assertThat(c.argumentShipping()).isTrue();
        assertThat(ProcshareNode.syscallConfig(c).argumentShipping()).isTrue();
    }

    @Test
    void when_nodeJsonTurnsArgumentShippingOff_then_theSyscallUnitUsesTheDsm() {
        assumeTrue(System.getProperty(ProcshareNode.ARGUMENT_SHIPPING) == null, "the system property overrides node.json");
        NodeConfig c = NodeConfig.fromJson(new JsonObject().put("argumentShipping", false), null);
        assertThat(c.argumentShipping()).isFalse();
        assertThat(c.withName("x").argumentShipping()).as("kept by the withers").isFalse();
        assertThat(ProcshareNode.syscallConfig(c).argumentShipping()).isFalse();
    }

    @Test
    void when_repoConfIsLoaded_then_argumentShippingIsOn() {
        Path conf = Path.of(System.getProperty("user.dir")).resolve("../conf/node.json").normalize();
        assertThat(NodeConfig.load(conf).argumentShipping()).isTrue();
    }

    @Test
    void when_limitsAreAbsent_then_theDefaultsReachTheSyscallAndMemoryUnits() {
        NodeConfig c = NodeConfig.fromJson(new JsonObject(), null);
        assertThat(c.limits()).isEqualTo(new NodeConfig.Limits(1024, 262_144, 1024, 4096, 0));
        assertThat(ProcshareNode.syscallConfig(c).limits())
                .isEqualTo(new io.procshare.verticles.exec.SyscallConfig.Limits(1024, 1024, 4096));
        assertThat(ProcshareNode.syscallConfig(c).hostProcess(5).maxFds()).isEqualTo(1024);
        assertThat(ProcshareNode.memoryConfig(c).layout().maxPages()).isEqualTo(262_144);
    }

    @Test
    void when_frameMemoryIsSet_then_theMemoryUnitGetsThatManyFrames_andZeroMeansHalfTheHeap() {
        NodeConfig c = NodeConfig.fromJson(new JsonObject().put("limits", new JsonObject().put("frameMemoryMiB", 64)), null);
        assertThat(ProcshareNode.memoryConfig(c).maxFrames()).isEqualTo(64 * 256);
        assertThat(NodeConfig.Limits.DEFAULTS.maxFrames(8L << 30)).as("half of an 8 GiB heap").isEqualTo(1L << 20);
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("limits", new JsonObject().put("frameMemoryMiB", -1)), null))
                .hasMessageContaining("limits.frameMemoryMiB: must be >= 0");
    }

    @Test
    void when_nodeJsonSetsSomeLimits_then_theyReachTheUnits_andTheOthersKeepTheirDefaults() {
        NodeConfig c = NodeConfig.fromJson(new JsonObject().put("limits", new JsonObject()
                .put("threadsPerProcess", 8).put("mappedPagesPerProcess", 5_000_000_000L).put("openFilesPerProcess", 64)),
                null);
        assertThat(c.limits()).isEqualTo(new NodeConfig.Limits(8, 5_000_000_000L, 64, 4096, 0));
        assertThat(c.withName("x").withTransport("nio").limits()).as("kept by the withers").isEqualTo(c.limits());
        assertThat(ProcshareNode.syscallConfig(c).limits().threads()).isEqualTo(8);
        assertThat(ProcshareNode.syscallConfig(c).limits().openFiles()).isEqualTo(64);
        assertThat(ProcshareNode.syscallConfig(c).limits().pendingSyscalls()).isEqualTo(4096);
        assertThat(ProcshareNode.syscallConfig(c).hostProcess(5).maxFds()).isEqualTo(64);
        assertThat(ProcshareNode.memoryConfig(c).layout().maxPages()).isEqualTo(5_000_000_000L);
    }

    @Test
    void shouldNameTheKeyOfABadLimit() {
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("limits",
                new JsonObject().put("threadsPerProcess", 0)), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limits.threadsPerProcess");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("limits",
                new JsonObject().put("openFilesPerProcess", 2)), null))
                .hasMessageContaining("limits.openFilesPerProcess").hasMessageContaining(">= 3");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("limits",
                new JsonObject().put("pendingSyscallsPerProcess", "many")), null))
                .hasMessageContaining("limits.pendingSyscallsPerProcess").hasMessageContaining("many");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("limits",
                new JsonObject().put("mappedPagesPerProcess", 1.5)), null))
                .hasMessageContaining("limits.mappedPagesPerProcess");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("limits",
                new JsonObject().put("threadsPerProcess", 5_000_000_000L)), null))
                .hasMessageContaining("limits.threadsPerProcess");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("limits",
                new JsonObject().put("fdsPerProcess", 10)), null))
                .hasMessageContaining("limits.fdsPerProcess").hasMessageContaining("openFilesPerProcess");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("limits", 10), null))
                .hasMessageContaining("limits").hasMessageContaining("object");
    }

    @Test
    void when_repoConfIsLoaded_then_itsLimitsAreTheDefaults() {
        Path conf = Path.of(System.getProperty("user.dir")).resolve("../conf/node.json").normalize();
        assertThat(NodeConfig.load(conf).limits()).isEqualTo(NodeConfig.Limits.DEFAULTS);
    }

    @Test
    void when_noSecretOrTlsIsConfigured_then_theClusterIsOpenWithoutTls() {
        NodeConfig c = NodeConfig.fromJson(new JsonObject(), null);
        assertThat(c.secret()).isNull();
        assertThat(c.tls()).isNull();
        Path conf = Path.of(System.getProperty("user.dir")).resolve("../conf/node.json").normalize();
        assertThat(NodeConfig.load(conf).secret()).isNull();
        assertThat(NodeConfig.load(conf).tls()).isNull();
        // an open cluster keeps cluster.xml's name, as before
        assertThat(HazelcastSetup.build(NodeConfig.load(conf)).getClusterName()).isEqualTo("procshare");
    }

    @Test
    void when_aSecretIsConfigured_then_theHazelcastClusterNameIsDerivedFromItAndTheSecretIsNotInTheConfig() {
        NodeConfig c = NodeConfig.fromJson(new JsonObject().put("secret", "hunter2"), null);
        assertThat(c.secret()).isEqualTo(ClusterSecret.of("x", "hunter2"));
        com.hazelcast.config.Config hz = HazelcastSetup.build(c);
        assertThat(hz.getClusterName()).isEqualTo(ClusterSecret.of("x", "hunter2").clusterName());
        assertThat(hz.toString()).doesNotContain("hunter2");
        assertThat(c.toString()).doesNotContain("hunter2");
    }

    @Test
    void shouldRejectAnEmptyOrNonStringSecret() {
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("secret", ""), null))
                .hasMessageContaining("secret").hasMessageContaining("empty");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("secret", 42), null))
                .hasMessageContaining("secret").hasMessageContaining("string");
    }

    @Test
    void when_tlsIsConfigured_then_itsFilesResolveNextToTheConfFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("node.json");
        Files.writeString(f, new JsonObject().put("tls", new JsonObject().put("ca", "certs/ca.pem")
                .put("cert", "certs/node.pem").put("key", "/abs/node.key")).encode());
        NodeConfig.Tls tls = NodeConfig.load(f).tls();
        assertThat(tls.ca()).isEqualTo(dir.resolve("certs/ca.pem"));
        assertThat(tls.cert()).isEqualTo(dir.resolve("certs/node.pem"));
        assertThat(tls.key()).isEqualTo(Path.of("/abs/node.key"));
    }

    @Test
    void shouldNameWhatIsMissingOrWrongInTls() {
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("tls", new JsonObject().put("ca", "ca.pem")), null))
                .hasMessageContaining("missing: cert, key");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("tls", new JsonObject().put("ca", "a")
                .put("cert", "b").put("key", "c").put("password", "d")), null))
                .hasMessageContaining("tls.password");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("tls", "yes"), null))
                .hasMessageContaining("tls").hasMessageContaining("object");
    }

    @Test
    void when_theBridgeSectionIsGiven_then_itsBoundsAreRead_andABadOneIsNamed() {
        NodeConfig dflt = NodeConfig.fromJson(new JsonObject(), null);
        assertThat(dflt.bridge()).isEqualTo(io.procshare.node.bridge.BridgeLimits.DEFAULTS);
        assertThat(dflt.bridge().maxFrameBytes()).isEqualTo(4 << 20);
        NodeConfig c = NodeConfig.fromJson(new JsonObject().put("bridge", new JsonObject().put("maxFrameBytes", 65536)
                .put("killAnyInOpenCluster", true)), null);
        assertThat(c.bridge().maxFrameBytes()).isEqualTo(65536);
        assertThat(c.bridge().killAnyInOpenCluster()).isTrue();
        assertThat(c.bridge().statusAnyInOpenCluster()).as("a switch of its own").isFalse();
        assertThat(NodeConfig.fromJson(new JsonObject().put("bridge", new JsonObject().put("statusAnyInOpenCluster", true)),
                null).bridge().statusAnyInOpenCluster()).isTrue();
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("bridge", new JsonObject()
                .put("statusAnyInOpenCluster", "yes")), null)).hasMessageContaining("bridge.statusAnyInOpenCluster: must be true or false");
        assertThat(c.bridge().maxConnections()).isEqualTo(512);
        assertThat(c.withName("x").bridge()).isEqualTo(c.bridge());
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("bridge", new JsonObject().put("maxFrameBytes", 10)), null))
                .hasMessageContaining("bridge.maxFrameBytes");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("bridge", new JsonObject().put("maxFrames", 10)), null))
                .hasMessageContaining("bridge.maxFrames: unknown key");
        assertThatThrownBy(() -> NodeConfig.fromJson(new JsonObject().put("bridge", new JsonObject()
                .put("maxConnections", 10).put("maxUnauthenticated", 20)), null)).hasMessageContaining("bridge.maxUnauthenticated");
        assertThat(NodeConfig.load(java.nio.file.Path.of("..", "conf", "node.json")).bridge())
                .isEqualTo(io.procshare.node.bridge.BridgeLimits.DEFAULTS);
    }
}
