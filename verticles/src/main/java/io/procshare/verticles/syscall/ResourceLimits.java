package io.procshare.verticles.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The resource limits of one shared process (prlimit64, issue 12), as {@code struct rlimit64}
 * pairs (soft, hard) per resource of {@code include/uapi/asm-generic/resource.h}. The values
 * say what the home enforces: RLIMIT_NOFILE is the fd table's size, RLIMIT_NPROC the process's
 * thread limit (and RLIMIT_SIGPENDING); RLIMIT_STACK is 8 MiB soft, as a
 * shell gives; the rest are Linux's defaults for an unprivileged process. A program may lower a
 * limit or raise a soft one up to its hard one; raising a hard one is -EPERM, as without
 * CAP_SYS_RESOURCE. A lowered limit is reported, not enforced below what the home enforces.
 * Thread-safe.
 */
public final class ResourceLimits {

    public static final long RLIM_INFINITY = -1L;
    public static final int RLIMIT_STACK = 3;
    public static final int RLIMIT_NOFILE = 7;
    public static final int RLIM_NLIMITS = 16;
    /** sizeof(struct rlimit64). */
    public static final int RLIMIT64_SIZE = 16;
    public static final long STACK_SOFT = 8L << 20;

    private final long[] soft = new long[RLIM_NLIMITS];
    private final long[] hard = new long[RLIM_NLIMITS];

    /**
     * @param openFiles the fd table's size
     * @param threads   the thread limit
     */
    public ResourceLimits(long openFiles, long threads) {
        java.util.Arrays.fill(soft, RLIM_INFINITY);
        java.util.Arrays.fill(hard, RLIM_INFINITY);
        set(RLIMIT_STACK, STACK_SOFT, RLIM_INFINITY);
        set(4, 0, RLIM_INFINITY);            // RLIMIT_CORE: no core files
        set(6, threads, threads);            // RLIMIT_NPROC
        set(RLIMIT_NOFILE, openFiles, openFiles);
        set(8, 8L << 20, 8L << 20);          // RLIMIT_MEMLOCK, Linux's default
        set(11, threads, threads);           // RLIMIT_SIGPENDING
        set(12, 819_200, 819_200);           // RLIMIT_MSGQUEUE, Linux's default
        set(13, 0, 0);                       // RLIMIT_NICE
        set(14, 0, 0);                       // RLIMIT_RTPRIO
    }

    private void set(int resource, long s, long h) {
        soft[resource] = s;
        hard[resource] = h;
    }

    /**
     * prlimit64 for this process: the output is the old {@code struct rlimit64} (16 bytes); a
     * non-null {@code newLimit} sets it. -EINVAL for an unknown resource or soft above hard,
     * -EPERM for raising the hard limit.
     */
    public synchronized SyscallResult prlimit(int resource, byte[] newLimit) {
        if (resource < 0 || resource >= RLIM_NLIMITS) {
            return SyscallResult.error(Errno.EINVAL);
        }
        byte[] old = ByteBuffer.allocate(RLIMIT64_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(soft[resource]).putLong(hard[resource]).array();
        if (newLimit != null) {
            ByteBuffer b = ByteBuffer.wrap(newLimit).order(ByteOrder.LITTLE_ENDIAN);
            long s = b.getLong();
            long h = b.getLong();
            if (Long.compareUnsigned(s, h) > 0) {
                return SyscallResult.error(Errno.EINVAL);
            }
            if (Long.compareUnsigned(h, hard[resource]) > 0) {
                return SyscallResult.error(Errno.EPERM);
            }
            set(resource, s, h);
        }
        return new SyscallResult(0, old);
    }

    /** The soft limit of {@code resource}. */
    public synchronized long soft(int resource) {
        return soft[resource];
    }
}
