package io.procshare.verticles.exec;

import io.procshare.codecs.ProcessExit;
import io.procshare.codecs.ThreadCreated;
import io.procshare.codecs.ThreadExit;
import io.procshare.codecs.ThreadStart;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.PeerGuard;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(SyscallService.class);

    /** Per-node service: {@code ThreadStart} in (a clone placed a thread here), the same message out once it runs. */
    public static final String THREAD_START = "threads.start";
    /** Cluster-wide (published): {@code ProcessExit} of every process that ends, so every node releases it. */
    public static final String PROCESS_ENDED = "procshare.process.ended";
    /** Header of a {@code ThreadStart}: the node id of the process's home, which sent it. */
    static final String HOME_HEADER = "home";
    /**
     * Header of a {@code ThreadStart} the home sends when it gave up waiting for the start's ack: the
     * node must never start that thread from now on; its reply says in {@link #STARTED_HEADER}
     * whether it already did. Of a {@code ThreadCreated}: the attaching node gave up (its key in
     * {@link #CREATE_KEY_HEADER}), the thread made for it must never run.
     */
    static final String CANCEL_HEADER = "cancel";
    /** Header of the reply to a cancel: "true" when the thread had started (it runs), else "false". */
    static final String STARTED_HEADER = "started";
    /** Header of a {@code ThreadCreated} asking for a gtid: the idempotency key of that request, re-sends included. */
    static final String CREATE_KEY_HEADER = "create-key";

    private final String nodeId;
    private final NodeCounters counters;
    private final MemoryService memory;
    private final SyscallDispatcher dispatcher = new SyscallDispatcher(SyscallTable.linuxGeneric());
    private final ConcurrentHashMap<Long, ProcessControl> processes = new ConcurrentHashMap<>();
    private final io.procshare.verticles.syscall.MissedSyscalls missed = new io.procshare.verticles.syscall.MissedSyscalls();
    private final NodeClock clock = NodeClock.fromSystemProperty();
    private final HomeClocks clocks;
    private final ExecutorDispatchVerticle dispatch;
    private final List<Consumer<ProcessExit>> endListeners = new CopyOnWriteArrayList<>();
    private final Host host = new Host();
    private final ThreadStarts starts = new ThreadStarts();
    private final java.util.concurrent.atomic.AtomicLong createKeys = new java.util.concurrent.atomic.AtomicLong();
    private volatile SyscallConfig config;
    private final PeerGuard.ResendPolicy forwarding;
    private volatile Vertx vertx;
    private volatile GuestLauncher launcher;
    private volatile Supplier<List<ClusterNode>> clusterNodes = List::of;

    public SyscallService(String nodeId, NodeCounters counters, SyscallConfig config, MemoryService memory) {
        this.nodeId = nodeId;
        this.counters = counters;
        this.config = config;
        this.memory = memory;
        this.forwarding = new PeerGuard.ResendPolicy("syscall-forward", config.resendMs());
        this.dispatch = new ExecutorDispatchVerticle(nodeId, counters, processes, this::endedHere);
        this.clocks = new HomeClocks(nodeId, clock, config.requestTimeoutMs());
    }

    /** Deploys both verticles and the thread-start and process-end consumers. */
    public Future<Void> deploy(Vertx vertx) {
        this.vertx = vertx;
        FrameGuard guard = new FrameGuard(counters);
        var startConsumer = vertx.eventBus().consumer(Addresses.of(nodeId, THREAD_START), m -> {
            ThreadStart start = guard.body(m, ThreadStart.class);
            String home = m.headers().get(HOME_HEADER);
            if (start != null && home == null) {
                guard.reject(m, "ThreadStart without a " + HOME_HEADER + " header");
            } else if (start != null && m.headers().contains(CANCEL_HEADER)) {
                boolean started = starts.cancel(start.pid(), start.gtid());
                m.reply(start, new DeliveryOptions().addHeader(STARTED_HEADER, Boolean.toString(started)));
            } else if (start != null && starts.begin(start.pid(), start.gtid(), m)) {
                // opening the process's memory here may block: never on the event loop
                Thread.ofPlatform().daemon().name("thread-start-" + start.pid() + "-" + start.gtid()).start(() -> {
                    try {
                        launch(start, home);
                        starts.started(start.pid(), start.gtid(), start);
                    } catch (RuntimeException e) {
                        starts.failed(start.pid(), start.gtid(), "node " + nodeId + " cannot start gtid " + start.gtid()
                                + " of pid " + start.pid() + ": " + e.getMessage());
                    }
                });
            }
        });
        var ends = vertx.eventBus().consumer(PROCESS_ENDED, m -> {
            ProcessExit exit = guard.body(m, ProcessExit.class);
            if (exit != null) {
                onProcessEnded(exit);
            }
        });
        return Future.all(startConsumer.completion(), ends.completion(), clocks.deploy(vertx))
                .compose(v -> vertx.deployVerticle(dispatch))
                .compose(id -> vertx.deployVerticle(new SyscallForwardVerticle(nodeId, counters, dispatch))).mapEmpty();
    }

    /**
     * Node loss (DESIGN §10): when {@code membership} reports a node gone, every process homed here
     * that had a live thread there is killed with status {@link #NODE_LOST_STATUS} and the message
     * "node NAME lost"; and every process homed on the lost node ends on this node (its memory is
     * released, its threads here stop at their next access), since its syscalls and pages can no
     * longer be served. A page whose only copy was there fails its faults (the memory unit's own
     * node-loss handling), which ends the process through its front-end.
     */
    public AutoCloseable watch(io.procshare.verticles.memory.NodeMembership membership) {
        return membership.onNodeLost(this::onNodeLost);
    }

    /**
     * The node is stopping: every live process homed here is killed with {@code why} (its clients
     * and the other nodes hear of it while the event bus still runs), and every process open here
     * but homed elsewhere ends on this node (its threads here stop at their next access). Blocks
     * while the executors stop; call it before closing Vert.x.
     */
    public void shutdown(String why) {
        for (ProcessControl p : processes.values()) {
            if (!p.exited()) {
                p.kill(NODE_LOST_STATUS, why);
            }
        }
        memory.openProcesses().forEach((pid, home) -> {
            if (!homedHere(pid)) {
                memory.end(pid);
            }
        });
    }

    /** Exit status of a process that lost a node it ran on. */
    public static final int NODE_LOST_STATUS = 1;

    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

    private void onNodeLost(String lost) {
        String name = names.getOrDefault(lost, lost);
        String why = "node " + name + " lost";
        for (ProcessControl p : processes.values()) {
            if (!p.exited() && p.threads().snapshot().stream()
                    .anyMatch(t -> t.state() != ThreadState.EXITED && t.node().equals(lost))) {
                LOG.warn("pid {}: {} with a thread on it: the process ends", p.pid(), why);
                // ending closes fds and stops executors: not on the membership callback's thread
                Thread.ofPlatform().daemon().name("node-lost-" + p.pid()).start(() -> p.kill(NODE_LOST_STATUS, why));
            }
        }
        memory.openProcesses().forEach((pid, home) -> {
            if (home.equals(lost) && !homedHere(pid)) {
                LOG.warn("pid {}: its home, {}, is lost: the process ends on {}", pid, why, nodeId);
                onProcessEnded(new ProcessExit(pid, NODE_LOST_STATUS, why + " (the home)"));
            }
        });
    }

    /** The guest front-end that starts threads clone places on this node. */
    public void setLauncher(GuestLauncher launcher) {
        this.launcher = launcher;
    }

    /** Where placement learns the cluster's nodes (names and ids). */
    public void setClusterNodes(Supplier<List<ClusterNode>> nodes) {
        this.clusterNodes = nodes;
    }

    /** The cluster's nodes now, as placement sees them. */
    public List<ClusterNode> clusterNodes() {
        List<ClusterNode> now;
        try {
            now = clusterNodes.get();
        } catch (RuntimeException e) {
            return List.of(); // the node is stopping: no cluster to place threads in
        }
        now.forEach(n -> names.put(n.nodeId(), n.name())); // remembered: a lost node is named in its processes' end
        return now;
    }

    /**
     * Calls {@code listener} on this node for every process that ends anywhere in the cluster, after
     * this node released its memory. The listener runs on an event loop: it must not block.
     */
    public void onProcessEnded(Consumer<ProcessExit> listener) {
        endListeners.add(listener);
    }

    private void onProcessEnded(ProcessExit exit) {
        missed.ended(exit.pid());
        Future<Void> released = null;
        if (!homedHere(exit.pid())) {
            memory.end(exit.pid());
        } else {
            synchronized (endedHere) {
                endedHere.add(exit.pid());
                if (endedHere.size() > 4096) {
                    endedHere.remove(endedHere.iterator().next());
                }
            }
            released = memory.end(exit.pid());
        }
        for (Consumer<ProcessExit> l : endListeners) {
            try {
                l.accept(exit);
            } catch (RuntimeException e) {
                LOG.warn("pid {}: a process-end listener failed: {}", exit.pid(), e.toString());
            }
        }
        if (released != null) {
            // only after the listeners: they may still read the process (its threads, for the client)
            released.onComplete(v -> processes.remove(exit.pid()));
        }
    }

    private final java.util.LinkedHashSet<Long> endedHere = new java.util.LinkedHashSet<>();

    /** Whether {@code pid} was homed here and has ended (recent pids only). */
    boolean endedHere(long pid) {
        synchronized (endedHere) {
            return endedHere.contains(pid);
        }
    }

    private boolean homedHere(long pid) {
        return processes.containsKey(pid);
    }

    /** Starts, on this node, a thread that a clone at its home placed here. Blocks while the memory opens. */
    private void launch(ThreadStart start, String home) {
        GuestLauncher l = launcher;
        if (l == null) {
            throw new IllegalStateException("node " + nodeId + " has no guest front-end");
        }
        clocks.track(home); // the process's clock is the home's: estimate it before the thread reads it
        GuestThread thread = new GuestThread(this, start.pid(), start.gtid(), home, memory.open(start.pid(), home));
        counters.increment(SyscallCounters.THREADS_STARTED);
        l.launch(start, thread);
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
     * CLOCK_MONOTONIC of the processes homed on {@code home}, read here: the home's clock, through
     * the offset this node keeps to it (issue 12 item 4). Blocks the first time for one exchange.
     */
    public long monotonicNanos(String home) {
        return clocks.monotonic(home);
    }

    /** The error bound (ns) of the readings {@link #monotonicNanos} gave lately for {@code home}: half a round trip. */
    public long monotonicError(String home) {
        return clocks.error(home);
    }

    /** This node's own monotonic clock (shifted in tests by {@link NodeClock#SHIFT_PROPERTY}). */
    public NodeClock clock() {
        return clock;
    }

    /** The calls this node's guest threads made that the table lacks, per number (status shows them). */
    public io.procshare.verticles.syscall.MissedSyscalls missed() {
        return missed;
    }

    /**
     * Starts process {@code pid} with this node as its home: an empty address space, a sandbox
     * {@code sandboxRoot/<pid>} whose fds 0-2 are {@code streams}, the thread table with the main
     * thread (gtid 1) on this node, and its executor. Returns the main thread.
     */
    public GuestThread startProcess(long pid, ClientStreams streams) {
        return startProcess(pid, streams, "", Placement.parse(null));
    }

    /**
     * As {@link #startProcess(long, ClientStreams)}, for a process that runs {@code task} and whose
     * clones follow {@code placement}.
     */
    public GuestThread startProcess(long pid, ClientStreams streams, String task, Placement placement) {
        clusterNodes(); // learn the members' names now, to name one if it is lost
        GuestMemory mem = memory.create(pid);
        HostProcess files;
        try {
            files = HostProcess.start(config.hostProcess(pid), streams);
        } catch (IOException e) {
            memory.end(pid); // the address space made above goes with it
            throw new UncheckedIOException("pid " + pid + ": cannot open its sandbox under " + config.sandboxRoot(), e);
        }
        ProcessControl p = new ProcessControl(pid, nodeId, files, mem, dispatcher, counters, host, task, placement, config.limits(),
                clock::nanoTime);
        if (processes.putIfAbsent(pid, p) != null) {
            files.close(); // the pid is someone else's: its memory is not ours to end
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
        clocks.track(homeNodeId);
        GuestMemory mem = memory.open(pid, homeNodeId);
        if (homeNodeId.equals(nodeId)) {
            ProcessControl p = process(pid);
            if (p == null) {
                throw new IllegalStateException("pid " + pid + " is not homed on " + nodeId);
            }
            return new GuestThread(this, pid, p.createThread(nodeId, parentGtid), homeNodeId, mem);
        }
        // idempotent: every re-send carries the same key, so a lost reply never makes a second thread;
        // a caller that gives up cancels the key, so a thread made for it never stays alive (issue 13)
        String key = nodeId + "/" + createKeys.incrementAndGet();
        ThreadCreated ask = new ThreadCreated(pid, 0, parentGtid, nodeId);
        String address = Addresses.of(homeNodeId, ForwardProtocol.THREADS);
        io.vertx.core.eventbus.Message<ThreadCreated> created = resend(address, ask,
                new DeliveryOptions().addHeader(CREATE_KEY_HEADER, key), "create a thread of pid " + pid + " at its home "
                        + homeNodeId);
        if (created == null) {
            cancelCreate(address, ask, key, config.requestTimeoutMs() / config.resendMs() + 1);
            throw new SyscallUnavailableException("could not create a thread of pid " + pid + " at its home " + homeNodeId
                    + ": no answer within " + config.requestTimeoutMs() + " ms (the thread, if made, is cancelled)");
        }
        return new GuestThread(this, pid, created.body().gtid(), homeNodeId, mem);
    }

    /**
     * Sends {@code body} to {@code address} until it is answered, re-sending every
     * {@link SyscallConfig#resendMs()} (the receiver must treat re-sends as one request) until
     * {@link SyscallConfig#requestTimeoutMs()}; returns the reply, or null when nothing answered.
     *
     * @throws SyscallUnavailableException when the receiver refused (a failure reply)
     */
    private <T> io.vertx.core.eventbus.Message<T> resend(String address, Object body, DeliveryOptions options, String what) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException(what + ": blocking call on an event-loop thread");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs());
        options.setSendTimeout(config.resendMs());
        while (true) {
            long sent = System.nanoTime();
            try {
                return vertx.eventBus().<T>request(address, body, options).await(config.resendMs() + 1_000,
                        TimeUnit.MILLISECONDS);
            } catch (io.vertx.core.eventbus.ReplyException e) {
                if (e.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE) {
                    throw new SyscallUnavailableException("could not " + what + ": " + e.getMessage());
                }
            } catch (Exception e) {
                // no answer in time: send again
            }
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
            // an immediate failure (no handler yet) is retried after the rest of the interval, not at once
            java.util.concurrent.locks.LockSupport.parkNanos(sent + TimeUnit.MILLISECONDS.toNanos(config.resendMs())
                    - System.nanoTime());
        }
    }

    /** Tells the home, in the background, that the creation {@code key} was given up; a few tries. */
    private void cancelCreate(String address, ThreadCreated ask, String key, long tries) {
        vertx.eventBus().request(address, ask, new DeliveryOptions().setSendTimeout(config.resendMs())
                .addHeader(CREATE_KEY_HEADER, key).addHeader(CANCEL_HEADER, "true")).onComplete(ar -> {
                    if (ar.failed() && tries > 1 && !(ar.cause() instanceof io.vertx.core.eventbus.ReplyException re
                            && re.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE)) {
                        cancelCreate(address, ask, key, tries - 1);
                    }
                });
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

    /**
     * Kills process {@code pid} homed here: it ends with {@code status} and {@code message}, as
     * exit_group. Returns false when no live process {@code pid} is homed here.
     */
    public boolean kill(long pid, int status, String message) {
        ProcessControl p = process(pid);
        if (p == null || p.exited()) {
            return false;
        }
        p.kill(status, message);
        return true;
    }

    /** The control parts of the processes homed here (live and just-ended). */
    public List<ProcessControl> processes() {
        return processes.values().stream().sorted(java.util.Comparator.comparingLong(ProcessControl::pid)).toList();
    }

    /** The control part's view of this node. */
    private final class Host implements ProcessHost {
        @Override
        public List<ClusterNode> nodes() {
            return clusterNodes();
        }

        @Override
        public void startThread(ThreadStart start) {
            if (start.node().equals(nodeId)) {
                launch(start, nodeId);
                return;
            }
            // the node starts a (pid, gtid) once whatever the re-sends; if its ack never comes the home
            // cancels, and the node's answer says whether the thread runs: clone never reports EAGAIN
            // for a child that started (issue 13, finding 3)
            String address = Addresses.of(start.node(), THREAD_START);
            String what = "start gtid " + start.gtid() + " of pid " + start.pid() + " on " + start.node();
            if (resend(address, start, new DeliveryOptions().addHeader(HOME_HEADER, nodeId), what) != null) {
                return;
            }
            var cancelled = resend(address, start, new DeliveryOptions().addHeader(HOME_HEADER, nodeId)
                    .addHeader(CANCEL_HEADER, "true"), "cancel: " + what);
            if (cancelled != null && Boolean.parseBoolean(cancelled.headers().get(STARTED_HEADER))) {
                LOG.info("pid {} gtid {}: its start on {} was not acked in time, but it runs", start.pid(), start.gtid(),
                        start.node());
                return;
            }
            throw new SyscallUnavailableException("could not " + what + ": no ack within " + config.requestTimeoutMs()
                    + " ms" + (cancelled == null ? " and no answer to the cancel" : "; cancelled before it started"));
        }

        @Override
        public void ended(ProcessControl p) {
            vertx.eventBus().publish(PROCESS_ENDED, new ProcessExit(p.pid(), p.exitStatus(), p.exitMessage()));
        }
    }

    /** Breakers per peer (the memory unit's). */
    PeerGuard peers() {
        return memory.peers();
    }

    /** Re-send and deadline policy of forwarded syscalls: one attempt per {@code resendMs}. */
    PeerGuard.ResendPolicy forwarding() {
        return forwarding;
    }

    NodeCounters counters() {
        return counters;
    }

    Vertx vertx() {
        return vertx;
    }
}
