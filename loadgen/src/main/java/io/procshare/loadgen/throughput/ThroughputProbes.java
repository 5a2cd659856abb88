package io.procshare.loadgen.throughput;

import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Progress;
import io.procshare.node.ProcshareNode;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.ThreadExitException;
import io.procshare.verticles.memory.space.Prot;
import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.Sysno;
import io.procshare.verticles.syscall.host.GuestAbi;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code throughput} experiment (DESIGN §9; issue 6): forwarded system calls per second and
 * remote page faults per second against the number of concurrent threads, beside the event-bus
 * request/reply rate at the same concurrency, which every forwarded call and every fault rides on.
 *
 * <p><b>Levels.</b> 1, 2, 4, ..., 256 threads, those below {@code --threads}, and {@code --threads}
 * itself last ({@link #levels}). The threads are spread round-robin over the nodes other than the
 * home (node 0); on two nodes all of them run on node 1.
 *
 * <p><b>One level</b>: a new process homed on node 0 (untimed set-up: an mmap of one page for a
 * path and one page per page-fault operation of the level, a 4 KiB file in its sandbox opened
 * O_RDONLY by the main thread, every page-fault page written once by the home, so the home owns
 * it READ_WRITE). Then T platform threads start, each attaching its own guest thread
 * ({@code attachThread}, so the home makes one executor per thread) and then running the three
 * operations one after another. For each operation every thread runs
 * {@link #warmupPerThread warm-up} operations untimed, all threads meet at a barrier, then each runs
 * {@link #opsPerThread its operations} in a closed loop (the next starts when the last returned),
 * timing each with {@code System.nanoTime()} into an array of its own (nothing shared while timed),
 * and all meet again. The arrays are merged into one HdrHistogram (exact: every sample is recorded).
 * {@code ops_per_s} is the number of timed operations over the wall time from the earliest thread's
 * start to the latest thread's end. At the end of the level the process ends with exit_group, which
 * releases its executors, pages and fd on every node. {@code --pause-us} does not apply: a closed
 * loop has no idle time.
 *
 * <p><b>Operations</b>:
 * <ul>
 *   <li>{@code syscall} ({@code mechanism}): {@code lseek(fd, 0, SEEK_CUR)} on the sandbox file, a
 *       HOME syscall with no memory argument: one execution request to the home's executor of the
 *       thread, a real host lseek there, one reply;</li>
 *   <li>{@code page-fault} ({@code mechanism}): a read of a page the home wrote and nobody else
 *       touched: a remote read fault (Request R->H, Forward H->H, PageData H->R) every time, each
 *       thread on pages of its own (so the page-fault memory of a level is T × (warm-up + ops)
 *       pages, bounded by the rule below: 63 MiB at the home and as much on the other nodes at the
 *       defaults);</li>
 *   <li>{@code eventbus-16} ({@code eventbus}): a 16 B request/reply from the thread's node to the
 *       home's echo verticle, the thread blocking on the reply as a forwarded call does.</li>
 * </ul>
 *
 * <p><b>How many operations</b> (the scaling rule): per thread {@code max(32, ceil(8 × iterations /
 * T))} timed and {@code ceil(warmup / T)} warm-up operations, so a level runs about
 * {@code 8 × --iterations} timed operations of each kind whatever its concurrency (16 000 at the
 * default K = 2 000; at least 32 per thread, so that even at 256 threads every thread's loop is long
 * against the skew of the barriers), and tests shrink it with a small {@code --iterations} and
 * {@code --threads}. At the defaults the whole experiment takes about 40 s on two loopback nodes
 * of a 2-core machine.
 */
public final class ThroughputProbes {

    /** The experiment's name in results.json. */
    public static final String EXPERIMENT = "throughput";
    /** Concurrency levels before the cap of {@code --threads}. */
    public static final List<Integer> LEVELS = List.of(1, 2, 4, 8, 16, 32, 64, 128, 256);
    /** A forwarded HOME syscall per operation. */
    public static final String SYSCALL = "syscall";
    /** A remote read fault per operation. */
    public static final String PAGE_FAULT = "page-fault";
    /** The baseline: an event-bus request/reply of 16 B per operation. */
    public static final String EVENTBUS = "eventbus-16";
    /** Condition of {@link #SYSCALL} and {@link #PAGE_FAULT}. */
    public static final String MECHANISM = "mechanism";
    /** Condition of {@link #EVENTBUS}. */
    public static final String EVENTBUS_CONDITION = "eventbus";
    /** The operations in the order each level runs them (and the rows are returned). */
    public static final List<String> OPS = List.of(SYSCALL, PAGE_FAULT, EVENTBUS);

    /** Timed operations per level and kind: this many times {@code --iterations}. */
    static final int OPS_PER_ITERATION = 8;
    /** No thread runs fewer timed operations than this. */
    static final int MIN_OPS_PER_THREAD = 32;

    private static final int HOME = 0;
    private static final int PAGE = 4096;
    private static final int ECHO_BYTES = 16;
    private static final long ECHO_TIMEOUT_MS = 30_000;
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long JOIN_MS = 30_000;
    private static final int SEEK_CUR = 1;
    private static final String FILE = "throughput.dat";
    /**
     * The process of the first level; level i runs {@code FIRST_PID + i} (an ended pid is never reused;
     * page-fault uses 7 000 001.., table1 8 000 001, read-size 8 200 001).
     */
    private static final long FIRST_PID = 8_300_001;

    private ThroughputProbes() {
    }

    /** The concurrency levels run with {@code --threads max}: those of {@link #LEVELS} below it, then {@code max}. */
    public static List<Integer> levels(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("--threads must be >= 1; got " + max);
        }
        List<Integer> levels = new ArrayList<>(LEVELS.stream().filter(t -> t < max).toList());
        levels.add(max);
        return List.copyOf(levels);
    }

    /** Timed operations per thread at concurrency {@code threads}: max(32, ceil(8 × iterations / threads)). */
    static int opsPerThread(int iterations, int threads) {
        return Math.max(MIN_OPS_PER_THREAD, ceilDiv(OPS_PER_ITERATION * iterations, threads));
    }

    /** Untimed warm-up operations of each thread at concurrency {@code threads}: {@code ceil(warmup / threads)}. */
    static int warmupPerThread(int warmup, int threads) {
        return ceilDiv(warmup, threads);
    }

    /**
     * Runs every level on {@code cluster} (node 0 the home) and returns the rows operation by
     * operation ({@link #OPS}), each by ascending concurrency.
     */
    public static List<ThroughputRow> run(LocalCluster cluster, ExperimentOptions options, Progress progress)
            throws Exception {
        if (cluster.size() < 2) {
            throw new IllegalArgumentException("throughput needs a home and at least one other node, got "
                    + cluster.size() + " node(s)");
        }
        List<ThroughputRow> rows = new ArrayList<>();
        List<Integer> levels = levels(options.threads());
        for (int i = 0; i < levels.size(); i++) {
            int threads = levels.get(i);
            Level level = new Level(cluster, FIRST_PID + i, threads, warmupPerThread(options.warmup(), threads),
                    opsPerThread(options.iterations(), threads), progress);
            for (ThroughputRow row : level.run()) {
                rows.add(row);
                progress.note(String.format(Locale.ROOT, "[%s]   %-12s x%-3d %.0f ops/s, p50 %.1f us, p99 %.1f us",
                        EXPERIMENT, row.op(), row.threads(), row.opsPerSec(), row.p50(), row.p99()));
            }
        }
        rows.sort(Comparator.<ThroughputRow>comparingInt(r -> OPS.indexOf(r.op()))
                .thenComparingInt(ThroughputRow::threads));
        return rows;
    }

    /** One concurrency level: its process, its threads, and the three operations run by all of them. */
    private static final class Level {
        private final LocalCluster cluster;
        private final long pid;
        private final int threads;
        private final int warmup;
        private final int ops;
        private final Progress progress;
        private final Phaser phaser;
        private final long[][] samples;
        private final long[] starts;
        private final long[] ends;
        private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private final AtomicLong done = new AtomicLong();
        private volatile boolean abort;
        // set by run() before the threads start
        private String homeId;
        private GuestThread main;
        private long fd;
        private long data;

        Level(LocalCluster cluster, long pid, int threads, int warmup, int ops, Progress progress) {
            this.cluster = cluster;
            this.pid = pid;
            this.threads = threads;
            this.warmup = warmup;
            this.ops = ops;
            this.progress = progress;
            this.phaser = new Phaser(threads + 1);
            this.samples = new long[threads][ops];
            this.starts = new long[threads];
            this.ends = new long[threads];
        }

        List<ThroughputRow> run() throws Exception {
            ProcshareNode home = cluster.node(HOME);
            homeId = home.identity().nodeId();
            main = home.syscalls().startProcess(pid, ClientStreams.detached());
            List<Thread> workers = new ArrayList<>(threads);
            try {
                setUp(home);
                for (int j = 0; j < threads; j++) {
                    int index = j;
                    workers.add(Thread.ofPlatform().daemon().name("throughput-" + threads + "-" + j)
                            .start(() -> work(index)));
                }
                List<ThroughputRow> rows = new ArrayList<>();
                for (String op : OPS) {
                    done.set(0);
                    progress.row(EXPERIMENT, op + " x" + threads, (long) threads * (warmup + ops));
                    phaser.arriveAndAwaitAdvance(); // go: warm-up
                    phaser.arriveAndAwaitAdvance(); // every thread warmed up: timed loops start
                    phaser.arriveAndAwaitAdvance(); // every thread's loop ended
                    progress.done();
                    throwIfFailed(op);
                    rows.add(row(op));
                }
                return rows;
            } finally {
                abort = true;
                phaser.forceTermination();
                endProcess(main);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MS);
                for (Thread w : workers) {
                    w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
        }

        /** The file for lseek, and one page per page-fault operation, each written by the home. */
        private void setUp(ProcshareNode home) throws Exception {
            long pages = 1 + (long) threads * (warmup + ops);
            long base = main.memory().mmap(0, pages * PAGE, Prot.RW, false);
            data = base + PAGE;
            Files.write(home.syscalls().process(pid).files().sandboxPath().resolve(FILE), new byte[PAGE]);
            byte[] path = ("/" + FILE + "\0").getBytes(StandardCharsets.UTF_8);
            main.memory().write(base, path, 0, path.length);
            fd = main.syscall(Sysno.OPENAT, GuestAbi.AT_FDCWD, base, GuestAbi.O_CLOEXEC, 0);
            if (fd < 0) {
                throw new IllegalStateException("open of /" + FILE + " in the sandbox returned " + fd);
            }
            for (long p = 0; p < pages - 1; p++) {
                main.memory().writeLong(data + p * PAGE, marker(p)); // the home owns it READ_WRITE
            }
        }

        /** Thread {@code j}: attaches its guest thread, then runs every operation between the barriers. */
        private void work(int j) {
            int node = 1 + j % (cluster.size() - 1);
            GuestThread thread = null;
            try {
                thread = cluster.node(node).syscalls().attachThread(pid, homeId, main.gtid());
            } catch (Throwable e) {
                fail(e);
            }
            EventBus bus = cluster.node(node).vertx().eventBus();
            String echo = Addresses.of(homeId, Addresses.ECHO);
            Buffer ping = Buffer.buffer(new byte[ECHO_BYTES]);
            for (String op : OPS) {
                if (phaser.arriveAndAwaitAdvance() < 0) {
                    return;
                }
                int k = 0;
                try {
                    for (; k < warmup && !abort; k++) {
                        once(op, thread, bus, echo, ping, j, k);
                    }
                } catch (Throwable e) {
                    fail(e);
                }
                if (phaser.arriveAndAwaitAdvance() < 0) {
                    return;
                }
                long[] mine = samples[j];
                starts[j] = System.nanoTime();
                try {
                    for (int i = 0; i < ops && !abort; i++, k++) {
                        long t0 = System.nanoTime();
                        once(op, thread, bus, echo, ping, j, k);
                        mine[i] = System.nanoTime() - t0;
                    }
                } catch (Throwable e) {
                    fail(e);
                }
                ends[j] = System.nanoTime();
                if (phaser.arriveAndAwaitAdvance() < 0) {
                    return;
                }
            }
        }

        /** Operation {@code k} (warm-up first, then timed) of thread {@code j}. */
        private void once(String op, GuestThread thread, EventBus bus, String echo, Buffer ping, int j, int k)
                throws TimeoutException {
            if (thread == null) {
                throw new IllegalStateException("thread " + j + " has no guest thread");
            }
            switch (op) {
                case SYSCALL -> {
                    long r = thread.syscall(Sysno.LSEEK, fd, 0, SEEK_CUR);
                    if (r != 0) {
                        throw new IllegalStateException("lseek(SEEK_CUR) of thread " + j + " returned " + r);
                    }
                }
                case PAGE_FAULT -> {
                    long page = (long) j * (warmup + ops) + k;
                    long v = thread.memory().readLong(data + page * PAGE);
                    if (v != marker(page)) {
                        throw new IllegalStateException("page " + page + " read 0x" + Long.toHexString(v)
                                + ", expected 0x" + Long.toHexString(marker(page)) + ": the page did not travel");
                    }
                }
                case EVENTBUS -> {
                    Buffer pong = bus.<Buffer>request(echo, ping).await(ECHO_TIMEOUT_MS, TimeUnit.MILLISECONDS).body();
                    if (pong.length() != ECHO_BYTES) {
                        throw new IllegalStateException("event-bus echo of " + ECHO_BYTES + " B returned "
                                + pong.length() + " B");
                    }
                }
                default -> throw new IllegalArgumentException("not a throughput operation: " + op);
            }
            progress.advance(done.incrementAndGet());
        }

        private void fail(Throwable e) {
            failures.add(e);
            abort = true;
        }

        private void throwIfFailed(String op) {
            Throwable first = failures.peek();
            if (first != null) {
                IllegalStateException e = new IllegalStateException(failures.size() + " thread(s) failed in "
                        + op + " at " + threads + " threads: " + first, first);
                failures.stream().skip(1).limit(3).forEach(e::addSuppressed);
                throw e;
            }
        }

        private ThroughputRow row(String op) {
            Histogram h = new Histogram(MAX_NANOS, 3);
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int j = 0; j < threads; j++) {
                for (long nanos : samples[j]) {
                    h.recordValue(Math.min(nanos, MAX_NANOS));
                }
                first = Math.min(first, starts[j]);
                last = Math.max(last, ends[j]);
            }
            return ThroughputRow.of(op, op.equals(EVENTBUS) ? EVENTBUS_CONDITION : MECHANISM, threads, h, last - first);
        }
    }

    private static long marker(long page) {
        return 0x7B0F_0000_0000L + page;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static void endProcess(GuestThread main) {
        try {
            main.syscall(Sysno.EXIT_GROUP, 0);
        } catch (ThreadExitException expected) {
            // exit_group ends every thread of the process, this one first
        }
    }
}
