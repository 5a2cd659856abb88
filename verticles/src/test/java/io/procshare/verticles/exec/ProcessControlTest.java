package io.procshare.verticles.exec;

import java.time.Duration;
import org.awaitility.Awaitility;
import io.procshare.codecs.ShippedBytes;
import io.procshare.codecs.SyscallReply;
import io.procshare.codecs.SyscallRequest;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.syscall.ArrayAccess;
import io.procshare.verticles.syscall.Arguments;
import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.GuestBytes;
import io.procshare.verticles.syscall.HostProcess;
import io.procshare.verticles.syscall.HostProcessConfig;
import io.procshare.verticles.syscall.SyscallDispatcher;
import io.procshare.verticles.syscall.SyscallTable;
import io.procshare.verticles.syscall.Sysno;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.procshare.verticles.syscall.host.GuestAbi.AT_FDCWD;
import static io.procshare.verticles.syscall.host.GuestAbi.O_CREAT;
import static io.procshare.verticles.syscall.host.GuestAbi.O_RDWR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control part without a bus: shipped requests handed to executors as the dispatch verticle
 * does, duplicated and reordered as a network may.
 */
class ProcessControlTest {

    private static final long BASE = 0x10000;
    private static final SyscallTable TABLE = SyscallTable.linuxGeneric();

    @TempDir
    Path tmp;
    private HostProcess files;
    private ProcessControl process;
    private final NodeCounters counters = new NodeCounters();
    private final ArrayAccess mem = new ArrayAccess(BASE, 64 * 1024);

    @BeforeEach
    void setUp() throws Exception {
        files = HostProcess.start(HostProcessConfig.of(tmp.resolve("box")), ClientStreams.detached());
        // shipped requests never touch the DSM, so no GuestMemory is needed here
        process = new ProcessControl(9, "home", files, null, new SyscallDispatcher(TABLE), counters);
    }

    @AfterEach
    void tearDown() {
        files.close();
    }

    /** A ReplyTarget that records the outcome. */
    static final class Probe implements ReplyTarget {
        final CompletableFuture<SyscallReply> reply = new CompletableFuture<>();
        final CompletableFuture<Integer> failure = new CompletableFuture<>();

        @Override
        public void reply(SyscallReply r) {
            reply.complete(r);
        }

        @Override
        public void fail(int code, String message) {
            failure.complete(code);
        }

        long ret() throws Exception {
            return reply.get(5, TimeUnit.SECONDS).ret();
        }
    }

    private SyscallRequest request(long gtid, long seq, int nr, long... a) {
        long[] args = new long[6];
        System.arraycopy(a, 0, args, 0, a.length);
        List<ShippedBytes> in = new ArrayList<>();
        for (GuestBytes g : Arguments.ship(TABLE.lookup(nr), args, mem)) {
            in.add(new ShippedBytes(g.address(), Buffer.buffer(g.bytes())));
        }
        return new SyscallRequest(9, gtid, seq, nr, args, ForwardProtocol.SHIPPED, in);
    }

    private Probe send(SyscallRequest r) {
        Probe p = new Probe();
        process.dispatch(r, p);
        return p;
    }

    @Test
    void when_aWriteIsRetriedAfterItsReply_then_itAppendsOnce_andTheRetryGetsTheSameReply() throws Exception {
        long gtid = process.createThread("home", 0);
        long fd = send(request(gtid, 1, Sysno.OPENAT, AT_FDCWD, mem.string(BASE, "/log"), O_CREAT | O_RDWR, 0644)).ret();
        mem.write(BASE + 100, "abc".getBytes());
        SyscallRequest write = request(gtid, 2, Sysno.WRITE, fd, BASE + 100, 3);

        assertThat(send(write).ret()).isEqualTo(3);
        assertThat(send(write).ret()).isEqualTo(3);
        assertThat(send(write).ret()).isEqualTo(3);

        assertThat(Files.readString(tmp.resolve("box/log"))).isEqualTo("abc");
        assertThat(counters.get(SyscallCounters.REPLAYED)).isEqualTo(2);
        assertThat(counters.get(SyscallCounters.EXECUTED)).isEqualTo(2);
    }

