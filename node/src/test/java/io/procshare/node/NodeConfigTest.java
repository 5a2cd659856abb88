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
}
