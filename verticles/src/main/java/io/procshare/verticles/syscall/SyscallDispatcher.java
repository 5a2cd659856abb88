package io.procshare.verticles.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The table-driven system call dispatcher (DESIGN §6, issue 4 item 1): (number, six argument
 * registers, guest memory) → the {@link HostProcess} or {@link ProcessCalls} method → the value or
 * -errno, with output bytes stored through the same {@link GuestAccess}. Pointer arguments are
 * read by {@link Arguments} as the {@link SyscallTable} row says; this class only maps registers to
 * method parameters. An unknown number is -ENOSYS; an unreadable or unwritable pointer is -EFAULT.
 *
 * <p>Stateless and thread-safe: the same instance serves every executor of a node.
 */
public final class SyscallDispatcher {

    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int CLOCK_MONOTONIC_RAW = 4;
    private static final int CLOCK_REALTIME_COARSE = 5;
    private static final int CLOCK_MONOTONIC_COARSE = 6;
    private static final int CLOCK_BOOTTIME = 7;

    private static final int GRND_NONBLOCK = 1;
    private static final int GRND_RANDOM = 2;
    private static final int GRND_INSECURE = 4;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final SyscallTable table;

    public SyscallDispatcher(SyscallTable table) {
        this.table = table;
    }

    public SyscallTable table() {
        return table;
    }

    /**
     * Executes syscall {@code nr} of thread (pid, gtid). {@code process} may be null for a LOCAL
     * call (it touches no process state).
     */
    public long execute(long pid, long gtid, int nr, long[] args, GuestAccess mem, ProcessCalls process) {
        return execute(pid, gtid, nr, args, mem, process, System::nanoTime);
    }

    /**
     * As {@link #execute(long, long, int, long[], GuestAccess, ProcessCalls)}, with the process's
     * CLOCK_MONOTONIC: on a node other than the home, the home's clock through this node's offset
     * to it (issue 12 item 4), so that clock_gettime and the futex deadlines judged at the home agree.
     */
    public long execute(long pid, long gtid, int nr, long[] args, GuestAccess mem, ProcessCalls process,
                        java.util.function.LongSupplier monotonic) {
        SyscallSpec spec = table.lookup(nr);
        if (spec == null) {
            return SyscallTable.ENOSYS_RESULT;
        }
        Arguments in = Arguments.read(spec, args, mem);
        if (in.errno() != 0) {
            return -in.errno();
        }
        SyscallResult r = spec.route() == Route.LOCAL ? local(pid, gtid, nr, args, in, monotonic)
                : home(pid, gtid, nr, args, in, process);
        return in.store(spec, args, r, mem);
    }

    private static SyscallResult local(long pid, long gtid, int nr, long[] a, Arguments in,
                                       java.util.function.LongSupplier monotonic) {
        return switch (nr) {
            case Sysno.GETTID -> SyscallResult.of(gtid);
            case Sysno.GETPID -> SyscallResult.of(pid);
            case Sysno.SCHED_YIELD -> {
                Thread.yield();
                yield SyscallResult.of(0);
            }
            case Sysno.CLOCK_GETTIME -> clockGettime((int) a[0], monotonic);
            case Sysno.NANOSLEEP -> nanosleep(in.buffer(0));
            case Sysno.GETRANDOM -> getrandom(a[1], (int) a[2]);
            default -> throw new IllegalStateException("LOCAL syscall " + nr + " has no local implementation");
        };
    }

