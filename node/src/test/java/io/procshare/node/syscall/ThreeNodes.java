package io.procshare.node.syscall;

import io.procshare.node.NodeConfig;
import io.procshare.node.ProcshareNode;
import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.Sysno;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three real nodes in this JVM (Hazelcast on loopback), started once per test JVM and shared by
 * every class that declares {@code @ExtendWith(ThreeNodes.Extension.class)} and takes a
 * {@code ThreeNodes} parameter: starting a cluster costs seconds, a process costs milliseconds.
 * Processes are homed on node 0 ({@link #HOME}); a thread on node 1 or 2 forwards its HOME
 * syscalls there (condition C), a thread on node 0 runs them directly (condition B).
 *
 * <p>Tests that flip argument shipping restore it ({@link #shipping}); nothing else is shared
 * between tests but the nodes: each test starts its own process, with its own sandbox.
 */
public final class ThreeNodes implements AutoCloseable {

    /** Index of the node every process here is homed on. */
    public static final int HOME = 0;
    /** Size of the scratch mapping {@link #scratch} makes. */
    public static final long SCRATCH = 64 * 1024;

    private static final int PROT_RW = 3;
    private static final int MAP_PRIVATE_ANON = 0x02 | 0x20;

    private final Path data;
    private final List<ProcshareNode> nodes = new ArrayList<>();
    private final AtomicLong pids = new AtomicLong(70_000);

    private ThreeNodes(Path data) {
        this(data, "c");
    }

    /** Nodes named {@code <prefix>0..2}: Hazelcast instance names are JVM-wide, so two clusters need two prefixes. */
    private ThreeNodes(Path data, String prefix) {
        this.data = data;
        int[] ports = {freePort(), freePort(), freePort()};
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        NodeConfig base = NodeConfig.load(null).withDataDir(data);
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(ProcshareNode.start(base.withMembers(i == 0 ? members.subList(0, 1) : members)
                        .withName(prefix + i).withCluster("127.0.0.1", ports[i]).withBridge("127.0.0.1", 0)
                        .withDataDir(data.resolve("c" + i))));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * A cluster of three of its own, not the shared one, its nodes named {@code <prefix>0..2}: for a
     * test that stops nodes. Close it when done.
     */
    public static ThreeNodes startPrivate(String prefix) {
        try {
            return new ThreeNodes(Files.createTempDirectory("procshare-3nodes-" + prefix), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node {@code i} (0..2). */
    public ProcshareNode node(int i) {
        return nodes.get(i);
    }

    /** Node id of the home. */
    public String home() {
        return nodes.get(HOME).identity().nodeId();
    }

    /** The data directory under which every node keeps its sandboxes ({@code c<i>/sandboxes/<pid>}). */
    public Path dataDir() {
        return data;
    }

    /** The host directory of the sandbox of {@code pid} (homed on node 0). */
    public Path sandbox(long pid) {
        return data.resolve("c" + HOME).resolve("sandboxes").resolve(Long.toString(pid));
    }

    /** A new process homed on node 0; returns its main thread, which runs on node 0. */
    public GuestThread startProcess() {
        return nodes.get(HOME).syscalls().startProcess(pids.incrementAndGet(), ClientStreams.detached());
    }

    /** A new process homed on node 0 whose fds 0-2 are {@code streams}; returns its main thread. */
    public GuestThread startProcess(ClientStreams streams) {
        return nodes.get(HOME).syscalls().startProcess(pids.incrementAndGet(), streams);
    }

    /** A new thread of {@code main}'s process on node {@code node}. */
    public GuestThread threadOn(int node, GuestThread main) {
        return nodes.get(node).syscalls().attachThread(main.pid(), home(), main.gtid());
    }

    /** A new process with one thread on node {@code node} (its main thread stays idle on the home). */
    public GuestThread processWithThreadOn(int node) {
        GuestThread main = startProcess();
        return node == HOME ? main : threadOn(node, main);
    }

    /**
     * Argument shipping of node {@code node} set to {@code on} until the returned handle is
     * closed, which restores it to on (the default).
     */
    public AutoCloseable shipping(int node, boolean on) {
        nodes.get(node).syscalls().setArgumentShipping(on);
        return () -> nodes.get(node).syscalls().setArgumentShipping(true);
    }

    /** Maps {@link #SCRATCH} bytes of anonymous read-write memory through {@code t}; returns the address. */
    public static long scratch(GuestThread t) {
        long a = t.syscall(Sysno.MMAP, 0, SCRATCH, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
        assertThat(a).as("scratch mmap").isPositive();
        return a;
    }

    /** Stores {@code s} NUL-terminated at {@code address} as {@code t}; returns the address. */
    public static long string(GuestThread t, long address, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        t.memory().write(address, Arrays.copyOf(b, b.length + 1), 0, b.length + 1);
        return address;
    }

    /** {@code n} bytes of guest memory at {@code address}, read as {@code t}. */
    public static byte[] bytes(GuestThread t, long address, int n) {
        byte[] b = new byte[n];
        t.memory().read(address, b, 0, n);
        return b;
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop();
        }
        nodes.clear();
        try (Stream<Path> walk = Files.walk(data)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Resolves a {@code ThreeNodes} parameter to the JVM-wide cluster, starting it on first use;
     * JUnit closes it when the whole run ends (an {@link AutoCloseable} in the root store).
     */
    public static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == ThreeNodes.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return c.getRoot().getStore(ExtensionContext.Namespace.create(ThreeNodes.class))
                    .getOrComputeIfAbsent(ThreeNodes.class, k -> {
                        try {
                            return new ThreeNodes(Files.createTempDirectory("procshare-3nodes"));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, ThreeNodes.class);
        }
    }
}
