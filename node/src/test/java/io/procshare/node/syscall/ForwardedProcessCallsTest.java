package io.procshare.node.syscall;

import java.time.Duration;
import org.awaitility.Awaitility;
import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.ProcessControl;
import io.procshare.verticles.exec.ThreadExitException;
import io.procshare.verticles.exec.ThreadInfo;
import io.procshare.verticles.exec.ThreadState;
import io.procshare.verticles.memory.SegmentationFault;
import io.procshare.verticles.syscall.Errno;
import io.procshare.verticles.syscall.Sysno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.procshare.node.syscall.ThreeNodes.scratch;
import static io.procshare.node.syscall.ThreeNodes.string;
import static io.procshare.verticles.syscall.Futexes.FUTEX_PRIVATE_FLAG;
import static io.procshare.verticles.syscall.Futexes.FUTEX_WAIT;
import static io.procshare.verticles.syscall.Futexes.FUTEX_WAIT_BITSET;
import static io.procshare.verticles.syscall.Futexes.FUTEX_WAKE;
import static io.procshare.verticles.syscall.Futexes.FUTEX_WAKE_BITSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 4 item 6 for the calls that are not about files: futex, time, ids, exit and the memory
 * calls, issued by guest threads on nodes 1 and 2 of a process homed on node 0. Where this host
 * has a twin that cannot disturb the JVM (futex on a private word, clock_gettime, nanosleep,
 * sched_yield) the guest's value and errno are compared with it; otherwise (a thread's tid, exit,
 * the DSM's memory map) with what Linux documents, cited per test.
 */
@ExtendWith(ThreeNodes.Extension.class)
class ForwardedProcessCallsTest {

    private static final int PROT_READ = 1;
    private static final int PROT_RW = 3;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MADV_DONTNEED = 4;
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final long PAGE = 4096;

    private final ThreeNodes nodes;

    ForwardedProcessCallsTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    private static byte[] timespec(long sec, long nsec) {
        return java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(sec).putLong(nsec).array();
    }

    private static long futex(GuestThread t, long word, int op, int val, long timeout, int val3) {
        return t.syscall(Sysno.FUTEX, word, op, val, timeout, 0, val3);
    }

    // ------------------------------------------------------------------ futex

