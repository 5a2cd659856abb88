package io.procshare.node;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells a node that started alone whether that is expected. Hazelcast turns away a member of
 * another cluster name (another secret, or none) and the member then forms a cluster of its own,
 * silently but for one Hazelcast log line. If members from the join list accept a TCP connection,
 * they are up and did not take this node: it says so, and why that most likely happened.
 */
final class LoneMember {

    /** How long a listed member may take to accept a connection before it counts as not up. */
    static final int PROBE_TIMEOUT_MS = 500;

    private LoneMember() {
    }

    /**
     * The warning to print when {@code hz} is alone although members of {@code config.members()}
     * other than itself are listening; empty when it has company or none of them is up.
     */
    static Optional<String> check(HazelcastInstance hz, NodeConfig config) {
        if (hz.getCluster().getMembers().size() > 1) {
            return Optional.empty();
        }
        Address self = hz.getCluster().getLocalMember().getAddress();
        List<String> listening = new ArrayList<>();
        for (String member : config.members()) {
            NodeConfig.HostPort hp = NodeConfig.parseHostPort("members", member);
            if (!isSelf(hp, self) && accepts(hp)) {
                listening.add(member);
            }
        }
        if (listening.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("found no member it could join: " + String.join(", ", listening)
                + (listening.size() == 1 ? " is" : " are") + " up but turned this node away, so it runs alone. Most "
                + "likely they run another cluster: "
                + (config.secret() == null
                    ? "a closed one; give this node their secret (--secret, PROCSHARE_SECRET or \"secret\" in node.json)"
                    : "one with another secret, or none; give every node the same one (--secret, PROCSHARE_SECRET or "
                        + "\"secret\" in node.json)")
                + " (Hazelcast's own log line above says \"different cluster-name\" when that is it)");
    }

    private static boolean isSelf(NodeConfig.HostPort member, Address self) {
        if (member.port() != self.getPort()) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(member.host());
            return a.equals(InetAddress.getByName(self.getHost())) || a.isLoopbackAddress() || a.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(a) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(NodeConfig.HostPort member) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(member.host(), member.port()), PROBE_TIMEOUT_MS);
            return true;
        } catch (IOException notUp) {
            return false;
        }
    }
}
