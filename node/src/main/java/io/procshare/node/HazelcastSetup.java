package io.procshare.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;

/**
 * Builds the Hazelcast {@link Config} of a node: {@code conf/cluster.xml} (or the copy in the jar),
 * then the node's own interface, port and TCP/IP member list on top. Multicast and auto-detection
 * stay off and the join does not wait: on loopback a cluster then forms in seconds.
 *
 * <p>With a {@link ClusterSecret} the cluster name is derived from it: Hazelcast open source has no
 * member authentication, but a member only joins members of its own cluster name, so a node with
 * another secret (or none) is turned away and ends up alone.
 */
final class HazelcastSetup {

    private HazelcastSetup() {
    }

    /** Member attribute under which Vert.x's cluster manager finds a member's node id. */
    static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";
    /** Member attribute with the node's configured name, for placement by name. */
    static final String NAME_ATTRIBUTE = "procshare.name";

    static Config build(NodeConfig conf) {
        Config config = load(conf);
        // we create the Hazelcast instance ourselves (to know its address), so we also give it the
        // node id that HazelcastClusterManager would otherwise set on a config it owns
        config.getMemberAttributeConfig().setAttribute(VERTX_NODE_ID_ATTRIBUTE, java.util.UUID.randomUUID().toString());
        config.getMemberAttributeConfig().setAttribute(NAME_ATTRIBUTE, conf.name());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setInstanceName("procshare-" + conf.name());
        if (conf.secret() != null) {
            config.setClusterName(conf.secret().clusterName());
        }

        NetworkConfig net = config.getNetworkConfig();
        net.setPort(conf.clusterPort()).setPortAutoIncrement(false);
        InterfacesConfig ifs = net.getInterfaces();
        if ("0.0.0.0".equals(conf.clusterHost())) {
            ifs.setEnabled(false);
        } else {
            ifs.setEnabled(true).setInterfaces(List.of(conf.clusterHost()));
            config.setProperty("hazelcast.local.localAddress", conf.clusterHost());
        }
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(conf.members());
        return config;
    }

    private static Config load(NodeConfig conf) {
        try {
            if (conf.clusterConfig() != null && Files.isRegularFile(conf.clusterConfig())) {
                try (InputStream in = Files.newInputStream(conf.clusterConfig())) {
                    return new XmlConfigBuilder(in).build();
                }
            }
            try (InputStream in = HazelcastSetup.class.getResourceAsStream("/conf/cluster.xml")) {
                if (in == null) {
                    throw new IllegalStateException("no cluster.xml: neither " + conf.clusterConfig() + " nor in the jar");
                }
                return new XmlConfigBuilder(in).build();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + conf.clusterConfig() + ": " + e.getMessage(), e);
        }
    }
}