    @Test
    void when_aPipeReadBlocks_then_onlyItsExecutorWaits_andItsRetryIsAnsweredOnceWithTheData() throws Exception {
        long reader = process.createThread("n1", 0);
        long writer = process.createThread("n2", 0);
        assertThat(send(request(reader, 1, Sysno.PIPE2, BASE + 8, 0)).reply.get(5, TimeUnit.SECONDS).output())
                .hasSize(1);
        SyscallReply pipe = send(request(reader, 1, Sysno.PIPE2, BASE + 8, 0)).reply.get(5, TimeUnit.SECONDS);
        ByteBuffer fds = ByteBuffer.wrap(pipe.output().getFirst().bytes().getBytes()).order(ByteOrder.LITTLE_ENDIAN);
        int rfd = fds.getInt();
        int wfd = fds.getInt();

        SyscallRequest read = request(reader, 2, Sysno.READ, rfd, BASE + 200, 16);
        Probe first = send(read);
        // the retry must find the read running, blocked on the empty pipe
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> process.threads().get(reader).state() == ThreadState.IN_SYSCALL);
        Probe retry = send(read);
        assertThat(first.failure.get(5, TimeUnit.SECONDS)).isEqualTo(ForwardProtocol.IN_PROGRESS);
        assertThat(process.threads().get(reader).state()).isEqualTo(ThreadState.IN_SYSCALL);

        mem.write(BASE + 300, "x".getBytes());
        assertThat(send(request(writer, 1, Sysno.WRITE, wfd, BASE + 300, 1)).ret()).isEqualTo(1);

