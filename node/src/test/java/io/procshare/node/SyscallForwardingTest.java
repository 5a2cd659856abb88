package io.procshare.node;

import java.time.Duration;
import org.awaitility.Awaitility;
import io.procshare.codecs.ShippedBytes;
import io.procshare.node.syscall.ThreeNodes;
import io.procshare.codecs.SyscallReply;
import io.procshare.codecs.SyscallRequest;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.exec.ForwardProtocol;
import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.ProcessControl;
import io.procshare.verticles.exec.SyscallCounters;
import io.procshare.verticles.exec.ThreadExitException;
import io.procshare.verticles.exec.ThreadInfo;
import io.procshare.verticles.exec.ThreadState;
import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.memory.SegmentationFault;
import io.procshare.verticles.syscall.Errno;
import io.procshare.verticles.syscall.Futexes;
import io.procshare.verticles.syscall.Sysno;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.procshare.node.syscall.ThreeNodes.bytes;
import static io.procshare.node.syscall.ThreeNodes.scratch;
import static io.procshare.node.syscall.ThreeNodes.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Three real nodes in one JVM ({@link ThreeNodes}, shared with the syscall conformance tests);
 * processes homed on node 0. A guest thread on node 1 issues HOME
 * syscalls through forwarding (condition C) and must see exactly what a thread on the home sees
 * (condition B), with argument shipping on and off (DESIGN §6).
 */
@ExtendWith(ThreeNodes.Extension.class)
class SyscallForwardingTest {

    private static final int AT_FDCWD = -100;
    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int O_DIRECTORY = 0200000;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int PROT_RW = 3;
    private static final int MAP_PRIVATE_ANON = 0x02 | 0x20;
    private static final int FUTEX_WAIT_PRIVATE = Futexes.FUTEX_WAIT | Futexes.FUTEX_PRIVATE_FLAG;
    private static final int FUTEX_WAKE_PRIVATE = Futexes.FUTEX_WAKE | Futexes.FUTEX_PRIVATE_FLAG;

    private final ThreeNodes nodes;

    SyscallForwardingTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    private String home() {
        return nodes.home();
    }

    /** A new process homed on node 0; returns its main thread (on node 0). */
    private GuestThread startProcess() {
        return nodes.startProcess();
    }

    private GuestThread threadOn(int node, GuestThread main) {
        return nodes.threadOn(node, main);
    }

