package io.procshare.verticles.exec;

import io.procshare.codecs.ThreadCreated;
import io.procshare.codecs.ThreadExit;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.memory.MemoryService;
import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.HostProcess;
import io.procshare.verticles.syscall.HostProcessConfig;
import io.procshare.verticles.syscall.SyscallDispatcher;
import io.procshare.verticles.syscall.SyscallTable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The system call control unit of one node (DESIGN §6): deploys {@link ExecutorDispatchVerticle}
 * and {@link SyscallForwardVerticle}, keeps the control part ({@link ProcessControl}) of every
 * process homed here, and gives in-JVM guest code (task runners, interpreters, tests) a
 * {@link GuestThread}, the forwarding part of one guest thread.
 *
 * <pre>{@code
 * GuestThread main = nodeA.syscalls().startProcess(pid, streams);             // on the home
 * GuestThread t = nodeB.syscalls().attachThread(pid, nodeA.identity().nodeId(), main.gtid());
 * long fd = t.syscall(Sysno.OPENAT, AT_FDCWD, pathAddress, O_RDONLY, 0);        // forwarded to A
 * }</pre>
 *
 * {@code startProcess} and {@code attachThread} block: call them from a guest or main thread.
 */
public final class SyscallService {

    private final String nodeId;
    private final NodeCounters counters;
    private final MemoryService memory;
    private final SyscallDispatcher dispatcher = new SyscallDispatcher(SyscallTable.linuxGeneric());
    private final ConcurrentHashMap<Long, ProcessControl> processes = new ConcurrentHashMap<>();
    private final ExecutorDispatchVerticle dispatch;
    private volatile SyscallConfig config;
    private volatile Vertx vertx;

    public SyscallService(String nodeId, NodeCounters counters, SyscallConfig config, MemoryService memory) {
        this.nodeId = nodeId;
        this.counters = counters;
        this.config = config;
        this.memory = memory;
        this.dispatch = new ExecutorDispatchVerticle(nodeId, counters, processes);
    }

    /** Deploys both verticles. */
    public Future<Void> deploy(Vertx vertx) {
        this.vertx = vertx;
        return vertx.deployVerticle(dispatch)
                .compose(id -> vertx.deployVerticle(new SyscallForwardVerticle(nodeId, counters, dispatch))).mapEmpty();
    }

    public String nodeId() {
        return nodeId;
    }

    public SyscallConfig config() {
        return config;
    }

    /** The node switch: argument shipping on or off for requests this node forwards from now on. */
    public void setArgumentShipping(boolean on) {
        config = config.withArgumentShipping(on);
    }

    public SyscallDispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Starts process {@code pid} with this node as its home: an empty address space, a sandbox
     * {@code sandboxRoot/<pid>} whose fds 0-2 are {@code streams}, the thread table with the main
     * thread (gtid 1) on this node, and its executor. Returns the main thread.
     */
    public GuestThread startProcess(long pid, ClientStreams streams) {
        GuestMemory mem = memory.create(pid);
        HostProcess files;
        try {
            files = HostProcess.start(HostProcessConfig.of(config.sandboxRoot().resolve(Long.toUnsignedString(pid))), streams);
        } catch (IOException e) {
            throw new UncheckedIOException("pid " + pid + ": cannot open its sandbox under " + config.sandboxRoot(), e);
        }
        ProcessControl p = new ProcessControl(pid, nodeId, files, mem, dispatcher, counters);
        if (processes.putIfAbsent(pid, p) != null) {
            files.close();
            throw new IllegalStateException("pid " + pid + " is already homed on " + nodeId);
        }
        long gtid = p.createThread(nodeId, 0);
        return new GuestThread(this, pid, gtid, nodeId, mem);
    }

    /**
     * A new guest thread of process {@code pid} on this node: the home allocates its gtid, records
     * this node in its thread table and makes its executor (the creator) before this returns.
     */
    public GuestThread attachThread(long pid, String homeNodeId, long parentGtid) {
        GuestMemory mem = memory.open(pid, homeNodeId);
        if (homeNodeId.equals(nodeId)) {
            ProcessControl p = process(pid);
            if (p == null) {
                throw new IllegalStateException("pid " + pid + " is not homed on " + nodeId);
            }
            return new GuestThread(this, pid, p.createThread(nodeId, parentGtid), homeNodeId, mem);
        }
        ThreadCreated created = await(vertx.eventBus().<ThreadCreated>request(Addresses.of(homeNodeId, ForwardProtocol.THREADS),
                        new ThreadCreated(pid, 0, parentGtid, nodeId), new DeliveryOptions().setSendTimeout(config.requestTimeoutMs())),
                "create a thread of pid " + pid + " at its home " + homeNodeId).body();
        return new GuestThread(this, pid, created.gtid(), homeNodeId, mem);
    }

    /** Tells the home that {@code thread} ended without calling exit (its guest code returned). */
    public void threadEnded(GuestThread thread, int status) {
        if (thread.home().equals(nodeId)) {
            ProcessControl p = process(thread.pid());
            if (p != null) {
                p.onThreadExit(thread.gtid(), status);
            }
            return;
        }
        vertx.eventBus().send(Addresses.of(thread.home(), ForwardProtocol.THREADS),
                new ThreadExit(thread.pid(), thread.gtid(), nodeId, status));
    }

    /** The control part of {@code pid} if it is homed here, else null. */
    public ProcessControl process(long pid) {
        return processes.get(pid);
    }

    /** The thread tables of every process homed here: (pid, gtid, node, state) rows, by pid then gtid. */
    public List<ThreadInfo> threads() {
        List<ThreadInfo> out = new ArrayList<>();
        processes.keySet().stream().sorted().forEach(pid -> out.addAll(processes.get(pid).threads().snapshot()));
        return out;
    }

    NodeCounters counters() {
        return counters;
    }

    Vertx vertx() {
        return vertx;
    }

    private <T> T await(Future<T> f, String what) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException(what + ": blocking call on an event-loop thread");
        }
        try {
            return f.await(config.requestTimeoutMs() + 1_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new SyscallUnavailableException("could not " + what + ": " + e.getMessage());
        }
    }
}
