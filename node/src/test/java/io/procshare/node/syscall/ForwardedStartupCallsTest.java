package io.procshare.node.syscall;

import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.ProcessControl;
import io.procshare.verticles.exec.ThreadExitException;
import io.procshare.verticles.syscall.Errno;
import io.procshare.verticles.syscall.Sysno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.procshare.node.syscall.ThreeNodes.bytes;
import static io.procshare.node.syscall.ThreeNodes.scratch;
import static io.procshare.node.syscall.ThreeNodes.string;
import static io.procshare.verticles.syscall.Signals.bit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12 step 1: the calls a static glibc 2.36 binary makes at start and for its threads, issued
 * by a thread on node 1 of a process homed on node 0 (so their structures travel with the request
 * and the reply). Errnos are compared with this host's kernel where the call fails before it
 * changes anything; values with what Linux documents, cited per test.
 */
@ExtendWith(ThreeNodes.Extension.class)
class ForwardedStartupCallsTest {

    private static final int SIGUSR1 = 10;
    private static final int SIGABRT = 6;
    private static final int SIGKILL = 9;
    private static final int SIGCHLD = 17;
    private static final int PROT_RW = 3;
    private static final int MAP_PRIVATE_ANON = 0x22;

    private final ThreeNodes nodes;

    ForwardedStartupCallsTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    private static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    private static long word(GuestThread t, long address) {
        return t.memory().readLong(address);
    }

    private ProcessControl home(GuestThread t) {
        return nodes.node(ThreeNodes.HOME).syscalls().process(t.pid());
    }

    /** A host buffer of zeros, for the host twin of a call whose errno is judged before it is read. */
    private static long hostZeros(Arena a) {
        MemorySegment m = a.allocate(64);
        return m.address();
    }

