package io.procshare.loadgen.baseline;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.procshare.loadgen.probe.EchoProbe;
import io.procshare.loadgen.probe.LatencyRow;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Probe;
import io.procshare.loadgen.probe.ProbeRunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The baselines measured in the same run (DESIGN §9): raw TCP ping-pong on loopback (the physical
 * limit here), Vert.x event-bus request/reply between two nodes (what every fault message rides
 * on), and Hazelcast {@code IMap.get} of a 4 KiB value owned by the other member (what a user would
 * build instead). The event-bus and IMap probes go from R (node 1) to H (node 0), the pair a fault's
 * request crosses.
 */
final class BaselineProbes {

    private static final String MAP = "procshare.loadgen.baseline";

    private final LocalCluster cluster;
    private final ProbeRunner runner;

    BaselineProbes(LocalCluster cluster, ProbeRunner runner) {
        this.cluster = cluster;
        this.runner = runner;
    }

    List<LatencyRow> runAll() throws Exception {
        List<LatencyRow> rows = new ArrayList<>();
        try (TcpEcho echo = TcpEcho.start()) {
            for (int size : new int[] {16, 4096}) {
                rows.add(tcp(echo, size));
            }
        }
        for (int size : new int[] {16, 4096}) {
            rows.add(eventBus(size));
        }
        rows.add(imapGet());
        return rows;
    }

    private LatencyRow tcp(TcpEcho echo, int size) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), echo.port())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] ping = new byte[size];
            byte[] pong = new byte[size];
            return runner.run("tcp-" + size, "loopback", new Probe() {
                @Override
                public void prepare(int i) {
                    ping[0] = (byte) i;
                }

                @Override
                public long access(int i) throws IOException {
                    out.write(ping);
                    return in.readNBytes(pong, 0, size) == size ? pong[0] : -1;
                }

                @Override
                public void check(int i, long result) {
                    if (result != (byte) i) {
                        throw new IllegalStateException("tcp echo of " + size + " B returned " + result);
                    }
                }
            });
        }
    }

    private LatencyRow eventBus(int size) throws Exception {
        return runner.run("eventbus-" + size, "remote", new EchoProbe(cluster, 1, 0, size));
    }

    private LatencyRow imapGet() throws Exception {
        HazelcastInstance client = cluster.hazelcast(1);
        Member owner = cluster.hazelcast(0).getCluster().getLocalMember();
        IMap<String, byte[]> map = client.getMap(MAP);
        String key = keyOwnedBy(client, owner);
        map.put(key, new byte[4096]);
        return runner.run("imap-get-4096", "remote", new Probe() {
            @Override
            public long access(int i) {
                return map.get(key).length;
            }

            @Override
            public void check(int i, long result) {
                if (result != 4096) {
                    throw new IllegalStateException("IMap.get returned " + result + " B");
                }
            }
        });
    }

    /** A key whose partition the other member owns, so that every get crosses the network. */
    private static String keyOwnedBy(HazelcastInstance hz, Member owner) {
        for (int i = 0; i < 100_000; i++) {
            String key = "page-" + i;
            Member m = hz.getPartitionService().getPartition(key).getOwner();
            if (owner.equals(m)) {
                return key;
            }
        }
        throw new IllegalStateException("no key of 100000 has its partition on " + owner);
    }

    /** A server thread that echoes every byte it receives on one connection at a time. */
    private static final class TcpEcho implements AutoCloseable {

        private final ServerSocket server;
        private final Thread thread;

        private TcpEcho(ServerSocket server) {
            this.server = server;
            this.thread = Thread.ofPlatform().daemon().name("tcp-echo").start(this::serve);
        }

        static TcpEcho start() throws IOException {
            return new TcpEcho(new ServerSocket(0, 4, InetAddress.getLoopbackAddress()));
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            byte[] buf = new byte[64 * 1024];
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        out.write(buf, 0, n);
                    }
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        System.err.println("[baseline] tcp echo: " + e);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