    @Test
    void when_futexWaitFindsAnotherValue_then_eagainAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long word = scratch(t);
        t.memory().writeIntVolatile(word, 7);
        for (int op : new int[] {FUTEX_WAIT, FUTEX_WAIT | FUTEX_PRIVATE_FLAG}) {
            assertThat(futex(t, word, op, 6, 0, 0)).isEqualTo(HostLibc.futex(7, 0, op, 6, -1, 0)).isEqualTo(-Errno.EAGAIN);
        }
        int bitsetOp = FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG;
        assertThat(futex(t, word, bitsetOp, 6, 0, 1)).isEqualTo(HostLibc.futex(7, 0, bitsetOp, 6, -1, 1)).isEqualTo(-Errno.EAGAIN);
    }

    @Test
    void when_futexWaitTimesOut_then_etimedoutAfterTheTimeoutAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long word = scratch(t);
        t.memory().write(word + 64, timespec(0, 50_000_000), 0, 16);    // relative, for WAIT
        long start = System.nanoTime();
        assertThat(futex(t, word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, word + 64, 0))
                .isEqualTo(HostLibc.futex(0, 0, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 50_000_000, 0)).isEqualTo(-Errno.ETIMEDOUT);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(50_000_000);

        // WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline (futex(2)): now + 50 ms, from the guest's clock
        assertThat(t.syscall(Sysno.CLOCK_GETTIME, CLOCK_MONOTONIC, word + 128)).isZero();
        long now = t.memory().readLong(word + 128) * 1_000_000_000L + t.memory().readLong(word + 136) + 50_000_000;
        t.memory().write(word + 64, timespec(now / 1_000_000_000L, now % 1_000_000_000L), 0, 16);
        assertThat(futex(t, word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, word + 64, -1))
                .isEqualTo(HostLibc.futex(0, 0, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, 50_000_000, -1))
                .isEqualTo(-Errno.ETIMEDOUT);
    }

    @Test
    void when_futexWakeFindsNoWaiter_then_zeroAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long word = scratch(t);
        for (int op : new int[] {FUTEX_WAKE, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG}) {
            assertThat(futex(t, word, op, 1, 0, -1)).isEqualTo(HostLibc.futex(0, 0, op, 1, -1, -1)).isZero();
        }
    }

    @Test
    void when_futexBitsetIsZero_then_einvalAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long word = scratch(t);
        for (int op : new int[] {FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG}) {
            assertThat(futex(t, word, op, 0, 0, 0)).isEqualTo(HostLibc.futex(0, 0, op, 0, -1, 0)).isEqualTo(-Errno.EINVAL);
        }
    }

    @Test
    void when_futexWordIsMisaligned_then_einvalAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long word = scratch(t);
        for (int op : new int[] {FUTEX_WAIT | FUTEX_PRIVATE_FLAG, FUTEX_WAKE | FUTEX_PRIVATE_FLAG}) {
            assertThat(futex(t, word + 2, op, 0, 0, 0)).isEqualTo(HostLibc.futex(0, 2, op, 0, -1, 0)).isEqualTo(-Errno.EINVAL);
        }
    }

    @Test
    void when_futexOpIsUnknown_then_enosysAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long word = scratch(t);
        int op = 99 | FUTEX_PRIVATE_FLAG;
        assertThat(futex(t, word, op, 0, 0, 0)).isEqualTo(HostLibc.futex(0, 0, op, 0, -1, 0)).isEqualTo(-Errno.ENOSYS);
    }

    @Test
    void when_futexWordIsUnmapped_then_efault() {
        // futex(2): EFAULT "a required pointer argument did not point to a valid user-space address"
        GuestThread t = nodes.processWithThreadOn(1);
        assertThat(futex(t, 0x10, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0, 0)).isEqualTo(-Errno.EFAULT);
    }

    @Test
    void when_wakeBitsetMissesTheWaitersBitset_then_itWakesNobody_andAMatchingOneWakesIt() throws Exception {
        // futex(2): WAKE_BITSET wakes waiters whose WAIT_BITSET mask has a bit in common; it returns how many
        GuestThread main = nodes.startProcess();
        GuestThread waiter = nodes.threadOn(1, main);
        GuestThread waker = nodes.threadOn(2, main);
        long word = scratch(waiter);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(
                () -> futex(waiter, word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, 0, 0b01), r -> Thread.ofPlatform().start(r));
        awaitWaiters(main, word, 1);
        assertThat(futex(waker, word, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, 1, 0, 0b10)).isZero();
        assertThat(waiting).isNotDone();
        assertThat(futex(waker, word, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, 1, 0, 0b11)).isEqualTo(1);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void when_threeWaitersOnTwoNodesAndWakeTwo_then_exactlyTwoReturn() throws Exception {
        // futex(2): FUTEX_WAKE wakes at most val waiters and returns the number woken
        GuestThread main = nodes.startProcess();
        long word = scratch(main);
        List<GuestThread> waiters = List.of(nodes.threadOn(1, main), nodes.threadOn(1, main), nodes.threadOn(2, main));
        List<CompletableFuture<Long>> waits = waiters.stream().map(w -> CompletableFuture.supplyAsync(
                () -> futex(w, word, FUTEX_WAIT, 0, 0, 0), r -> Thread.ofPlatform().start(r))).toList();
        awaitWaiters(main, word, 3);
        assertThat(futex(main, word, FUTEX_WAKE, 2, 0, 0)).isEqualTo(2);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> waits.stream().filter(CompletableFuture::isDone).count() >= 2);
        assertThat(waits.stream().filter(CompletableFuture::isDone).count()).isEqualTo(2);
        assertThat(futex(main, word, FUTEX_WAKE, Integer.MAX_VALUE, 0, 0)).isEqualTo(1);
        for (CompletableFuture<Long> w : waits) {
            assertThat(w.get(10, TimeUnit.SECONDS)).isZero();
        }
    }

    private void awaitWaiters(GuestThread main, long word, int n) {
        ProcessControl home = nodes.node(ThreeNodes.HOME).syscalls().process(main.pid());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> home.futexes().waiters(word) >= n);
        assertThat(home.futexes().waiters(word)).isEqualTo(n);
    }

    // ------------------------------------------------------------------ time, ids, scheduling

    @Test
    void when_clockGettimeIsCalled_then_theGuestTimeLiesBetweenTwoHostReadings() {
        GuestThread t = nodes.processWithThreadOn(1);
        long ts = scratch(t);
        for (int clock : new int[] {CLOCK_REALTIME, CLOCK_MONOTONIC}) {
            long[] before = HostLibc.clockGettime(clock);
            assertThat(t.syscall(Sysno.CLOCK_GETTIME, clock, ts)).isEqualTo(before[0]).isZero();
            long[] after = HostLibc.clockGettime(clock);
            long guest = t.memory().readLong(ts) * 1_000_000_000L + t.memory().readLong(ts + 8);
            // CLOCK_MONOTONIC is the home's, read through an offset estimated within half a round trip (issue 12)
            long error = clock == CLOCK_MONOTONIC ? nodes.node(1).syscalls().monotonicError(nodes.home()) : 0;
            assertThat(guest).as("clock %d", clock)
                    .isBetween(before[1] * 1_000_000_000L + before[2] - 1_000 - error, after[1] * 1_000_000_000L + after[2] + error);
        }
    }

    @Test
    void when_clockIdIsUnknown_then_einvalAsOnTheHost_andABadPointerIsEfault() {
        GuestThread t = nodes.processWithThreadOn(1);
        long ts = scratch(t);
        assertThat(t.syscall(Sysno.CLOCK_GETTIME, 99, ts)).isEqualTo(HostLibc.clockGettime(99)[0]).isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.CLOCK_GETTIME, CLOCK_MONOTONIC, 0x10)).isEqualTo(-Errno.EFAULT);
    }

    @Test
    void when_threadsOnThreeNodesAskForIds_then_getpidIsThePidEverywhere_andGettidIsEachThreadsGtid() {
        // gettid(2): unique per thread in the process; getpid(2): the same for every thread
        GuestThread main = nodes.startProcess();
        GuestThread a = nodes.threadOn(1, main);
        GuestThread b = nodes.threadOn(2, main);
        for (GuestThread t : List.of(main, a, b)) {
            assertThat(t.syscall(Sysno.GETPID)).isEqualTo(main.pid());
            assertThat(t.syscall(Sysno.GETTID)).isEqualTo(t.gtid());
        }
        assertThat(List.of(main.gtid(), a.gtid(), b.gtid())).doesNotHaveDuplicates();
        assertThat(nodes.node(0).syscalls().threads()).extracting(ThreadInfo::gtid).contains(a.gtid(), b.gtid());
    }

    @Test
    void when_schedYieldIsCalled_then_zeroAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(2);
        assertThat(t.syscall(Sysno.SCHED_YIELD)).isEqualTo(HostLibc.schedYield()).isZero();
    }

    @Test
    void when_nanosleepIsValid_then_itSleepsAtLeastTheRequest_andReturnsZeroAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long req = scratch(t);
        t.memory().write(req, timespec(0, 30_000_000), 0, 16);
        long start = System.nanoTime();
        assertThat(t.syscall(Sysno.NANOSLEEP, req, 0)).isEqualTo(HostLibc.nanosleep(0, 1)).isZero();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(30_000_000);
    }

    @Test
    void when_nanosleepTimespecIsOutOfRange_then_einvalAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long req = scratch(t);
        for (long[] bad : new long[][] {{0, 1_000_000_000L}, {-1, 0}, {0, -1}}) {
            t.memory().write(req, timespec(bad[0], bad[1]), 0, 16);
            assertThat(t.syscall(Sysno.NANOSLEEP, req, 0)).isEqualTo(HostLibc.nanosleep(bad[0], bad[1])).isEqualTo(-Errno.EINVAL);
        }
        assertThat(t.syscall(Sysno.NANOSLEEP, 0x10, 0)).isEqualTo(-Errno.EFAULT);
    }

    // ------------------------------------------------------------------ exit

    @Test
    void when_aRemoteThreadCallsExit_then_onlyThatThreadEnds_andTheProcessRunsOn() {
        // exit(2): terminates the calling thread only; the process ends with its last thread
        GuestThread main = nodes.startProcess();
        GuestThread a = nodes.threadOn(1, main);
        GuestThread b = nodes.threadOn(2, main);
        assertThatThrownBy(() -> a.syscall(Sysno.EXIT, 5)).isInstanceOf(ThreadExitException.class)
                .satisfies(e -> assertThat(((ThreadExitException) e).group()).isFalse());
        ProcessControl home = nodes.node(ThreeNodes.HOME).syscalls().process(main.pid());
        assertThat(home.threads().get(a.gtid()).state()).isEqualTo(ThreadState.EXITED);
        assertThat(home.exited()).isFalse();
        long m = scratch(b);
        assertThat(b.syscall(Sysno.MKDIRAT, -100, string(b, m, "/still-running"), 0755)).isZero();
        assertThat(main.syscall(Sysno.GETPID)).isEqualTo(main.pid());
    }

    @Test
    void when_aRemoteThreadCallsExitGroup_then_theProcessEndsWithThatStatus_andOtherThreadsEnd() {
        // exit_group(2): terminates all threads of the process; the status is the process's
        GuestThread main = nodes.startProcess();
        GuestThread a = nodes.threadOn(1, main);
        GuestThread b = nodes.threadOn(2, main);
        ProcessControl home = nodes.node(ThreeNodes.HOME).syscalls().process(main.pid());
        assertThatThrownBy(() -> b.syscall(Sysno.EXIT_GROUP, 3)).isInstanceOf(ThreadExitException.class)
                .satisfies(e -> assertThat(((ThreadExitException) e).group()).isTrue());
        assertThat(home.exited()).isTrue();
        assertThat(home.exitStatus()).isEqualTo(3);
        assertThatThrownBy(() -> a.syscall(Sysno.CLOSE, 0)).isInstanceOf(ThreadExitException.class);
        assertThatThrownBy(() -> main.syscall(Sysno.CLOSE, 0)).isInstanceOf(ThreadExitException.class);
        // the end is released on every node: the home forgets the process, and no node keeps its pages
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> nodes.node(ThreeNodes.HOME).syscalls().process(main.pid()) == null);
    }

    // ------------------------------------------------------------------ memory map

    @Test
    void when_mmapAnonymousIsForwarded_then_aPageAlignedZeroedMappingEveryNodeSees() {
        GuestThread main = nodes.startProcess();
        GuestThread a = nodes.threadOn(1, main);
        GuestThread b = nodes.threadOn(2, main);
        long addr = a.syscall(Sysno.MMAP, 0, 3 * PAGE, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        assertThat(addr).isPositive();
        assertThat(addr % PAGE).isZero();
        assertThat(b.memory().readLong(addr + 2 * PAGE + 8)).isZero();           // mmap(2): anonymous memory is zeroed
        b.memory().writeLong(addr + PAGE, 99);
        assertThat(main.memory().readLong(addr + PAGE)).isEqualTo(99);
        assertThat(a.memory().readLong(addr + PAGE)).isEqualTo(99);
    }

    @Test
    void when_mmapArgumentsAreInvalid_then_einvalAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        int anon = MAP_PRIVATE | MAP_ANONYMOUS;
        long[][] calls = {
                {0, 0, PROT_RW, anon, -1, 0},                  // length 0
                {0, PAGE, PROT_RW, MAP_ANONYMOUS, -1, 0},      // neither private nor shared
                {0, PAGE, PROT_RW, anon, -1, 100},             // offset not page-aligned
        };
        for (long[] c : calls) {
            assertThat(t.syscall(Sysno.MMAP, c)).isEqualTo(HostLibc.memory(Sysno.MMAP, c)).isEqualTo(-Errno.EINVAL);
        }
    }

    @Test
    void when_munmapIsForwarded_then_everyNodeFaultsOnTheRange_andSyscallsGetEfault() {
        // munmap(2): "further references to addresses within the range generate invalid memory references"
        GuestThread main = nodes.startProcess();
        GuestThread a = nodes.threadOn(1, main);
        GuestThread b = nodes.threadOn(2, main);
        long addr = a.syscall(Sysno.MMAP, 0, 2 * PAGE, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        b.memory().writeLong(addr, 1);
        assertThat(a.syscall(Sysno.MUNMAP, addr, 2 * PAGE)).isZero();
        assertThatThrownBy(() -> b.memory().readLong(addr)).isInstanceOf(SegmentationFault.class);
        assertThatThrownBy(() -> main.memory().writeLong(addr + PAGE, 1)).isInstanceOf(SegmentationFault.class);
        assertThat(b.syscall(Sysno.WRITE, 1, addr, 8)).isEqualTo(-Errno.EFAULT);
        assertThat(a.syscall(Sysno.MUNMAP, addr, 2 * PAGE)).as("unmapping a hole is not an error").isZero();
        long[] unaligned = {addr + 1, PAGE};
        assertThat(a.syscall(Sysno.MUNMAP, unaligned)).isEqualTo(HostLibc.memory(Sysno.MUNMAP, unaligned)).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void when_mprotectMakesARangeReadOnly_then_readsWork_writesFaultOnEveryNode_andReadIntoItIsEfault() {
        // mprotect(2): a write to a page without PROT_WRITE is a SIGSEGV; the kernel's copy-out gives EFAULT
        GuestThread main = nodes.startProcess();
        GuestThread a = nodes.threadOn(1, main);
        GuestThread b = nodes.threadOn(2, main);
        long addr = a.syscall(Sysno.MMAP, 0, 2 * PAGE, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        b.memory().writeLong(addr + PAGE, 7);
        assertThat(a.syscall(Sysno.MPROTECT, addr, 2 * PAGE, PROT_READ)).isZero();
        assertThat(b.memory().readLong(addr + PAGE)).isEqualTo(7);
        assertThatThrownBy(() -> b.memory().writeLong(addr + PAGE, 8)).isInstanceOf(SegmentationFault.class);
        assertThatThrownBy(() -> main.memory().writeLong(addr, 8)).isInstanceOf(SegmentationFault.class);
        long m = scratch(a);
        long fd = a.syscall(Sysno.OPENAT, -100, string(a, m, "/f"), 0100 | 2, 0644);
        assertThat(a.syscall(Sysno.WRITE, fd, m, 4)).isEqualTo(4);
        assertThat(a.syscall(Sysno.PREAD64, fd, addr, 4, 0)).isEqualTo(-Errno.EFAULT);
        assertThat(a.syscall(Sysno.MPROTECT, addr, 2 * PAGE, PROT_RW)).isZero();
        b.memory().writeLong(addr + PAGE, 8);
        assertThat(a.memory().readLong(addr + PAGE)).isEqualTo(8);
        long[] unaligned = {addr + 1, PAGE, PROT_READ};
        assertThat(a.syscall(Sysno.MPROTECT, unaligned)).isEqualTo(HostLibc.memory(Sysno.MPROTECT, unaligned)).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void when_brkGrowsTheHeap_then_theNewBreakIsReturned_andTheHeapIsSharedAcrossNodes() {
        // brk(2), the system call: returns the new break on success, the current one on failure or for 0
        GuestThread main = nodes.startProcess();
        GuestThread a = nodes.threadOn(1, main);
        GuestThread b = nodes.threadOn(2, main);
        long start = a.syscall(Sysno.BRK, 0);
        assertThat(start).isPositive();
        assertThat(b.syscall(Sysno.BRK, start + 2 * PAGE)).isEqualTo(start + 2 * PAGE);
        assertThat(a.syscall(Sysno.BRK, 0)).isEqualTo(start + 2 * PAGE);
        a.memory().writeLong(start + PAGE + 8, 11);
        assertThat(b.memory().readLong(start + PAGE + 8)).isEqualTo(11);
        assertThat(a.syscall(Sysno.BRK, start - PAGE)).as("below the start: refused, current break").isEqualTo(start + 2 * PAGE);
        assertThat(a.syscall(Sysno.BRK, start + PAGE)).as("shrinking").isEqualTo(start + PAGE);
        assertThatThrownBy(() -> b.memory().readLong(start + PAGE + 8)).isInstanceOf(SegmentationFault.class);
    }

    @Test
    void when_madviseDontneedIsForwarded_then_theRangeReadsAsZerosOnEveryNode() {
        // madvise(2) MADV_DONTNEED on private anonymous memory: later accesses see zero-fill-on-demand pages
        GuestThread main = nodes.startProcess();
        GuestThread a = nodes.threadOn(1, main);
        GuestThread b = nodes.threadOn(2, main);
        long addr = a.syscall(Sysno.MMAP, 0, 2 * PAGE, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        b.memory().writeLong(addr + 16, 5);
        main.memory().writeLong(addr + PAGE + 16, 6);
        assertThat(a.syscall(Sysno.MADVISE, addr, 2 * PAGE, MADV_DONTNEED)).isZero();
        assertThat(b.memory().readLong(addr + 16)).isZero();
        assertThat(main.memory().readLong(addr + PAGE + 16)).isZero();
        long[] unaligned = {addr + 1, PAGE, MADV_DONTNEED};
        assertThat(a.syscall(Sysno.MADVISE, unaligned)).isEqualTo(HostLibc.memory(Sysno.MADVISE, unaligned)).isEqualTo(-Errno.EINVAL);
        long[] badAdvice = {addr, PAGE, 999};
        assertThat(a.syscall(Sysno.MADVISE, badAdvice)).isEqualTo(HostLibc.memory(Sysno.MADVISE, badAdvice)).isEqualTo(-Errno.EINVAL);
    }

    // ------------------------------------------------------------------ the rest of the table

    @Test
    void when_dupIsForwarded_then_itReturnsTheLowestFreeFd_sharingTheOffset_andBadFdIsEbadf() {
        // dup(2): "uses the lowest-numbered unused file descriptor"; both refer to the same open file description
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        long fd = t.syscall(Sysno.OPENAT, -100, string(t, m, "/f"), 0100 | 2, 0644);
        assertThat(fd).isEqualTo(3);
        assertThat(t.syscall(Sysno.DUP, fd)).isEqualTo(4);
        assertThat(t.syscall(Sysno.WRITE, 4, m, 5)).isEqualTo(5);
        assertThat(t.syscall(Sysno.LSEEK, fd, 0, 1)).isEqualTo(5);
        assertThat(t.syscall(Sysno.CLOSE, fd)).isZero();
        assertThat(t.syscall(Sysno.DUP, 4)).isEqualTo(3);
        assertThat(t.syscall(Sysno.DUP, 999)).isEqualTo(-Errno.EBADF);
    }

    @Test
    void when_aThreadWithATidAddressExits_then_theWordIsCleared_andAWaiterOnAnotherNodeWakes() throws Exception {
        // set_tid_address(2): returns the caller's tid; at thread exit the kernel stores 0 there and
        // does FUTEX_WAKE on it (what pthread_join waits for)
        GuestThread main = nodes.startProcess();
        GuestThread child = nodes.threadOn(1, main);
        GuestThread joiner = nodes.threadOn(2, main);
        long word = scratch(main);
        main.memory().writeIntVolatile(word, (int) child.gtid());
        assertThat(child.syscall(Sysno.SET_TID_ADDRESS, word)).isEqualTo(child.gtid());
        CompletableFuture<Long> join = CompletableFuture.supplyAsync(
                () -> futex(joiner, word, FUTEX_WAIT, (int) child.gtid(), 0, 0), r -> Thread.ofPlatform().start(r));
        awaitWaiters(main, word, 1);
        assertThatThrownBy(() -> child.syscall(Sysno.EXIT, 0)).isInstanceOf(ThreadExitException.class);
        assertThat(join.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(joiner.memory().readIntVolatile(word)).isZero();
    }

    @Test
    void when_cloneIsNotAThreadOrHasBadFlags_then_enosysOrEinval_andAThreadWithoutAStartableEntryIsEagain() {
        // fork and vfork (no CLONE_THREAD) cannot make a second address space: ENOSYS; Linux's EINVAL rules
        // for THREAD without SIGHAND, SIGHAND without VM, and namespaces; a thread clone whose stack holds no
        // Java descriptor cannot be started by the node placement chose: EAGAIN, and no thread is left behind
        GuestThread t = nodes.processWithThreadOn(1);
        assertThat(t.syscall(Sysno.CLONE, 17, 0, 0, 0, 0)).isEqualTo(-Errno.ENOSYS);
        assertThat(t.syscall(Sysno.CLONE, 0x10000 | 0x100, 0, 0, 0, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.CLONE, 0x10000 | 0x800, 0, 0, 0, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.CLONE, 0x3d0f00 | 0x20000, 0, 0, 0, 0)).isEqualTo(-Errno.EINVAL);
        long stack = scratch(t);
        assertThat(t.syscall(Sysno.CLONE, 0x3d0f00, stack + 4096, 0, 0, 0)).as("tid words at 0").isEqualTo(-Errno.EFAULT);
        assertThat(t.syscall(Sysno.CLONE, 0x3d0f00, stack + 4096, stack, 0, stack + 8)).isEqualTo(-Errno.EAGAIN);
        assertThat(nodes.node(ThreeNodes.HOME).syscalls().process(t.pid()).threads().live()).isEqualTo(2);
    }

    @Test
    void when_aNumberIsNotInTheTable_then_enosysWithoutAskingTheHome() {
        // syscall(2): an unimplemented number fails with ENOSYS
        GuestThread t = nodes.processWithThreadOn(1);
        long before = nodes.node(1).counters().get(io.procshare.verticles.exec.SyscallCounters.FORWARDED);
        for (int nr : new int[] {38, 999, -1, 435, 1 << 20}) {
            assertThat(t.syscall(nr)).as("nr %d", nr).isEqualTo(-Errno.ENOSYS);
        }
        assertThat(nodes.node(1).counters().get(io.procshare.verticles.exec.SyscallCounters.FORWARDED)).isEqualTo(before);
    }
}