    private static SyscallResult home(long pid, long gtid, int nr, long[] a, Arguments in, ProcessCalls p) {
        HostProcess f = p.files();
        return switch (nr) {
            case Sysno.GETCWD -> f.getcwd(a[1]);
            case Sysno.DUP -> SyscallResult.of(f.dup((int) a[0]));
            case Sysno.DUP3 -> SyscallResult.of(f.dup3((int) a[0], (int) a[1], (int) a[2]));
            case Sysno.FCNTL -> SyscallResult.of(f.fcntl((int) a[0], (int) a[1], a[2]));
            case Sysno.FLOCK -> SyscallResult.of(f.flock((int) a[0], (int) a[1]));
            case Sysno.MKDIRAT -> SyscallResult.of(f.mkdirat((int) a[0], in.buffer(1), (int) a[2]));
            case Sysno.UNLINKAT -> SyscallResult.of(f.unlinkat((int) a[0], in.buffer(1), (int) a[2]));
            case Sysno.SYMLINKAT -> SyscallResult.of(f.symlinkat(in.buffer(0), (int) a[1], in.buffer(2)));
            case Sysno.FTRUNCATE -> SyscallResult.of(f.ftruncate((int) a[0], a[1]));
            case Sysno.CHDIR -> SyscallResult.of(f.chdir(in.buffer(0)));
            case Sysno.OPENAT -> SyscallResult.of(f.openat((int) a[0], in.buffer(1), (int) a[2], (int) a[3]));
            case Sysno.CLOSE -> SyscallResult.of(f.close((int) a[0]));
            case Sysno.PIPE2 -> f.pipe2((int) a[1]);
            case Sysno.GETDENTS64 -> f.getdents64((int) a[0], a[2]);
            case Sysno.LSEEK -> SyscallResult.of(f.lseek((int) a[0], a[1], (int) a[2]));
            case Sysno.READ -> f.read((int) a[0], a[2]);
            case Sysno.WRITE -> SyscallResult.of(f.write((int) a[0], in.buffer(1)));
            case Sysno.READV -> f.readv((int) a[0], in.iovecLengths(1));
            case Sysno.WRITEV -> SyscallResult.of(f.writev((int) a[0], in.iovecs(1)));
            case Sysno.PREAD64 -> f.pread64((int) a[0], a[2], a[3]);
            case Sysno.PWRITE64 -> SyscallResult.of(f.pwrite64((int) a[0], in.buffer(1), a[3]));
            case Sysno.READLINKAT -> f.readlinkat((int) a[0], in.buffer(1), (int) a[3]);
            case Sysno.NEWFSTATAT -> f.newfstatat((int) a[0], in.buffer(1), (int) a[3]);
            case Sysno.FSTAT -> f.fstat((int) a[0]);
            case Sysno.FSYNC -> SyscallResult.of(f.fsync((int) a[0]));
            case Sysno.RENAMEAT2 -> SyscallResult.of(f.renameat2((int) a[0], in.buffer(1), (int) a[2], in.buffer(3), (int) a[4]));
            case Sysno.EXIT -> SyscallResult.of(p.exit(gtid, (int) a[0]));
            case Sysno.EXIT_GROUP -> SyscallResult.of(p.exitGroup(gtid, (int) a[0]));
            case Sysno.SET_TID_ADDRESS -> SyscallResult.of(p.setTidAddress(gtid, a[0]));
            case Sysno.FUTEX -> SyscallResult.of(p.futex(gtid, a[0], (int) a[1], (int) a[2], a[3], a[4], (int) a[5]));
            case Sysno.BRK -> SyscallResult.of(p.brk(a[0]));
            case Sysno.MUNMAP -> SyscallResult.of(p.munmap(a[0], a[1]));
            case Sysno.MMAP -> SyscallResult.of(p.mmap(a[0], a[1], (int) a[2], (int) a[3], (int) a[4], a[5]));
            case Sysno.MPROTECT -> SyscallResult.of(p.mprotect(a[0], a[1], (int) a[2]));
            case Sysno.MADVISE -> SyscallResult.of(p.madvise(a[0], a[1], (int) a[2]));
            case Sysno.CLONE -> SyscallResult.of(p.clone(gtid, a[0], a[1], a[2], a[3], a[4]));
            case Sysno.MREMAP -> SyscallResult.of(p.mremap(a[0], a[1], a[2], (int) a[3], a[4]));
            case Sysno.SET_ROBUST_LIST -> SyscallResult.of(p.signals().setRobustList(gtid, a[0], a[1]));
            case Sysno.PRLIMIT64 -> a[0] != 0 && a[0] != pid ? SyscallResult.error(Errno.ESRCH)
                    : p.rlimits().prlimit((int) a[1], in.buffer(2));
            case Sysno.RT_SIGACTION -> p.signals().rtSigaction((int) a[0], in.buffer(1), a[3]);
            case Sysno.RT_SIGPROCMASK -> {
                SyscallResult r = p.signals().rtSigprocmask(gtid, (int) a[0], in.buffer(1), a[3]);
                if (!r.isError()) {
                    p.deliverPending(gtid);
                }
                yield r;
            }
            case Sysno.SIGALTSTACK -> p.signals().sigaltstack(gtid, in.buffer(0));
            case Sysno.KILL -> SyscallResult.of(kill(pid, gtid, a[0], a[1], p));
            case Sysno.TKILL -> SyscallResult.of(tgkill(pid, gtid, pid, a[0], a[1], p));
            case Sysno.TGKILL -> SyscallResult.of(tgkill(pid, gtid, a[0], a[1], a[2], p));
            default -> throw new IllegalStateException("HOME syscall " + nr + " is in the table but has no dispatch");
        };
    }

