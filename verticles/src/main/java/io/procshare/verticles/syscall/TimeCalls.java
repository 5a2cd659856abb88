package io.procshare.verticles.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The time calls the {@link SyscallDispatcher} answers on the calling node (LOCAL): clocks,
 * sleeps and CPU times. CLOCK_MONOTONIC is the process's clock, its home's (issue 12 item 4),
 * which the caller passes as a supplier; CLOCK_REALTIME is the host's. Stateless.
 */
final class TimeCalls {

    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC = 1;
    static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    static final int CLOCK_THREAD_CPUTIME_ID = 3;
    static final int CLOCK_MONOTONIC_RAW = 4;
    static final int CLOCK_REALTIME_COARSE = 5;
    static final int CLOCK_MONOTONIC_COARSE = 6;
    static final int CLOCK_BOOTTIME = 7;
    private static final int TIMER_ABSTIME = 1;

    private TimeCalls() {
    }

    /** clock_getres(2) of the clocks clock_gettime answers: the host's resolution for each. */
    static SyscallResult clockGetres(int clock) {
        if (clock < CLOCK_REALTIME || clock > CLOCK_BOOTTIME) {
            return SyscallResult.error(Errno.EINVAL);
        }
        return SyscallDispatcher.hostStruct(SyscallTable.TIMESPEC_SIZE, ts -> io.procshare.verticles.syscall.host.Libc.clockGetres(clock, ts));
    }

    private static final long TICKS_PER_SECOND = 100; // USER_HZ

    /**
     * times(2): the value is the process clock in ticks of 1/100 s (its CLOCK_MONOTONIC); the
     * {@code struct tms} holds the calling thread's user and system CPU time (procshare does not
     * sum CPU time over a process's nodes), the children's 0.
     */
    static SyscallResult times(java.util.function.LongSupplier monotonic) {
        long[] cpu = threadCpuNanos();
        ByteBuffer b = ByteBuffer.allocate(SyscallTable.TMS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(cpu[0] / (1_000_000_000L / TICKS_PER_SECOND)).putLong(cpu[1] / (1_000_000_000L / TICKS_PER_SECOND));
        return new SyscallResult(Math.max(1, monotonic.getAsLong() / (1_000_000_000L / TICKS_PER_SECOND)), b.array());
    }

    /**
     * getrusage(2): RUSAGE_SELF and RUSAGE_THREAD give the calling thread's user and system CPU
     * time (not summed over the process's nodes), RUSAGE_CHILDREN zeros; other values of
     * {@code who} are -EINVAL.
     */
    static SyscallResult getrusage(int who) {
        if (who != 0 && who != 1 && who != -1) {
            return SyscallResult.error(Errno.EINVAL);
        }
        long[] cpu = who == -1 ? new long[2] : threadCpuNanos();
        ByteBuffer b = ByteBuffer.allocate(SyscallTable.RUSAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(cpu[0] / 1_000_000_000L).putLong(cpu[0] % 1_000_000_000L / 1000);
        b.putLong(cpu[1] / 1_000_000_000L).putLong(cpu[1] % 1_000_000_000L / 1000);
        return new SyscallResult(0, b.array());
    }

    /** {user, system} CPU nanoseconds of the calling thread. */
    private static long[] threadCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = Math.max(0, mx.getCurrentThreadCpuTime());
        long user = Math.max(0, Math.min(total, mx.getCurrentThreadUserTime()));
        return new long[] {user, total - user};
    }

    static SyscallResult clockGettime(int clock, java.util.function.LongSupplier monotonic) {
        long sec;
        long nsec;
        switch (clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE -> {
                Instant now = Instant.now();
                sec = now.getEpochSecond();
                nsec = now.getNano();
            }
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME -> {
                long t = monotonic.getAsLong();
                sec = Math.floorDiv(t, 1_000_000_000L);
                nsec = Math.floorMod(t, 1_000_000_000L);
            }
            default -> {
                return SyscallResult.error(Errno.EINVAL);
            }
        }
        return new SyscallResult(0, timespec(sec, nsec));
    }

    /**
     * clock_nanosleep(2) on CLOCK_REALTIME, CLOCK_MONOTONIC (the process's clock) and CLOCK_BOOTTIME;
     * with TIMER_ABSTIME the time is a deadline on that clock, else a span (as nanosleep). The
     * CPU-time clocks (2, 3) are -EOPNOTSUPP, as Linux answers for a thread's; other clocks
     * -EINVAL. An interrupted relative sleep stores the time left.
     */
    static SyscallResult clockNanosleep(int clock, int flags, byte[] req, java.util.function.LongSupplier monotonic) {
        if (clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID) {
            return SyscallResult.error(Errno.EOPNOTSUPP);
        }
        if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME) {
            return SyscallResult.error(Errno.EINVAL);
        }
        if ((flags & TIMER_ABSTIME) == 0) {
            return nanosleep(req);
        }
        ByteBuffer b = ByteBuffer.wrap(req).order(ByteOrder.LITTLE_ENDIAN);
        long sec = b.getLong();
        long nsec = b.getLong();
        if (sec < 0 || nsec < 0 || nsec > 999_999_999L) {
            return SyscallResult.error(Errno.EINVAL);
        }
        long target = sec > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : sec * 1_000_000_000L + nsec;
        long now;
        if (clock == CLOCK_REALTIME) {
            Instant t = Instant.now();
            now = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } else {
            now = monotonic.getAsLong();
        }
        long span = target - now;
        if (span <= 0) {
            return SyscallResult.of(0);
        }
        try {
            TimeUnit.NANOSECONDS.sleep(span);
            return SyscallResult.of(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SyscallResult.error(Errno.EINTR); // an absolute sleep leaves rem alone
        }
    }


    static SyscallResult nanosleep(byte[] req) {
        ByteBuffer b = ByteBuffer.wrap(req).order(ByteOrder.LITTLE_ENDIAN);
        long sec = b.getLong();
        long nsec = b.getLong();
        if (sec < 0 || nsec < 0 || nsec > 999_999_999L) {
            return SyscallResult.error(Errno.EINVAL);
        }
        long total = sec > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : sec * 1_000_000_000L + nsec;
        long end = System.nanoTime() + total;
        try {
            TimeUnit.NANOSECONDS.sleep(total);
            return SyscallResult.of(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            long left = Math.max(0, end - System.nanoTime());
            return new SyscallResult(-Errno.EINTR, timespec(left / 1_000_000_000L, left % 1_000_000_000L));
        }
    }

    /** A guest {@code struct timespec}: two little-endian 64-bit words. */
    static byte[] timespec(long sec, long nsec) {
        return ByteBuffer.allocate(SyscallTable.TIMESPEC_SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(sec).putLong(nsec).array();
    }
}
