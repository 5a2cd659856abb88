package io.procshare.verticles.memory;

import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.PeerGuard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The memory control unit of one node: deploys {@link PageFaultVerticle} and
 * {@link InvalidationVerticle}, and hands in-JVM code (task runners, interpreters, tests) the
 * {@link GuestMemory} of a process on this node.
 *
 * <pre>{@code
 * GuestMemory home = nodeA.memory().create(7);           // on the home node
 * long a = home.mmap(0, 4096, Prot.RW, false);
 * GuestMemory there = nodeB.memory().open(7, nodeA.identity().nodeId());
 * there.writeLong(a, 42);
 * }</pre>
 *
 * {@code create} and {@code open} block (up to the fault timeout): call them from a guest or main
 * thread, never from an event loop.
 */
public final class MemoryService {

    private final String nodeId;
    private final MemoryConfig config;
    private final PageFaultVerticle pageFaults;
    private final InvalidationVerticle invalidation;
    private final PeerGuard peers;
    private final ConcurrentHashMap<Long, GuestMemory> open = new ConcurrentHashMap<>();

    public MemoryService(String nodeId, NodeCounters counters, MemoryConfig config, NodeMembership membership) {
        this.nodeId = nodeId;
        this.config = config;
        this.peers = new PeerGuard(counters);
        this.pageFaults = new PageFaultVerticle(nodeId, counters, config, membership, peers,
                new FrameBudget(config.maxFrames(), counters));
        this.invalidation = new InvalidationVerticle(nodeId, counters, config, membership, peers);
    }

    /** The node's breakers per peer and retry policies, shared with the syscall unit. */
    public PeerGuard peers() {
        return peers;
    }

    /** Deploys both verticles. */
    public Future<Void> deploy(Vertx vertx) {
        return vertx.deployVerticle(invalidation).compose(id -> vertx.deployVerticle(pageFaults)).mapEmpty();
    }

    public MemoryConfig config() {
        return config;
    }

    /** Makes this node the home of {@code pid} (an empty address space) and opens it here. */
    public GuestMemory create(long pid) {
        await(invalidation.create(pid), "create pid " + pid);
        return open(pid, nodeId);
    }

    /** The process's memory on this node; the first call per pid fetches the map from its home. */
    public GuestMemory open(long pid, String homeNodeId) {
        GuestMemory existing = open.get(pid);
        if (existing != null) {
            return existing;
        }
        if (endedRecently(pid)) {
            throw new ProcessEndedException(pid, nodeId);
        }
        ProcessPages pages = await(pageFaults.open(pid, homeNodeId), "open pid " + pid);
        GuestMemory m = open.computeIfAbsent(pid, k -> new GuestMemory(pages, homeNodeId.equals(nodeId) ? invalidation : null,
                config.faultTimeoutMs()));
        if (endedRecently(pid)) {
            open.remove(pid); // end() ran between the open and here: do not keep its pages
            throw new ProcessEndedException(pid, nodeId);
        }
        return m;
    }

    private final java.util.LinkedHashSet<Long> ended = new java.util.LinkedHashSet<>();

    private boolean endedRecently(long pid) {
        synchronized (ended) {
            return ended.contains(pid);
        }
    }

    /** The processes open on this node now, by pid, with their home's node id. */
    public java.util.Map<Long, String> openProcesses() {
        java.util.Map<Long, String> out = new java.util.TreeMap<>();
        open.forEach((pid, m) -> out.put(pid, m.home()));
        return out;
    }

    /**
     * The process ended: its pages, map and (at the home) directory on this node are released;
     * its threads here fail at their next access with {@link ProcessEndedException}. Any thread;
     * never blocks.
     */
    public Future<Void> end(long pid) {
        synchronized (ended) {
            ended.add(pid);
            if (ended.size() > 4096) {
                ended.remove(ended.iterator().next());
            }
        }
        open.remove(pid);
        return Future.join(pageFaults.end(pid), invalidation.end(pid)).mapEmpty();
    }

    /**
     * Faults and pages by state of every process open on this node, by pid (for
     * {@code procshare status}). Any thread; never blocks.
     */
    public Future<List<ProcessMemoryStats>> processStats() {
        return pageFaults.processStats();
    }

    /**
     * What this node holds of {@code pid}: pages of {@code [fromPage, fromPage + count)} by state,
     * the mapped ranges and the {@code top} hottest pages ({@link PageView}); null when the process
     * is not open here. For the console; any thread, never blocks, touches no page.
     */
    public Future<PageView> pageView(long pid, long fromPage, long count, int top) {
        return pageFaults.view(pid, fromPage, count, top);
    }

    private <T> T await(Future<T> future, String what) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException(what + ": blocking call on an event-loop thread");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().get(config.faultTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(what, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": not done within " + config.faultTimeoutMs() + " ms on " + nodeId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }
}
