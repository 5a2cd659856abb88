package io.procshare.loadgen.probe;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.procshare.node.NodeConfig;
import io.procshare.node.ProcshareNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real procshare nodes in this JVM on loopback: each its own Hazelcast member and clustered Vert.x,
 * as {@code ThreeNodeMemoryTest} starts them. The first seeds the cluster alone; the others join it.
 */
public final class LocalCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final List<ProcshareNode> nodes;

    private LocalCluster(List<ProcshareNode> nodes) {
        this.nodes = nodes;
    }

    /** Starts {@code count} nodes named {@code n0..}; stops those already up if one fails. */
    public static LocalCluster start(int count, String transport, Path dataDir) {
        List<String> members = new ArrayList<>();
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = freePort();
            members.add(HOST + ":" + ports[i]);
        }
        List<ProcshareNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                // the first seeds the cluster alone rather than waiting for the others' ports
                nodes.add(ProcshareNode.start(new NodeConfig("n" + i, HOST, ports[i],
                        i == 0 ? members.subList(0, 1) : members, 0, HOST, 0, dataDir.resolve("n" + i), transport,
                        null, 5_000, 60_000)));
            }
        } catch (RuntimeException e) {
            nodes.reversed().forEach(ProcshareNode::stop);
            throw e;
        }
        return new LocalCluster(List.copyOf(nodes));
    }

    public ProcshareNode node(int i) {
        return nodes.get(i);
    }

    public int size() {
        return nodes.size();
    }

    /** The node's Hazelcast member ({@code HazelcastSetup} names it {@code procshare-<name>}). */
    public HazelcastInstance hazelcast(int i) {
        String name = "procshare-" + nodes.get(i).identity().name();
        HazelcastInstance hz = Hazelcast.getHazelcastInstanceByName(name);
        if (hz == null) {
            throw new IllegalStateException("no Hazelcast instance named " + name + " in this JVM");
        }
        return hz;
    }

    @Override
    public void close() {
        nodes.reversed().forEach(ProcshareNode::stop);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
