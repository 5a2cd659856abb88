package io.procshare.loadgen.readsize;

import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LatencyRow;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Probe;
import io.procshare.loadgen.probe.ProbeRunner;
import io.procshare.loadgen.probe.Progress;
import io.procshare.node.ProcshareNode;
import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.ThreadExitException;
import io.procshare.verticles.memory.MemoryCounters;
import io.procshare.verticles.memory.space.Prot;
import io.procshare.verticles.syscall.Arguments;
import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.Sysno;
import io.procshare.verticles.syscall.host.GuestAbi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code read-size} experiment (the paper's Figure 9, DESIGN §1, §9; issue 6): a forwarded
 * {@code read} of 1, 2, 4, 8, 12, 16, 32 and 64 KiB, issued by a guest thread on node 1 of a
 * process homed on node 0 (condition C), with argument shipping on ({@code ship}) and off
 * ({@code noship}).
 *
 * <p><b>Set-up</b> (untimed, once): the home starts the process, maps one page for the file's path
 * and 64 KiB for the read buffer, writes a 64 KiB file of a known pattern into the process's
 * sandbox and opens it (O_RDONLY) from its main thread; then the issuing thread is attached on
 * node 1 (after the mmap, so no timed call pays a map refresh). Every call reads the same file
 * range, so after the first iterations the file is in the home's page cache, as in a program that
 * reads a file it just wrote.
 *
 * <p><b>One iteration</b> of row {@code read-<S>k} (S KiB, {@code n = S * 1024} bytes):
 * <ol>
 *   <li>untimed ({@link Probe#prepare}): both nodes' shipping switch is set to the row's condition,
 *       and the issuing thread fills the first {@code n} bytes of the buffer with the complement of
 *       the file's bytes, as a program reuses (clears) its buffer: node 1 then holds every buffer
 *       page the read will fill, READ_WRITE, alone;</li>
 *   <li>the pause every probe takes ({@code --pause-us});</li>
 *   <li><b>timed</b>, on the issuing thread, {@code System.nanoTime()} before and after
 *       {@code pread64(fd, buf, n, 0)}: the thread's forwarding part sends the request and blocks
 *       until the reply, as the paper's thread slept until the completion notice. With shipping on,
 *       the home reads the file into a byte array, the bytes come back in the reply and the
 *       forwarding part stores them into the buffer on node 1 (resident, so no fault) before the call
 *       returns. With shipping off, the home's executor stores the bytes into guest memory through
 *       the DSM: every one of the {@code ceil(n / 4096)} buffer pages is a write fault at the home
 *       whose page data comes from node 1 (the paper's one page transfer per 4 KiB; unlike the
 *       paper's kernel, which took them one after another, the home's bulk store asks for all of
 *       them at once, so their transfers overlap), and the reply is sent only after the last store,
 *       so the timed call includes all of them;</li>
 *   <li>untimed ({@link Probe#check}): the call must return exactly {@code n} (a short read fails
 *       the run; the largest read, 64 KiB, is far below {@link Arguments#MAX_TRANSFER} = 1 MiB, so
 *       no cap applies), and the thread reads the buffer and compares it with the file byte for
 *       byte. Without shipping this faults the pages back to node 1, which is where the thread uses
 *       them; that is outside the timed call, as it is outside the paper's read.</li>
 * </ol>
 * All 16 rows run {@linkplain ProbeRunner#runInterleaved interleaved} (each iteration in a
 * shuffled order), so ship and noship of every size see the same machine. The page faults the home
 * takes inside the timed call are counted per row and told through {@link Progress#note} (expected:
 * 0 with shipping, {@code ceil(n / 4096)} without).
 */
public final class ReadSizeProbes {

    /** The experiment's name in results.json. */
    public static final String EXPERIMENT = "read-size";
    /** Read sizes in KiB, the paper's Figure 9 axis. */
    public static final List<Integer> SIZES_KIB = List.of(1, 2, 4, 8, 12, 16, 32, 64);
    /** Condition of the rows with argument shipping on. */
    public static final String SHIP = "ship";
    /** Condition of the rows with argument shipping off. */
    public static final String NOSHIP = "noship";

    /** Node index of the process's home. */
    static final int HOME = 0;
    /** Node index of the issuing thread. */
    static final int ISSUER = 1;

    private static final int PAGE = 4096;
    private static final int MAX_BYTES = 64 * 1024;
    private static final String FILE = "read-size.dat";
    /** The experiment's process (page-fault uses 7 000 001.., table1 8 000 001, throughput 8 300 001..). */
    private static final long PID = 8_200_001;

    private ReadSizeProbes() {
    }

    /** The op of a read of {@code kib} KiB in results.json, e.g. {@code read-64k}. */
    public static String op(int kib) {
        return "read-" + kib + "k";
    }

    /**
     * Runs every size under both conditions on {@code cluster} (node 0 the home, node 1 the issuer),
     * {@code options.warmup()} + {@code options.iterations()} iterations per row, and returns the
     * rows size by size, {@code ship} before {@code noship}.
     */
    public static List<LatencyRow> run(LocalCluster cluster, ExperimentOptions options, Progress progress)
            throws Exception {
        if (cluster.size() < 2) {
            throw new IllegalArgumentException("read-size needs 2 nodes (home and issuer), got " + cluster.size());
        }
        if (SIZES_KIB.getLast() * 1024 > Arguments.MAX_TRANSFER) {
            throw new IllegalStateException("a " + SIZES_KIB.getLast() + " KiB read exceeds the transfer cap of "
                    + Arguments.MAX_TRANSFER + " B: it would be a short read");
        }
        boolean[] shipping = new boolean[cluster.size()];
        for (int n = 0; n < cluster.size(); n++) {
            shipping[n] = cluster.node(n).syscalls().config().argumentShipping();
        }
        ProcshareNode home = cluster.node(HOME);
        long pid = PID;
        GuestThread main = home.syscalls().startProcess(pid, ClientStreams.detached());
        try {
            long pathPage = main.memory().mmap(0, PAGE + MAX_BYTES, Prot.RW, false);
            long buffer = pathPage + PAGE;
            byte[] content = content();
            Files.write(home.syscalls().process(pid).files().sandboxPath().resolve(FILE), content);
            byte[] path = cString("/" + FILE);
            main.memory().write(pathPage, path, 0, path.length);
            long fd = main.syscall(Sysno.OPENAT, GuestAbi.AT_FDCWD, pathPage, GuestAbi.O_CLOEXEC, 0);
            if (fd < 0) {
                throw new IllegalStateException("open of /" + FILE + " in the sandbox returned " + fd);
            }
            // attached after the mmap, so no timed call pays a map refresh
            GuestThread issuer = cluster.node(ISSUER).syscalls()
                    .attachThread(pid, home.identity().nodeId(), main.gtid());

            List<ProbeRunner.Row> rows = new ArrayList<>();
            List<ReadProbe> probes = new ArrayList<>();
            for (int kib : SIZES_KIB) {
                for (boolean ship : new boolean[] {true, false}) {
                    ReadProbe p = new ReadProbe(cluster, issuer, fd, buffer, kib * 1024, ship, content);
                    probes.add(p);
                    rows.add(new ProbeRunner.Row(op(kib), ship ? SHIP : NOSHIP, p));
                }
            }
            List<LatencyRow> result = ProbeRunner.of(EXPERIMENT, options, progress)
                    .runInterleaved("forwarded read", rows);
            for (int i = 0; i < result.size(); i++) {
                progress.note(String.format(Locale.ROOT, "[%s]   %s %s: %.2f page faults at the home per read",
                        EXPERIMENT, result.get(i).op(), result.get(i).condition(), probes.get(i).homeFaultsPerRead()));
            }
            long closed = main.syscall(Sysno.CLOSE, fd);
            if (closed != 0) {
                throw new IllegalStateException("close of the read-size file returned " + closed);
            }
            return result;
        } finally {
            for (int n = 0; n < cluster.size(); n++) {
                cluster.node(n).syscalls().setArgumentShipping(shipping[n]); // each node's switch as it was
            }
            endProcess(main);
        }
    }

    /** One row: a forwarded pread64 of {@code size} bytes at offset 0 under one shipping condition. */
    private static final class ReadProbe implements Probe {
        private final LocalCluster cluster;
        private final GuestThread issuer;
        private final long fd;
        private final long buffer;
        private final int size;
        private final boolean ship;
        private final byte[] content;
        private final byte[] poison;
        private final byte[] readBack;
        private long faultsBefore;
        private long homeFaults;
        private long reads;

        ReadProbe(LocalCluster cluster, GuestThread issuer, long fd, long buffer, int size, boolean ship,
                  byte[] content) {
            this.cluster = cluster;
            this.issuer = issuer;
            this.fd = fd;
            this.buffer = buffer;
            this.size = size;
            this.ship = ship;
            this.content = content;
            this.poison = new byte[size];
            for (int i = 0; i < size; i++) {
                poison[i] = (byte) ~content[i];
            }
            this.readBack = new byte[size];
        }

        double homeFaultsPerRead() {
            return reads == 0 ? 0 : homeFaults / (double) reads;
        }

        @Override
        public void prepare(int i) {
            for (int n = 0; n < cluster.size(); n++) {
                cluster.node(n).syscalls().setArgumentShipping(ship);
            }
            // the thread clears its buffer: node 1 holds every page the read fills, READ_WRITE, alone
            issuer.memory().write(buffer, poison, 0, size);
            faultsBefore = homeFaultCounter();
        }

        @Override
        public long access(int i) {
            return issuer.syscall(Sysno.PREAD64, fd, buffer, size, 0);
        }

        @Override
        public void check(int i, long result) {
            homeFaults += homeFaultCounter() - faultsBefore;
            reads++;
            if (result != size) {
                throw new IllegalStateException("pread64 of " + size + " B (" + (ship ? SHIP : NOSHIP) + ") returned "
                        + result + (result < 0 ? " (errno " + -result + ")" : " (a short read)")
                        + ": the probe is broken");
            }
            issuer.memory().read(buffer, readBack, 0, size);
            if (!Arrays.equals(readBack, 0, size, content, 0, size)) {
                throw new IllegalStateException("pread64 of " + size + " B (" + (ship ? SHIP : NOSHIP)
                        + ") left other bytes in the buffer than the file's: the data did not arrive");
            }
        }

        private long homeFaultCounter() {
            return cluster.node(HOME).counters().get(MemoryCounters.FAULTS);
        }
    }

    /** 64 KiB whose every byte depends on its offset and its page, so a misplaced page shows. */
    private static byte[] content() {
        byte[] b = new byte[MAX_BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + (i / PAGE) * 13 + 1);
        }
        return b;
    }

    private static byte[] cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    private static void endProcess(GuestThread main) {
        try {
            main.syscall(Sysno.EXIT_GROUP, 0);
        } catch (ThreadExitException expected) {
            // exit_group ends every thread of the process, this one first
        }
    }
}
