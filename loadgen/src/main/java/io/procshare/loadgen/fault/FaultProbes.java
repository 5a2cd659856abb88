package io.procshare.loadgen.fault;

import io.procshare.loadgen.probe.LatencyRow;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Probe;
import io.procshare.loadgen.probe.ProbeRunner;
import io.procshare.node.ProcshareNode;
import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.memory.MemoryCounters;
import io.procshare.verticles.memory.space.Prot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The page-fault probes (DESIGN §5, §9) on three nodes: H (node 0) is the home of every process and
 * so the manager of every page, R (node 1) is the requester whose thread is timed, T (node 2) is the
 * third node. Every iteration uses a page no one has touched before, so every timed access really
 * faults; the untimed {@code prepare} puts it in the state the row names.
 *
 * <p>With three nodes a write fault has at most two copies to invalidate: the copyset is a set of
 * nodes, the requester's own copy is never invalidated, so only H and T can hold one; four copies
 * need five nodes. And when the requester holds no copy of a written page, the owner's copy leaves
 * with the page rather than by invalidation, so two invalidations happen only when R holds a
 * READ_ONLY copy and the grant is ownership only.
 */
final class FaultProbes {

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
    private final List<Result> results = new ArrayList<>();

    FaultProbes(LocalCluster cluster, ProbeRunner runner, long firstPid) {
        if (cluster.size() < 3) {
            throw new IllegalArgumentException("the page-fault probes need 3 nodes, got " + cluster.size());
        }
        this.cluster = cluster;
        this.runner = runner;
        this.pids = new AtomicLong(firstPid);
    }

    List<Result> runAll() throws Exception {
        readFault("remote", new Path(3, 0, "Request R->H, Forward H->T, PageData(4 KiB) T->R"), T);
        readFault("remote-owner-home", new Path(2, 1, "Request R->H, Forward H->H, PageData(4 KiB) H->R"), H);

        // write-fault-0: owner H holds the only copy (READ_WRITE), it leaves with the page
        Space s0 = space();
        run("write-fault-0", "remote-owner-home", new Path(2, 1, "Request R->H, Forward H->H, PageData(4 KiB) H->R"),
                s0, new WriteProbe(s0, H, List.of()));
        // write-fault-1: H owns, T holds a READ_ONLY copy that must be invalidated and acked first
        Space s1 = space();
        run("write-fault-1", "remote-owner-home,copy-third", new Path(4, 1,
                "Request R->H, Invalidate H->T, Ack T->H, Forward H->H, PageData(4 KiB) H->R"),
                s1, new WriteProbe(s1, H, List.of(T)));
        // write-fault-2: H (owner) and T hold copies, R holds one too, so both are invalidated; no data
        Space s2 = space();
        run("write-fault-2", "requester-ro,copies-home+third", new Path(4, 2,
                "Request R->H, Invalidate H->H + H->T, Acks H->H + T->H, grant (no data) H->R"),
                s2, new WriteProbe(s2, H, List.of(T, R)));

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

    private void readFault(String condition, Path path, int owner) throws Exception {
        Space s = space();
        run("read-fault", condition, path, s, readProbe(s, owner));
    }

    /** Traces both read faults (owner T, owner H) hop by hop on fresh pages (see {@link HopTrace}). */
    String traceReadFaults(HopTrace trace, int iterations, long pauseNanos) throws Exception {
        String third = traceReadFault(trace, iterations, pauseNanos, "read-fault remote (R -> H -> T -> R)", T, List.of(
                new HopTrace.Step(H, true, "PageRequest", "wire R->H, hand-off to the manager"),
                new HopTrace.Step(H, false, "PageForward", "manager H: serialise, forward"),
                new HopTrace.Step(T, true, "PageForward", "wire H->T, hand-off to the page verticle"),
                new HopTrace.Step(T, false, "PageData", "owner T: downgrade, copy 4 KiB, send")));
        String home = traceReadFault(trace, iterations, pauseNanos, "read-fault remote-owner-home (R -> H -> H -> R)", H,
                List.of(new HopTrace.Step(H, true, "PageRequest", "wire R->H, hand-off to the manager"),
                        new HopTrace.Step(H, false, "PageForward", "manager H: serialise, forward to itself"),
                        new HopTrace.Step(H, true, "PageForward", "local event-bus delivery H->H (manager to page verticle)"),
                        new HopTrace.Step(H, false, "PageData", "owner H: downgrade, copy 4 KiB, send")));
        return third + "\n" + home;
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
        GuestMemory[] mem = new GuestMemory[3];
        mem[H] = cluster.node(H).memory().create(pid);
        long base = mem[H].mmap(0, pages * PAGE, Prot.RW, false);
        String home = cluster.node(H).identity().nodeId();
        // opened after the mmap, so no timed fault pays a map refresh
        mem[R] = cluster.node(R).memory().open(pid, home);
        mem[T] = cluster.node(T).memory().open(pid, home);
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
