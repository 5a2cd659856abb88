package io.procshare.loadgen.fault;

import io.procshare.loadgen.probe.LatencyRow;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Probe;
import io.procshare.loadgen.probe.ProbeRunner;
import io.procshare.loadgen.probe.Section;
import io.procshare.node.ProcshareNode;
import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.memory.MemoryCounters;
import io.procshare.verticles.memory.space.Prot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The page-fault probes (DESIGN §5, §9) on the nodes of a {@link LocalCluster}: H (node 0) is the
 * home of every process and so the manager of every page, R (node 1) is the requester whose thread
 * is timed, nodes 2.. are the others. Every iteration uses a page no one has touched before, so
 * every timed access really faults; the untimed {@code prepare} puts it in the state the row names.
 *
 * <p>A write fault with k copies to invalidate takes one of two set-ups, the first the nodes allow:
 * <ul>
 *   <li>{@code page-moves,invalidate:n2+...} (k + 2 nodes): H writes the page, k other nodes read
 *   it, R (no copy) writes: their k copies are invalidated and acked, then H's copy moves to R
 *   with the page (4 KiB of data);</li>
 *   <li>{@code ownership-only,invalidate:n0+...} (k + 1 nodes): H writes, k − 1 other nodes and R
 *   read, R writes: H's and the others' copies are invalidated and R, which holds the data
 *   already, is granted ownership only.</li>
 * </ul>
 * The copyset is a set of nodes and the requester's own copy is never invalidated, so k copies
 * need at least k + 1 nodes; a row the cluster is too small for is {@linkplain #skipped skipped}
 * with the reason, never faked.
 */
final class FaultProbes {

    /** Copies to invalidate of the {@code write-fault-<k>} rows (issue 6). */
    static final int[] WRITE_COPIES = {0, 1, 2, 4};
    private static final long PAGE = 4096;
    private static final int H = 0;
    private static final int R = 1;
    private static final int T = 2;

    /**
     * A fault's critical path: event-bus messages that cross nodes and those a node sends itself,
     * from the protocol in PageManager/PageNode (the requester's confirm comes after the grant).
     */
    record Path(int remoteHops, int localHops, String messages) {
    }

    /** What one probe measured: its row, its critical path, and fault and invalidation counts per iteration. */
    record Result(LatencyRow row, Path path, double requesterFaults, double invalidations) {
    }

    private final LocalCluster cluster;
    private final ProbeRunner runner;
    private final AtomicLong pids;
    private final int nodes;
    private final List<Result> results = new ArrayList<>();
    private final List<Section.Skipped> skipped = new ArrayList<>();

    FaultProbes(LocalCluster cluster, ProbeRunner runner, long firstPid) {
        if (cluster.size() < 2) {
            throw new IllegalArgumentException("the page-fault probes need 2 nodes, got " + cluster.size());
        }
        this.cluster = cluster;
        this.runner = runner;
        this.pids = new AtomicLong(firstPid);
        this.nodes = cluster.size();
    }

    /** The rows this cluster was too small for, with the reason. */
    List<Section.Skipped> skipped() {
        return List.copyOf(skipped);
    }

    List<Result> runAll() throws Exception {
        if (nodes > T) {
            readFault("remote", new Path(3, 0, "Request R->H, Forward H->T, PageData(4 KiB) T->R"), T);
        } else {
            skipped.add(new Section.Skipped("read-fault", "remote", "the page's owner must be a third node (n2), "
                    + "so this row needs 3 nodes (--local 3); this run has " + nodes));
        }
        readFault("remote-owner-home", new Path(2, 1, "Request R->H, Forward H->H, PageData(4 KiB) H->R"), H);
        for (int k : WRITE_COPIES) {
            writeFault(k);
        }

        Space su = space();
        run("upgrade", "requester-sole-ro", new Path(2, 0, "Request R->H, grant (no data) H->R"), su, new Probe() {
            @Override
            public void prepare(int i) {
                su.mem[R].readLong(su.addr(i)); // zero-fill READ_ONLY at R: the only copy
            }

            @Override
            public long access(int i) {
                su.mem[R].writeLong(su.addr(i), i);
                return 0;
            }
        });

        Space sf = space();
        run("first-touch", "never-written,write", new Path(2, 0, "Request R->H, zero-fill grant H->R"), sf, new Probe() {
            @Override
            public long access(int i) {
                sf.mem[R].writeLong(sf.addr(i), i);
                return 0;
            }

            @Override
            public void check(int i, long result) {
                if (sf.mem[R].readLong(sf.addr(i) + 8) != 0) {
                    throw new IllegalStateException("first touch of page " + i + " is not zero-filled");
                }
            }
        });
        return List.copyOf(results);
    }

    /** {@code write-fault-<k>}: the first set-up of the class comment that this cluster has the nodes for. */
    private void writeFault(int k) throws Exception {
        String op = "write-fault-" + k;
        if (k + 2 <= nodes) {
            // H owns, k others read, R has no copy: their copies are invalidated, H's moves with the page
            List<Integer> readers = others(k);
            String names = readers.isEmpty() ? "none" : names(readers);
            Path path = k == 0 ? new Path(2, 1, "Request R->H, Forward H->H, PageData(4 KiB) H->R")
                    : new Path(4, 1, "Request R->H, Invalidate H->" + names + ", Ack(s) " + names
                    + "->H, Forward H->H, PageData(4 KiB) H->R");
            Space s = space();
            run(op, "page-moves,invalidate:" + names, path, s, new WriteProbe(s, H, readers));
        } else if (k >= 1 && k + 1 <= nodes) {
            // H owns, k - 1 others and R read: H's and the others' copies are invalidated, R is granted ownership
            List<Integer> others = others(k - 1);
            List<Integer> invalidated = new ArrayList<>(List.of(H));
            invalidated.addAll(others);
            List<Integer> readers = new ArrayList<>(others);
            readers.add(R);
            Path path = others.isEmpty()
                    ? new Path(2, 2, "Request R->H, Invalidate H->H, Ack H->H, grant (no data) H->R")
                    : new Path(4, 2, "Request R->H, Invalidate H->H + H->" + names(others) + ", Acks H->H + "
                    + names(others) + "->H, grant (no data) H->R");
            Space s = space();
            run(op, "ownership-only,invalidate:" + names(invalidated), path, s, new WriteProbe(s, H, readers));
        } else {
            skipped.add(new Section.Skipped(op, "-", "a write fault with " + k + " copies to invalidate needs "
                    + (k + 1) + " nodes (the requester never invalidates its own copy: it holds one, and the home and "
                    + (k - 1) + " other nodes hold the " + k + "); run with --local " + (k + 1) + " or more; this run has "
                    + nodes));
        }
    }

    /** The first {@code count} nodes that are neither H nor R. */
    private static List<Integer> others(int count) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(T + i);
        }
        return list;
    }

    private static String names(List<Integer> nodes) {
        return String.join("+", nodes.stream().map(n -> "n" + n).toList());
    }

    private void readFault(String condition, Path path, int owner) throws Exception {
        Space s = space();
        run("read-fault", condition, path, s, readProbe(s, owner));
    }

    /** Traces both read faults (owner T, owner H) hop by hop on fresh pages (see {@link HopTrace}). */
    String traceReadFaults(HopTrace trace, int iterations, long pauseNanos) throws Exception {
        String third = nodes <= T ? "" : traceReadFault(trace, iterations, pauseNanos, "read-fault remote (R -> H -> T -> R)", T, List.of(
                new HopTrace.Step(H, true, "PageRequest", "wire R->H, hand-off to the manager"),
                new HopTrace.Step(H, false, "PageForward", "manager H: serialise, forward"),
                new HopTrace.Step(T, true, "PageForward", "wire H->T, hand-off to the page verticle"),
                new HopTrace.Step(T, false, "PageData", "owner T: downgrade, copy 4 KiB, send")));
        String home = traceReadFault(trace, iterations, pauseNanos, "read-fault remote-owner-home (R -> H -> H -> R)", H,
                List.of(new HopTrace.Step(H, true, "PageRequest", "wire R->H, hand-off to the manager"),
                        new HopTrace.Step(H, false, "PageForward", "manager H: serialise, forward to itself"),
                        new HopTrace.Step(H, true, "PageForward", "local event-bus delivery H->H (manager to page verticle)"),
                        new HopTrace.Step(H, false, "PageData", "owner H: downgrade, copy 4 KiB, send")));
        return third.isEmpty() ? home : third + "\n" + home;
    }

    private String traceReadFault(HopTrace trace, int iterations, long pauseNanos, String title, int owner,
                                  List<HopTrace.Step> middle) throws Exception {
        Space s = space();
        try {
            List<HopTrace.Step> steps = new ArrayList<>();
            steps.add(new HopTrace.Step(R, false, "PageRequest", "requester R: guest thread to event loop, request sent"));
            steps.addAll(middle);
            steps.add(new HopTrace.Step(R, true, "PageData", "wire to R (4 KiB), hand-off to the page verticle"));
            return trace.trace(title, readProbe(s, owner), Math.min(iterations, s.pages), pauseNanos, steps);
        } finally {
            s.mem[H].munmap(s.base, s.pages * PAGE);
        }
    }

    private static Probe readProbe(Space s, int owner) {
        return new Probe() {
            @Override
            public void prepare(int i) {
                s.mem[owner].writeLong(s.addr(i), marker(i)); // the owner holds it READ_WRITE
            }

            @Override
            public long access(int i) {
                return s.mem[R].readLong(s.addr(i));
            }

            @Override
            public void check(int i, long result) {
                expect(i, marker(i), result, "read fault");
            }
        };
    }

    /** R writes a page that {@code owner} wrote and {@code readers} read first. */
    private record WriteProbe(Space s, int owner, List<Integer> readers) implements Probe {
        @Override
        public void prepare(int i) {
            s.mem[owner].writeLong(s.addr(i), marker(i));
            for (int reader : readers) {
                expect(i, marker(i), s.mem[reader].readLong(s.addr(i)), "set-up read");
            }
        }

        @Override
        public long access(int i) {
            s.mem[R].writeLong(s.addr(i) + 8, i);
            return 0;
        }

        @Override
        public void check(int i, long result) {
            expect(i, marker(i), s.mem[R].readLong(s.addr(i)), "write fault");
        }
    }

    private void run(String op, String condition, Path path, Space s, Probe probe) throws Exception {
        ProcshareNode requester = cluster.node(R);
        long faults0 = requester.counters().get(MemoryCounters.FAULTS);
        long inval0 = invalidations();
        LatencyRow row = runner.run(op, condition, probe);
        int total = runner.total();
        results.add(new Result(row, path, (requester.counters().get(MemoryCounters.FAULTS) - faults0) / (double) total,
                (invalidations() - inval0) / (double) total));
        s.mem[H].munmap(s.base, s.pages * PAGE); // frees every node's frames before the next probe
    }

    private long invalidations() {
        long sum = 0;
        for (int i = 0; i < cluster.size(); i++) {
            sum += cluster.node(i).counters().get(MemoryCounters.INVALIDATIONS);
        }
        return sum;
    }

    /** A new process homed on H, a fresh mapping for every iteration's page, opened on R and T after the mmap. */
    private Space space() {
        long pid = pids.incrementAndGet();
        int pages = runner.total();
        GuestMemory[] mem = new GuestMemory[nodes];
        mem[H] = cluster.node(H).memory().create(pid);
        long base = mem[H].mmap(0, pages * PAGE, Prot.RW, false);
        String home = cluster.node(H).identity().nodeId();
        // opened after the mmap, so no timed fault pays a map refresh
        for (int n = 1; n < nodes; n++) {
            mem[n] = cluster.node(n).memory().open(pid, home);
        }
        return new Space(mem, base, pages);
    }

    private record Space(GuestMemory[] mem, long base, int pages) {
        long addr(int i) {
            return base + i * PAGE;
        }
    }

    private static long marker(int i) {
        return 0x5EED_0000_0000L + i;
    }

    private static void expect(int i, long expected, long actual, String what) {
        if (expected != actual) {
            throw new IllegalStateException(what + " of iteration " + i + " read 0x" + Long.toHexString(actual)
                    + ", expected 0x" + Long.toHexString(expected) + ": the page did not travel");
        }
    }
}