    /**
     * The file script of issue 4: every return value, errno and output (normalised where the host
     * legitimately differs between two sandboxes: inode numbers and times) in order.
     */
    private static List<String> fileScript(GuestThread t, long m) {
        List<String> seen = new ArrayList<>();
        seen.add("mkdir " + t.syscall(Sysno.MKDIRAT, AT_FDCWD, string(t, m, "/d"), 0755));
        seen.add("mkdir again " + t.syscall(Sysno.MKDIRAT, AT_FDCWD, string(t, m, "/d"), 0755));
        long fd = t.syscall(Sysno.OPENAT, AT_FDCWD, string(t, m, "/d/f.txt"), O_CREAT | O_RDWR, 0644);
        seen.add("open " + fd);
        byte[] text = "hello, forwarded world".getBytes(StandardCharsets.UTF_8);
        t.memory().write(m + 1024, text, 0, text.length);
        seen.add("write " + t.syscall(Sysno.WRITE, fd, m + 1024, text.length));
        seen.add("lseek " + t.syscall(Sysno.LSEEK, fd, 0, 0));
        long n = t.syscall(Sysno.READ, fd, m + 2048, 100);
        seen.add("read " + n + " " + new String(bytes(t, m + 2048, (int) Math.max(n, 0)), StandardCharsets.UTF_8));
        seen.add("read at eof " + t.syscall(Sysno.READ, fd, m + 2048, 100));
        seen.add("fstat " + t.syscall(Sysno.FSTAT, fd, m + 3072));
        ByteBuffer st = ByteBuffer.wrap(bytes(t, m + 3072, 128)).order(ByteOrder.LITTLE_ENDIAN);
        seen.add("st_mode " + Integer.toOctalString(st.getInt(16)) + " st_nlink " + st.getInt(20) + " st_size " + st.getLong(48));
        long dfd = t.syscall(Sysno.OPENAT, AT_FDCWD, string(t, m, "/d"), O_RDONLY | O_DIRECTORY, 0);
        seen.add("open dir " + dfd);
        long dn = t.syscall(Sysno.GETDENTS64, dfd, m + 4096, 4096);
        seen.add("getdents64 " + (dn > 0) + " " + dirents(bytes(t, m + 4096, (int) Math.max(dn, 0))));
        seen.add("getdents64 end " + t.syscall(Sysno.GETDENTS64, dfd, m + 4096, 4096));
        seen.add("close dir " + t.syscall(Sysno.CLOSE, dfd));
        seen.add("rewind " + t.syscall(Sysno.LSEEK, fd, 0, 0));
        seen.add("read bad pointer " + t.syscall(Sysno.READ, fd, 0x10, 5));
        seen.add("write bad pointer " + t.syscall(Sysno.WRITE, fd, 0x10, 5));
        seen.add("close " + t.syscall(Sysno.CLOSE, fd));
        seen.add("close again " + t.syscall(Sysno.CLOSE, fd));
        seen.add("open missing " + t.syscall(Sysno.OPENAT, AT_FDCWD, string(t, m, "/nope"), O_RDONLY, 0));
        seen.add("open bad path pointer " + t.syscall(Sysno.OPENAT, AT_FDCWD, 0x10, O_RDONLY, 0));
        seen.add("escape " + t.syscall(Sysno.OPENAT, AT_FDCWD, string(t, m, "../../../../etc/passwd"), O_RDONLY, 0));
        seen.add("rmdir non-empty " + t.syscall(Sysno.UNLINKAT, AT_FDCWD, string(t, m, "/d"), AT_REMOVEDIR));
        seen.add("unlink " + t.syscall(Sysno.UNLINKAT, AT_FDCWD, string(t, m, "/d/f.txt"), 0));
        seen.add("unlink again " + t.syscall(Sysno.UNLINKAT, AT_FDCWD, string(t, m, "/d/f.txt"), 0));
        seen.add("rmdir " + t.syscall(Sysno.UNLINKAT, AT_FDCWD, string(t, m, "/d"), AT_REMOVEDIR));
        seen.add("unknown " + t.syscall(999));
        return seen;
    }