    @Test
    void when_rtSigactionIsForwarded_then_theOldActionComesBack_andErrnosMatchTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        t.memory().write(m, longs(0x1234, 0x10000000L /* SA_RESTART */, 0xff | bit(SIGKILL) | bit(19)), 0, 24);
        assertThat(t.syscall(Sysno.RT_SIGACTION, SIGUSR1, m, m + 64, 8)).isZero();
        assertThat(bytes(t, m + 64, 24)).isEqualTo(longs(0, 0, 0)); // SIG_DFL, no flags, empty mask
        assertThat(t.syscall(Sysno.RT_SIGACTION, SIGUSR1, 0, m + 64, 8)).isZero();
        // do_sigaction drops SIGKILL and SIGSTOP from the mask
        assertThat(bytes(t, m + 64, 24)).isEqualTo(longs(0x1234, 0x10000000L, 0xff));
        try (Arena a = Arena.ofConfined()) {
            long act = hostZeros(a);
            assertThat(t.syscall(Sysno.RT_SIGACTION, SIGKILL, m, 0, 8))
                    .isEqualTo(HostLibc.raw(Sysno.RT_SIGACTION, SIGKILL, act, 0, 8)).isEqualTo(-Errno.EINVAL);
            assertThat(t.syscall(Sysno.RT_SIGACTION, 65, 0, 0, 8))
                    .isEqualTo(HostLibc.raw(Sysno.RT_SIGACTION, 65, 0, 0, 8)).isEqualTo(-Errno.EINVAL);
            assertThat(t.syscall(Sysno.RT_SIGACTION, 0, 0, 0, 8))
                    .isEqualTo(HostLibc.raw(Sysno.RT_SIGACTION, 0, 0, 0, 8)).isEqualTo(-Errno.EINVAL);
            assertThat(t.syscall(Sysno.RT_SIGACTION, SIGUSR1, 0, 0, 4))
                    .isEqualTo(HostLibc.raw(Sysno.RT_SIGACTION, SIGUSR1, 0, 0, 4)).isEqualTo(-Errno.EINVAL);
        }
        assertThat(t.syscall(Sysno.RT_SIGACTION, SIGKILL, 0, m + 64, 8)).isZero(); // querying SIGKILL is allowed
        assertThat(t.syscall(Sysno.RT_SIGACTION, SIGUSR1, 0x10, 0, 8)).isEqualTo(-Errno.EFAULT);
    }

    @Test
    void when_rtSigprocmaskIsForwarded_then_theMaskIsPerThread_andErrnosMatchTheHost() {
        GuestThread main = nodes.startProcess();
        GuestThread t = nodes.threadOn(1, main);
        long m = scratch(t);
        t.memory().write(m, longs(bit(SIGUSR1) | bit(SIGKILL)), 0, 8);
        assertThat(t.syscall(Sysno.RT_SIGPROCMASK, 0 /* SIG_BLOCK */, m, m + 8, 8)).isZero();
        assertThat(word(t, m + 8)).isZero();
        assertThat(t.syscall(Sysno.RT_SIGPROCMASK, 0, 0, m + 8, 8)).isZero();
        assertThat(word(t, m + 8)).as("SIGKILL cannot be blocked").isEqualTo(bit(SIGUSR1));
        assertThat(main.syscall(Sysno.RT_SIGPROCMASK, 0, 0, m + 16, 8)).isZero();
        assertThat(word(t, m + 16)).as("another thread's mask").isZero();
        t.memory().write(m, longs(bit(SIGUSR1)), 0, 8);
        assertThat(t.syscall(Sysno.RT_SIGPROCMASK, 1 /* SIG_UNBLOCK */, m, m + 8, 8)).isZero();
        assertThat(t.syscall(Sysno.RT_SIGPROCMASK, 0, 0, m + 8, 8)).isZero();
        assertThat(word(t, m + 8)).isZero();
        try (Arena a = Arena.ofConfined()) {
            long set = hostZeros(a);
            assertThat(t.syscall(Sysno.RT_SIGPROCMASK, 7, m, 0, 8))
                    .isEqualTo(HostLibc.raw(Sysno.RT_SIGPROCMASK, 7, set, 0, 8)).isEqualTo(-Errno.EINVAL);
            assertThat(t.syscall(Sysno.RT_SIGPROCMASK, 0, 0, 0, 16))
                    .isEqualTo(HostLibc.raw(Sysno.RT_SIGPROCMASK, 0, 0, 0, 16)).isEqualTo(-Errno.EINVAL);
        }
    }

    @Test
    void when_sigaltstackIsForwarded_then_theOldStackComesBack_andErrnosMatchTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        assertThat(t.syscall(Sysno.SIGALTSTACK, 0, m + 32)).isZero();
        assertThat(bytes(t, m + 32, 24)).isEqualTo(longs(0, 2 /* SS_DISABLE */, 0));
        t.memory().write(m, longs(0x5000, 0, 8192), 0, 24);
        assertThat(t.syscall(Sysno.SIGALTSTACK, m, 0)).isZero();
        assertThat(t.syscall(Sysno.SIGALTSTACK, 0, m + 32)).isZero();
        assertThat(bytes(t, m + 32, 24)).isEqualTo(longs(0x5000, 0, 8192));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ss = a.allocate(24);
            ss.set(java.lang.foreign.ValueLayout.JAVA_LONG, 16, 100);
            t.memory().write(m, longs(0x5000, 0, 100), 0, 24);
            assertThat(t.syscall(Sysno.SIGALTSTACK, m, 0))
                    .isEqualTo(HostLibc.raw(Sysno.SIGALTSTACK, ss.address(), 0)).isEqualTo(-Errno.ENOMEM);
            ss.set(java.lang.foreign.ValueLayout.JAVA_INT, 8, 0x40);
            t.memory().write(m, longs(0x5000, 0x40, 100), 0, 24);
            assertThat(t.syscall(Sysno.SIGALTSTACK, m, 0))
                    .isEqualTo(HostLibc.raw(Sysno.SIGALTSTACK, ss.address(), 0)).isEqualTo(-Errno.EINVAL);
        }
    }

    @Test
    void when_prlimit64IsForwarded_then_stackIs8MiB_nofileIsTheFdTable_andLoweringWorks_butRaisingTheHardLimitIsEperm() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        assertThat(t.syscall(Sysno.PRLIMIT64, 0, 3 /* RLIMIT_STACK */, 0, m)).isZero();
        assertThat(bytes(t, m, 16)).isEqualTo(longs(8L << 20, -1));
        assertThat(t.syscall(Sysno.PRLIMIT64, t.pid(), 7 /* RLIMIT_NOFILE */, 0, m)).isZero();
        int fds = nodes.node(ThreeNodes.HOME).syscalls().config().limits().openFiles();
        assertThat(bytes(t, m, 16)).isEqualTo(longs(fds, fds));
        t.memory().write(m + 32, longs(64, 512), 0, 16);
        assertThat(t.syscall(Sysno.PRLIMIT64, 0, 7, m + 32, m)).isZero();
        assertThat(t.syscall(Sysno.PRLIMIT64, 0, 7, 0, m)).isZero();
        assertThat(bytes(t, m, 16)).isEqualTo(longs(64, 512));
        t.memory().write(m + 32, longs(64, 4096), 0, 16);
        assertThat(t.syscall(Sysno.PRLIMIT64, 0, 7, m + 32, 0)).isEqualTo(-Errno.EPERM);
        t.memory().write(m + 32, longs(100, 50), 0, 16);
        assertThat(t.syscall(Sysno.PRLIMIT64, 0, 7, m + 32, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.PRLIMIT64, 0, 16, 0, m))
                .isEqualTo(HostLibc.raw(Sysno.PRLIMIT64, 0, 16, 0, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.PRLIMIT64, 0x7ffffff0L, 3, 0, m))
                .isEqualTo(HostLibc.raw(Sysno.PRLIMIT64, 0x7ffffff0L, 3, 0, 0)).isEqualTo(-Errno.ESRCH);
    }

    @Test
    void when_setRobustListIsCalled_then_zero_andABadLengthIsEinvalAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        assertThat(t.syscall(Sysno.SET_ROBUST_LIST, m, 24)).isZero();
        assertThat(home(t).signals().robustListHead(t.gtid())).isEqualTo(m);
        assertThat(t.syscall(Sysno.SET_ROBUST_LIST, m, 23)).isEqualTo(HostLibc.raw(Sysno.SET_ROBUST_LIST, 0, 23))
                .isEqualTo(-Errno.EINVAL);
    }

    @Test
    void when_getrandomIsCalled_then_theBytesArriveInGuestMemory_andBadFlagsAreEinvalAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        assertThat(t.syscall(Sysno.GETRANDOM, m, 64, 0)).isEqualTo(64);
        assertThat(bytes(t, m, 64)).isNotEqualTo(new byte[64]);
        assertThat(t.syscall(Sysno.GETRANDOM, m, 16, 1 /* GRND_NONBLOCK */)).isEqualTo(16);
        assertThat(t.syscall(Sysno.GETRANDOM, m, 16, 4 /* GRND_INSECURE */)).isEqualTo(16);
        for (int bad : new int[] {8, 2 | 4}) {
            assertThat(t.syscall(Sysno.GETRANDOM, m, 16, bad)).isEqualTo(HostLibc.raw(Sysno.GETRANDOM, 0, 16, bad))
                    .isEqualTo(-Errno.EINVAL);
        }
        assertThat(t.syscall(Sysno.GETRANDOM, 0x10, 16, 0)).isEqualTo(-Errno.EFAULT);
    }

    @Test
    void when_aThreadOnAnotherNodeAborts_then_theProcessEndsWith134AndSaysSigabrt() {
        GuestThread main = nodes.startProcess();
        GuestThread t = nodes.threadOn(1, main);
        // glibc's abort: raise(SIGABRT) is tgkill(getpid(), gettid(), SIGABRT)
        ProcessControl p = home(t); // the home forgets an ended process: keep its control part
        assertThatThrownBy(() -> t.syscall(Sysno.TGKILL, t.pid(), t.gtid(), SIGABRT)).isInstanceOf(ThreadExitException.class);
        assertThat(p.exited()).isTrue();
        assertThat(p.exitStatus()).isEqualTo(134);
        assertThat(p.exitMessage()).contains("SIGABRT");
    }

    @Test
    void when_sigabrtIsBlockedAsRaiseDoes_then_itStaysPendingUntilTheThreadUnblocksIt() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        ProcessControl p = home(t);
        t.memory().write(m, longs(-1L), 0, 8);
        assertThat(t.syscall(Sysno.RT_SIGPROCMASK, 2 /* SIG_SETMASK */, m, m + 8, 8)).isZero();
        assertThat(t.syscall(Sysno.TKILL, t.gtid(), SIGABRT)).isZero();
        assertThat(p.exited()).isFalse();
        t.memory().write(m, longs(0), 0, 8);
        assertThatThrownBy(() -> t.syscall(Sysno.RT_SIGPROCMASK, 2, m, 0, 8)).isInstanceOf(ThreadExitException.class);
        assertThat(p.exitStatus()).isEqualTo(134);
    }

    @Test
    void when_aSignalIsIgnoredByDefaultOrByItsAction_then_theProcessRunsOn() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        ProcessControl p = home(t);
        assertThat(t.syscall(Sysno.KILL, t.pid(), SIGCHLD)).isZero();
        t.memory().write(m, longs(1 /* SIG_IGN */, 0, 0), 0, 24);
        assertThat(t.syscall(Sysno.RT_SIGACTION, SIGUSR1, m, 0, 8)).isZero();
        assertThat(t.syscall(Sysno.KILL, 0, SIGUSR1)).isZero();
        assertThat(t.syscall(Sysno.KILL, t.pid(), 0)).isZero();
        assertThat(p.exited()).isFalse();
        assertThatThrownBy(() -> t.syscall(Sysno.KILL, t.pid(), 15 /* SIGTERM */)).isInstanceOf(ThreadExitException.class);
        assertThat(p.exitStatus()).isEqualTo(128 + 15);
    }

    @Test
    void when_killOrTgkillNamesAnotherProcessOrBadIds_then_esrchOrEinvalAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long nobody = 0x7ffffff0L;
        assertThat(t.syscall(Sysno.KILL, nobody, 0)).isEqualTo(HostLibc.raw(Sysno.KILL, nobody, 0)).isEqualTo(-Errno.ESRCH);
        long jvm = ProcessHandle.current().pid(); // a bad signal to a process that exists: EINVAL, nothing sent
        assertThat(t.syscall(Sysno.KILL, nobody, 65)).isEqualTo(HostLibc.raw(Sysno.KILL, nobody, 65)).isEqualTo(-Errno.ESRCH);
        assertThat(t.syscall(Sysno.KILL, t.pid(), 65)).isEqualTo(HostLibc.raw(Sysno.KILL, jvm, 65)).isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.TGKILL, t.pid(), t.gtid(), 65)).isEqualTo(HostLibc.raw(Sysno.TGKILL, jvm, jvm, 65))
                .isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.TGKILL, nobody, 1, 0)).isEqualTo(HostLibc.raw(Sysno.TGKILL, nobody, 1, 0)).isEqualTo(-Errno.ESRCH);
        assertThat(t.syscall(Sysno.TGKILL, -1, 1, 0)).isEqualTo(HostLibc.raw(Sysno.TGKILL, -1, 1, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.TKILL, 0, 0)).isEqualTo(HostLibc.raw(Sysno.TKILL, 0, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.TGKILL, t.pid(), 999, 0)).isEqualTo(-Errno.ESRCH);
        assertThat(t.syscall(Sysno.TGKILL, t.pid(), t.gtid(), 0)).isZero();
    }

    @Test
    void when_mremapGrowsShrinksAndMoves_then_theContentFollows_andErrnosMatchTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long a = t.syscall(Sysno.MMAP, 0, 2 * 4096, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
        long blocker = t.syscall(Sysno.MMAP, a + 2 * 4096, 4096, PROT_RW, MAP_PRIVATE_ANON | 0x100000 /* NOREPLACE */, -1, 0);
        assertThat(blocker).isEqualTo(a + 2 * 4096);
        t.memory().writeLong(a, 42);
        t.memory().writeLong(a + 4096, 43);
        assertThat(t.syscall(Sysno.MREMAP, a, 2 * 4096, 4 * 4096, 0, 0)).as("no room, no MAYMOVE").isEqualTo(-Errno.ENOMEM);
        long moved = t.syscall(Sysno.MREMAP, a, 2 * 4096, 4 * 4096, 1 /* MAYMOVE */, 0);
        assertThat(moved).isPositive().isNotEqualTo(a);
        assertThat(t.memory().readLong(moved)).isEqualTo(42);
        assertThat(t.memory().readLong(moved + 4096)).isEqualTo(43);
        assertThat(t.memory().readLong(moved + 3 * 4096)).isZero();
        assertThat(t.syscall(Sysno.MREMAP, moved, 4 * 4096, 4096, 0, 0)).isEqualTo(moved);
        assertThat(t.syscall(Sysno.MUNMAP, a, 2 * 4096)).isZero(); // the old range was unmapped already: fine
        assertThat(t.syscall(Sysno.MREMAP, a, 4096, 4096, 0, 0)).as("not mapped").isEqualTo(-Errno.EFAULT);
        // unaligned, new size 0, MREMAP_FIXED without MAYMOVE, an unknown flag: rejected before any lookup, so the
        // host twin runs on an unmapped host address
        for (long[] bad : new long[][] {{1, 4096, 4096, 0}, {0, 4096, 0, 0}, {0, 4096, 8192, 2}, {0, 4096, 4096, 8}}) {
            assertThat(t.syscall(Sysno.MREMAP, moved + bad[0], bad[1], bad[2], bad[3], 0))
                    .isEqualTo(HostLibc.raw(Sysno.MREMAP, 0x1000 + bad[0], bad[1], bad[2], bad[3], 0))
                    .isEqualTo(-Errno.EINVAL);
        }
    }

    @Test
    void when_readlinkOfProcSelfExe_then_theExePathTheFrontEndSet_elseEnoentInsideTheSandbox() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        string(t, m, "/proc/self/exe");
        assertThat(t.syscall(Sysno.READLINKAT, -100, m, m + 256, 256)).isEqualTo(-Errno.ENOENT);
        home(t).files().setExePath("/bin/hello");
        assertThat(t.syscall(Sysno.READLINKAT, -100, m, m + 256, 256)).isEqualTo(10);
        assertThat(new String(bytes(t, m + 256, 10))).isEqualTo("/bin/hello");
        assertThat(t.syscall(Sysno.READLINKAT, -100, m, m + 256, 4)).isEqualTo(4);
    }


    @Test
    void when_aThreadCallsANumberTheTableLacks_then_enosys_andItsNodeCountsItPerNumberForThatProcess() {
        GuestThread t = nodes.processWithThreadOn(1);
        assertThat(t.syscall(Sysno.RSEQ, 0, 32, 0, 0)).isEqualTo(-Errno.ENOSYS);
        assertThat(t.syscall(Sysno.RSEQ, 0, 32, 0, 0)).isEqualTo(-Errno.ENOSYS);
        assertThat(t.syscall(435)).isEqualTo(-Errno.ENOSYS);
        var missed = nodes.node(1).syscalls().missed();
        assertThat(missed.ofProcess(t.pid())).containsExactly(java.util.Map.entry(293, 2L), java.util.Map.entry(435, 1L));
        assertThat(missed.ofNode()).containsKey(293);
        assertThat(nodes.node(ThreeNodes.HOME).syscalls().missed().ofProcess(t.pid())).as("asked no home").isEmpty();
    }

    @Test
    void when_aThreadStackIsMappedAsGlibcDoes_then_mapStackIsAccepted_andOnlyTheGuardPageFaults() {
        // glibc 2.36 allocate_stack: mmap(NULL, size, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK), then
        // mprotect of everything above the guard page to PROT_READ|PROT_WRITE
        GuestThread t = nodes.processWithThreadOn(1);
        long size = 16 * 4096;
        long stack = t.syscall(Sysno.MMAP, 0, size, 0, MAP_PRIVATE_ANON | 0x20000 /* MAP_STACK */, -1, 0);
        assertThat(stack).isPositive();
        assertThat(t.syscall(Sysno.MPROTECT, stack + 4096, size - 4096, PROT_RW)).isZero();
        t.memory().writeLong(stack + size - 8, 7);
        assertThat(t.memory().readLong(stack + size - 8)).isEqualTo(7);
        assertThatThrownBy(() -> t.memory().writeLong(stack, 1))
                .isInstanceOf(io.procshare.verticles.memory.SegmentationFault.class);
        assertThat(t.syscall(Sysno.MADVISE, stack + 4096, size - 4096, 4 /* MADV_DONTNEED */)).isZero();
        assertThat(t.memory().readLong(stack + size - 8)).isZero();
        assertThat(t.syscall(Sysno.MUNMAP, stack, size)).isZero();
    }
}