    /**
     * kill(2): the process itself ({@code pid} its own, or 0 / -pid: its process group, which is
     * itself) gets the signal; any other pid is -ESRCH (a shared process sees no other process).
     * Signal 0 only checks that the target exists.
     */
    private static long kill(long self, long gtid, long pid, long sig, ProcessCalls p) {
        int target = (int) pid;
        if (target != self && target != 0 && target != -self) {
            return -Errno.ESRCH; // the lookup fails before the signal is judged, as kill_pid_info
        }
        if (sig < 0 || sig > Signals.NSIG) {
            return -Errno.EINVAL;
        }
        return sig == 0 ? 0 : p.signal(gtid, gtid, (int) sig, true);
    }

    /**
     * tgkill(2) and tkill(2) (tgid = the process), in do_tkill's order: -EINVAL for ids <= 0, -ESRCH
     * for another process or a gone thread, then -EINVAL for a bad signal.
     */
    private static long tgkill(long self, long gtid, long tgid, long tid, long sig, ProcessCalls p) {
        if ((int) tgid <= 0 || (int) tid <= 0) {
            return -Errno.EINVAL;
        }
        if ((int) tgid != self) {
            return -Errno.ESRCH;
        }
        long found = p.signal(gtid, (int) tid, 0, false);
        if (found != 0 || sig == 0) {
            return found;
        }
        return sig < 0 || sig > Signals.NSIG ? -Errno.EINVAL : p.signal(gtid, (int) tid, (int) sig, false);
    }

    /**
     * getrandom(2): GRND_NONBLOCK (1), GRND_RANDOM (2), GRND_INSECURE (4); INSECURE with RANDOM or
     * any other bit is -EINVAL. Bytes come from the JVM's SecureRandom (the host's entropy, never
     * blocking once seeded); at most {@link Arguments#MAX_TRANSFER} per call, a short count as
     * Linux gives for large requests.
     */
    private static SyscallResult getrandom(long count, int flags) {
        if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0
                || (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE)) {
            return SyscallResult.error(Errno.EINVAL);
        }
        // the kernel clamps a count above INT_MAX (size_t) to MAX_RW_COUNT; we move at most MAX_TRANSFER
        int n = (int) (count < 0 || count > Arguments.MAX_TRANSFER ? Arguments.MAX_TRANSFER : count);
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return new SyscallResult(n, out);
    }

    private static SyscallResult clockGettime(int clock, java.util.function.LongSupplier monotonic) {
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

    private static SyscallResult nanosleep(byte[] req) {
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