    /** Names and types of the linux_dirent64 records, sorted: d_ino and d_off differ between sandboxes. */
    private static List<String> dirents(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < b.length) {
            int reclen = bb.getShort(at + 16) & 0xffff;
            int type = b[at + 18];
            int end = at + 19;
            while (b[end] != 0) {
                end++;
            }
            out.add(new String(b, at + 19, end - at - 19, StandardCharsets.UTF_8) + ":" + type);
            at += reclen;
        }
        out.sort(null);
        return out;
    }

    @ParameterizedTest(name = "argument shipping {0}")
    @ValueSource(booleans = {true, false})
    void when_aRemoteThreadRunsTheFileScript_then_itSeesExactlyWhatAHomeThreadSees(boolean shipping) {
        GuestThread onHome = startProcess();
        List<String> expected = fileScript(onHome, scratch(onHome));

        GuestThread main = startProcess();
        GuestThread remote = threadOn(1, main);
        long forwardedBefore = nodes.node(1).counters().get(SyscallCounters.FORWARDED);
        nodes.node(1).syscalls().setArgumentShipping(shipping);
        try {
            List<String> got = fileScript(remote, scratch(remote));
            assertThat(got).containsExactlyElementsOf(expected);
        } finally {
            nodes.node(1).syscalls().setArgumentShipping(true);
        }
        assertThat(expected).contains("read 22 hello, forwarded world", "unknown -38", "read bad pointer -14");
        assertThat(nodes.node(1).counters().get(SyscallCounters.FORWARDED) - forwardedBefore).isGreaterThan(20);
        assertThat(Files.exists(nodes.sandbox(main.pid()))).isTrue();
    }

    @Test
    void when_theHomesBreakerIsOpen_then_aFutexWaitLongerThanTheSilenceDeadlineStillReturnsWhenWoken() throws Exception {
        GuestThread main = startProcess();
        GuestThread a = threadOn(1, main);
        GuestThread b = threadOn(2, main);
        long word = scratch(a);
        b.memory().writeIntVolatile(word, 7);
        io.procshare.verticles.PeerGuard peers = nodes.node(1).memory().peers();
        for (int i = 0; i < 10; i++) {
            peers.silent(home(), System.nanoTime()); // the home looks silent from node 1: its breaker opens
        }
        assertThat(peers.states()).containsEntry(home(), "OPEN");

        // a blocking call keeps its re-sends while the home answers them ("still running"), breaker or not
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(
                () -> a.syscall(Sysno.FUTEX, word, FUTEX_WAIT_PRIVATE, 7, 0), r -> Thread.ofPlatform().start(r));
        long silence = nodes.node(1).syscalls().config().silenceMs();
        Thread.sleep(silence + 2_000);
        assertThat(waiting).as("still waiting after the silence deadline").isNotDone();
        b.memory().writeIntVolatile(word, 8);
        assertThat(b.syscall(Sysno.FUTEX, word, FUTEX_WAKE_PRIVATE, 1)).isEqualTo(1);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(peers.states()).as("its answers closed the breaker again").containsEntry(home(), "CLOSED");
    }

    @Test
    void when_threadsOnTwoNodesWaitAndWake_then_theWaiterReturnsZero_andNoWakeUpIsLostOverManyRounds() throws Exception {
        GuestThread main = startProcess();
        GuestThread a = threadOn(1, main);
        GuestThread b = threadOn(2, main);
        long word = scratch(a);

        // the value differs: EAGAIN, no sleep; a timeout: ETIMEDOUT (the timespec read through the DSM)
        b.memory().writeIntVolatile(word, 7);
        assertThat(a.syscall(Sysno.FUTEX, word, FUTEX_WAIT_PRIVATE, 6, 0)).isEqualTo(-Errno.EAGAIN);
        a.memory().write(word + 64, ts(0, 100_000_000), 0, 16);
        long t0 = System.nanoTime();
        assertThat(a.syscall(Sysno.FUTEX, word, FUTEX_WAIT_PRIVATE, 7, word + 64)).isEqualTo(-Errno.ETIMEDOUT);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(100_000_000);

        // one wait, one wake, on two different nodes
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(
                () -> a.syscall(Sysno.FUTEX, word, FUTEX_WAIT_PRIVATE, 7, 0), r -> Thread.ofPlatform().start(r));
        ProcessControl home = nodes.node(0).syscalls().process(main.pid());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> home.futexes().waiters(word) > 0);
        assertThat(nodes.node(0).syscalls().threads()).contains(
                new ThreadInfo(main.pid(), a.gtid(), main.gtid(), nodes.node(1).identity().nodeId(), ThreadState.IN_SYSCALL));
        b.memory().writeIntVolatile(word, 8);
        assertThat(b.syscall(Sysno.FUTEX, word, FUTEX_WAKE_PRIVATE, 1)).isEqualTo(1);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isZero();

        // ping-pong: the word says whose turn it is; a lost wake-up would hang one side
        b.memory().writeIntVolatile(word, 0);
        GuestThread[] sides = {a, b};
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int me = 0; me < 2; me++) {
            int self = me;
            GuestThread t = sides[me];
            runs.add(CompletableFuture.runAsync(() -> {
                for (int r = 0; r < 100; r++) {
                    int v;
                    while ((v = t.memory().readIntVolatile(word)) != self) {
                        t.syscall(Sysno.FUTEX, word, FUTEX_WAIT_PRIVATE, v, 0);
                    }
                    t.memory().writeIntVolatile(word, 1 - self);
                    t.syscall(Sysno.FUTEX, word, FUTEX_WAKE_PRIVATE, 1);
                }
            }, r -> Thread.ofPlatform().start(r)));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
    }

    @Test
    void when_mmapAndMunmapAreForwarded_then_everyNodeSeesTheMapping_andAfterMunmapAccessIsASegfault() {
        GuestThread main = startProcess();
        GuestThread a = threadOn(1, main);
        GuestThread b = threadOn(2, main);

        long addr = a.syscall(Sysno.MMAP, 0, 8192, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
        assertThat(addr).isPositive();
        a.memory().writeLong(addr + 4096, 42);
        assertThat(b.memory().readLong(addr + 4096)).isEqualTo(42);
        assertThat(main.memory().readLong(addr + 4096)).isEqualTo(42);

        assertThat(b.syscall(Sysno.MADVISE, addr, 8192, 4)).isZero(); // MADV_DONTNEED: reads as zeros after
        assertThat(a.memory().readLong(addr + 4096)).isZero();
        assertThat(b.syscall(Sysno.MMAP, 0, 4096, PROT_RW, 0x02, 99, 0)).isEqualTo(-Errno.EBADF); // file-backed, bad fd
        assertThat(b.syscall(Sysno.MMAP, 0, 4096, PROT_RW, 0x02, 1, 0)).isEqualTo(-Errno.ENODEV); // file-backed
        assertThat(b.syscall(Sysno.MMAP, 0, 0, PROT_RW, MAP_PRIVATE_ANON, -1, 0)).isEqualTo(-Errno.EINVAL);

        assertThat(b.syscall(Sysno.MUNMAP, addr, 8192)).isZero();
        assertThatThrownBy(() -> a.memory().readLong(addr)).isInstanceOf(SegmentationFault.class);
        assertThatThrownBy(() -> main.memory().writeLong(addr, 1)).isInstanceOf(SegmentationFault.class);
        assertThat(a.syscall(Sysno.WRITE, 1, addr, 8)).isEqualTo(-Errno.EFAULT);
        assertThat(a.syscall(Sysno.MUNMAP, addr + 1, 4096)).isEqualTo(-Errno.EINVAL);

        long brk = a.syscall(Sysno.BRK, 0);
        assertThat(a.syscall(Sysno.BRK, brk + 8192)).isEqualTo(brk + 8192);
        b.memory().writeLong(brk + 8, 5);
        assertThat(a.memory().readLong(brk + 8)).isEqualTo(5);
    }

    @Test
    void when_aRetriedRequestReachesTheHomeTwice_then_theWriteAppendsOnce() throws Exception {
        GuestThread main = startProcess();
        GuestThread a = threadOn(1, main);
        long m = scratch(a);
        long fd = a.syscall(Sysno.OPENAT, AT_FDCWD, string(a, m, "/once"), O_CREAT | O_RDWR, 0644);
        byte[] payload = "append-once".getBytes(StandardCharsets.UTF_8);
        // the forwarding part's own re-send, made by hand: same (gtid, sequence), sent three times
        SyscallRequest write = new SyscallRequest(main.pid(), a.gtid(), 1_000, Sysno.WRITE,
                new long[] {fd, m + 100, payload.length, 0, 0, 0}, ForwardProtocol.SHIPPED,
                List.of(new ShippedBytes(m + 100, Buffer.buffer(payload))));
        String address = Addresses.of(home(), ForwardProtocol.SYSCALL);
        var bus = nodes.node(1).vertx().eventBus();
        for (int i = 0; i < 3; i++) {
            SyscallReply r = bus.<SyscallReply>request(address, write).await(5, TimeUnit.SECONDS).body();
            assertThat(r.ret()).isEqualTo(payload.length);
        }
        Path file = nodes.sandbox(main.pid()).resolve("once");
        assertThat(Files.readString(file)).isEqualTo("append-once");
    }

    @Test
    void when_aRemoteThreadCallsExitGroup_then_fdsAreClosed_andEveryOtherThreadEnds() throws Exception {
        GuestThread main = startProcess();
        GuestThread a = threadOn(1, main);
        GuestThread b = threadOn(2, main);
        long m = scratch(main);
        assertThat(main.syscall(Sysno.OPENAT, AT_FDCWD, string(main, m, "/kept"), O_CREAT | O_RDWR, 0644)).isEqualTo(3);
        ProcessControl home = nodes.node(0).syscalls().process(main.pid());
        assertThat(home.files().openFdCount()).isEqualTo(4);

        // b blocks in a futex wait at the home; exit_group must end it too
        CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(
                () -> b.syscall(Sysno.FUTEX, m + 512, FUTEX_WAIT_PRIVATE, 0, 0), r -> Thread.ofPlatform().start(r));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> home.futexes().waiters(m + 512) > 0);

        assertThatThrownBy(() -> a.syscall(Sysno.EXIT_GROUP, 3)).isInstanceOf(ThreadExitException.class)
                .satisfies(e -> assertThat(((ThreadExitException) e).group()).isTrue());

        assertThat(home.exited()).isTrue();
        assertThat(home.files().openFdCount()).isZero();
        assertThat(blocked).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().havingCause()
                .isInstanceOf(ThreadExitException.class);
        assertThatThrownBy(() -> main.syscall(Sysno.CLOSE, 3)).isInstanceOf(ThreadExitException.class);
        assertThat(home.threads().snapshot()).extracting(ThreadInfo::state).containsOnly(ThreadState.EXITED);
    }

    private static byte[] ts(long sec, long nsec) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(sec).putLong(nsec).array();
    }
}