        SyscallReply got = retry.reply.get(5, TimeUnit.SECONDS);
        assertThat(got.ret()).isEqualTo(1);
        assertThat(got.output()).singleElement().satisfies(o -> {
            assertThat(o.address()).isEqualTo(BASE + 200);
            assertThat(o.bytes().getBytes()).containsExactly('x');
        });
        assertThat(first.reply).isNotDone();
    }

    @Test
    void when_anOlderSequenceArrivesLate_then_itIsStaleAndNotExecuted() throws Exception {
        long gtid = process.createThread("n1", 0);
        long fd = send(request(gtid, 1, Sysno.OPENAT, AT_FDCWD, mem.string(BASE, "/s"), O_CREAT | O_RDWR, 0644)).ret();
        mem.write(BASE + 100, "z".getBytes());
        SyscallRequest w = request(gtid, 2, Sysno.WRITE, fd, BASE + 100, 1);
        send(w).ret();
        send(request(gtid, 3, Sysno.LSEEK, fd, 0, 0)).ret();
        assertThat(send(w).failure.get(5, TimeUnit.SECONDS)).isEqualTo(ForwardProtocol.STALE);
        assertThat(Files.size(tmp.resolve("box/s"))).isEqualTo(1);
    }

    @Test
    void when_exitGroup_then_everyExecutorEnds_fdsClose_andTheTableSaysExited() throws Exception {
        long a = process.createThread("n1", 0);
        long b = process.createThread("n2", a);
        send(request(a, 1, Sysno.OPENAT, AT_FDCWD, mem.string(BASE, "/x"), O_CREAT | O_RDWR, 0644)).ret();
        assertThat(files.openFdCount()).isEqualTo(4);
        assertThat(process.threads().snapshot()).extracting(ThreadInfo::node).containsExactly("n1", "n2");

        assertThat(send(request(b, 1, Sysno.EXIT_GROUP, 3)).ret()).isZero();

        assertThat(process.exited()).isTrue();
        assertThat(process.exitStatus()).isEqualTo(3);
        assertThat(files.openFdCount()).isZero();
        assertThat(process.threads().snapshot()).extracting(ThreadInfo::state).containsOnly(ThreadState.EXITED);
        assertThat(send(request(a, 2, Sysno.CLOSE, 3)).failure.get(5, TimeUnit.SECONDS)).isEqualTo(ForwardProtocol.EXITED);
    }

    @Test
    void when_unknownGtid_then_noSuchThread() throws Exception {
        assertThat(send(request(42, 1, Sysno.GETCWD, BASE, 100)).failure.get(5, TimeUnit.SECONDS))
                .isEqualTo(ForwardProtocol.NO_SUCH_THREAD);
    }

    // ---------------------------------------------------------------- limits (node.json "limits")

    private static final long THREAD_CLONE = ProcessControl.CLONE_VM | ProcessControl.CLONE_FS | ProcessControl.CLONE_FILES
            | ProcessControl.CLONE_SIGHAND | ProcessControl.CLONE_THREAD | ProcessControl.CLONE_SYSVSEM;

    /** A one-node host that records the threads it is asked to start. */
    static final class RecordingHost implements ProcessHost {
        final List<io.procshare.codecs.ThreadStart> started = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public List<ClusterNode> nodes() {
            return List.of(new ClusterNode("home", "home"));
        }

        @Override
        public void startThread(io.procshare.codecs.ThreadStart start) {
            started.add(start);
        }

        @Override
        public void ended(ProcessControl p) {
        }
    }

    private ProcessControl limited(RecordingHost host, int threads, int pendingSyscalls) {
        return new ProcessControl(9, "home", files, null, new SyscallDispatcher(TABLE), counters, host, "task",
                Placement.parse("pack"), new SyscallConfig.Limits(threads, 16, pendingSyscalls));
    }

    @Test
    void when_theProcessHasThreadsPerProcessThreads_then_cloneIsEAGAINAndAllocatesNothing() {
        RecordingHost host = new RecordingHost();
        ProcessControl p = limited(host, 2, 16);
        long main = p.createThread("home", 0);

        long child = p.clone(main, THREAD_CLONE, 0, 0, 0, 0);
        assertThat(child).isPositive();
        assertThat(p.clone(main, THREAD_CLONE, 0, 0, 0, 0)).isEqualTo(-11);

        assertThat(p.threads().snapshot()).hasSize(2);
        assertThat(host.started).hasSize(1);
        assertThat(counters.get(SyscallCounters.CLONES)).isEqualTo(1);

        p.exit(child, 0); // an exited thread frees its slot
        assertThat(p.clone(main, THREAD_CLONE, 0, 0, 0, 0)).isPositive();
        assertThat(host.started).hasSize(2);
    }

    @Test
    void when_aForkIsAskedAtTheThreadLimit_then_itIsStillENOSYS() {
        ProcessControl p = limited(new RecordingHost(), 1, 16);
        long main = p.createThread("home", 0);

        assertThat(p.clone(main, 0x11, 0, 0, 0, 0)).isEqualTo(-38); // SIGCHLD fork: not a thread, whatever the limit
        assertThat(p.clone(main, THREAD_CLONE, 0, 0, 0, 0)).isEqualTo(-11);
    }

    @Test
    void when_pendingSyscallsPerProcessArePending_then_aNewSyscallIsEAGAINWithoutRunning_butReSendsAreNeverRefused()
            throws Exception {
        process = limited(new RecordingHost(), 8, 1);
        long a = process.createThread("n1", 0);
        long b = process.createThread("n2", 0);
        SyscallReply pipe = send(request(a, 1, Sysno.PIPE2, BASE + 8, 0)).reply.get(5, TimeUnit.SECONDS);
        ByteBuffer fds = ByteBuffer.wrap(pipe.output().getFirst().bytes().getBytes()).order(ByteOrder.LITTLE_ENDIAN);
        int rfd = fds.getInt();
        int wfd = fds.getInt();
        assertThat(process.pendingSyscalls()).isZero();

        SyscallRequest read = request(a, 2, Sysno.READ, rfd, BASE + 200, 16);
        Probe first = send(read);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> process.threads().get(a).state() == ThreadState.IN_SYSCALL);
        assertThat(process.pendingSyscalls()).isEqualTo(1);

        // b's new syscall finds the one slot taken: -EAGAIN at once, and the file is not created
        SyscallReply refused = send(request(b, 1, Sysno.OPENAT, AT_FDCWD, mem.string(BASE, "/no"), O_CREAT | O_RDWR, 0644))
                .reply.get(5, TimeUnit.SECONDS);
        assertThat(refused.ret()).isEqualTo(-11);
        assertThat(refused.sequence()).isEqualTo(1);
        assertThat(Files.exists(tmp.resolve("box/no"))).isFalse();

        // a re-send of the running read takes over its reply, it is not refused
        Probe retry = send(read);
        assertThat(first.failure.get(5, TimeUnit.SECONDS)).isEqualTo(ForwardProtocol.IN_PROGRESS);
        assertThat(process.pendingSyscalls()).isEqualTo(1);

        assertThat(files.write(wfd, "x".getBytes())).isEqualTo(1);
        assertThat(retry.ret()).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> process.pendingSyscalls() == 0);

        // the refused sequence stays refused: the guest saw -EAGAIN, so a re-send of it (one that was
        // on its way) gets -EAGAIN again and never runs, even now that there is room
        assertThat(send(request(b, 1, Sysno.OPENAT, AT_FDCWD, mem.string(BASE, "/no"), O_CREAT | O_RDWR, 0644)).ret())
                .isEqualTo(-11);
        assertThat(Files.exists(tmp.resolve("box/no"))).isFalse();
        // b's next syscall runs; then b blocks and fills the slot
        assertThat(send(request(b, 2, Sysno.OPENAT, AT_FDCWD, mem.string(BASE, "/no"), O_CREAT | O_RDWR, 0644)).ret())
                .isGreaterThanOrEqualTo(3);
        Probe blocked = send(request(b, 3, Sysno.READ, rfd, BASE + 400, 16));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> process.threads().get(b).state() == ThreadState.IN_SYSCALL);

        // a re-send of a's completed read is replayed from its reply, not refused
        assertThat(send(read).ret()).isEqualTo(1);
        assertThat(send(request(a, 3, Sysno.GETCWD, BASE + 600, 100)).ret()).isEqualTo(-11);

        assertThat(files.write(wfd, "y".getBytes())).isEqualTo(1);
        assertThat(blocked.ret()).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> process.pendingSyscalls() == 0);
        assertThat(send(request(a, 4, Sysno.GETCWD, BASE + 600, 100)).ret()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- outcomes that are not replies (issue 13)

    @Test
    void when_aCallFailsAtTheHome_then_itsReSendGetsTheSameHomeError_notStale() throws Exception {
        long gtid = process.createThread("n1", 0);
        // not shipped: the home reads and writes through its DSM, which this process does not have
        SyscallRequest getcwd = new SyscallRequest(9, gtid, 1, Sysno.GETCWD, new long[] {BASE, 100, 0, 0, 0, 0}, 0, List.of());

        assertThat(send(getcwd).failure.get(5, TimeUnit.SECONDS)).isEqualTo(ForwardProtocol.HOME_ERROR);
        assertThat(send(getcwd).failure.get(5, TimeUnit.SECONDS)).isEqualTo(ForwardProtocol.HOME_ERROR);
        assertThat(counters.get(SyscallCounters.REPLAYED)).isEqualTo(1);
        assertThat(send(request(gtid, 2, Sysno.GETCWD, BASE, 100)).ret()).isEqualTo(2);
    }

    @Test
    void when_exitGroupCutsAForwardedCallShort_then_itsReSendIsToldExited_notStale() throws Exception {
        long a = process.createThread("n1", 0);
        long b = process.createThread("n2", 0);
        SyscallReply pipe = send(request(a, 1, Sysno.PIPE2, BASE + 8, 0)).reply.get(5, TimeUnit.SECONDS);
        int rfd = ByteBuffer.wrap(pipe.output().getFirst().bytes().getBytes()).order(ByteOrder.LITTLE_ENDIAN).getInt();
        SyscallRequest read = request(a, 2, Sysno.READ, rfd, BASE + 200, 16);
        Probe first = send(read);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> process.threads().get(a).state() == ThreadState.IN_SYSCALL);

        assertThat(send(request(b, 1, Sysno.EXIT_GROUP, 5)).ret()).isZero();

        assertThat(first.failure.get(5, TimeUnit.SECONDS)).isEqualTo(ForwardProtocol.EXITED);
        assertThat(send(read).failure.get(5, TimeUnit.SECONDS)).isEqualTo(ForwardProtocol.EXITED);
    }

    @Test
    void when_aThreadExits_then_itsExitNoLongerCountsAsPending_andItsReSentExitIsReplayed() throws Exception {
        process = limited(new RecordingHost(), 8, 1);
        long a = process.createThread("n1", 0);
        long b = process.createThread("n2", 0);
        assertThat(send(request(a, 1, Sysno.EXIT, 0)).ret()).isZero();

        assertThat(process.pendingSyscalls()).isZero();
        assertThat(send(request(b, 1, Sysno.GETCWD, BASE + 600, 100)).ret()).isEqualTo(2);
        assertThat(send(request(a, 1, Sysno.EXIT, 0)).ret()).isZero();
    }

    @Test
    void when_limitsAreOutOfRange_then_theyAreRefusedWithTheirName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SyscallConfig.Limits(0, 16, 1))
                .hasMessageContaining("threads");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SyscallConfig.Limits(1, 2, 1))
                .hasMessageContaining("open files");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SyscallConfig.Limits(1, 16, 0))
                .hasMessageContaining("pending");
    }

    @Test
    void when_aSyscallConfigHasAnOpenFilesLimit_then_theProcessFdTableHasThatManySlots() throws Exception {
        SyscallConfig config = SyscallConfig.defaults(tmp.resolve("boxes")).withLimits(new SyscallConfig.Limits(4, 5, 4));
        HostProcessConfig hp = config.hostProcess(7);
        assertThat(hp.sandbox()).isEqualTo(tmp.resolve("boxes").resolve("7"));
        assertThat(hp.maxFds()).isEqualTo(5);
        HostProcess small = HostProcess.start(hp, ClientStreams.detached());
        try {
            assertThat(small.openat(AT_FDCWD, "/f\0".getBytes(), O_CREAT | O_RDWR, 0644)).isEqualTo(3);
            assertThat(small.dup(3)).isEqualTo(4);
            assertThat(small.dup(3)).isEqualTo(-24); // EMFILE
            assertThat(small.openat(AT_FDCWD, "/f\0".getBytes(), O_RDWR, 0)).isEqualTo(-24);
            assertThat(small.close(4)).isZero();
            assertThat(small.openat(AT_FDCWD, "/f\0".getBytes(), O_RDWR, 0)).isEqualTo(4);
        } finally {
            small.close();
        }
    }
}
