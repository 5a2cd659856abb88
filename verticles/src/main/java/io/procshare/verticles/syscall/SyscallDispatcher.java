package io.procshare.verticles.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

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
        long value = in.store(spec, args, r, mem);
        if (nr == Sysno.RT_SIGPROCMASK && value == 0) {
            process.deliverPending(gtid); // after the old mask is stored: an unblocked pending signal may end the process
        }
        return value;
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
            case Sysno.CLOCK_GETTIME -> TimeCalls.clockGettime((int) a[0], monotonic);
            case Sysno.NANOSLEEP -> TimeCalls.nanosleep(in.buffer(0));
            case Sysno.GETRANDOM -> getrandom(a[1], (int) a[2]);
            case Sysno.CLOCK_GETRES -> TimeCalls.clockGetres((int) a[0]);
            case Sysno.CLOCK_NANOSLEEP -> TimeCalls.clockNanosleep((int) a[0], (int) a[1], in.buffer(2), monotonic);
            case Sysno.GETTIMEOFDAY -> {
                Instant t = Instant.now(); // CLOCK_REALTIME stays the host's; the timezone is UTC, as Linux's sys_tz by default
                yield new SyscallResult(0, timespec(t.getEpochSecond(), t.getNano() / 1000), java.util.List.of(new byte[8]));
            }
            case Sysno.TIMES -> TimeCalls.times(monotonic);
            case Sysno.GETRUSAGE -> TimeCalls.getrusage((int) a[0]);
            case Sysno.GETCPU -> new SyscallResult(0, new byte[4], java.util.List.of(new byte[4]));
            case Sysno.GETUID -> SyscallResult.of(io.procshare.verticles.syscall.host.Libc.getuid());
            case Sysno.GETEUID -> SyscallResult.of(io.procshare.verticles.syscall.host.Libc.geteuid());
            case Sysno.GETGID -> SyscallResult.of(io.procshare.verticles.syscall.host.Libc.getgid());
            case Sysno.GETEGID -> SyscallResult.of(io.procshare.verticles.syscall.host.Libc.getegid());
            default -> throw new IllegalStateException("LOCAL syscall " + nr + " has no local implementation");
        };
    }

    private static SyscallResult home(long pid, long gtid, int nr, long[] a, Arguments in, ProcessCalls p) {
        HostProcess f = p.files();
        return switch (nr) {
            case Sysno.GETCWD -> f.getcwd(a[1]);
            case Sysno.DUP -> SyscallResult.of(f.dup((int) a[0]));
            case Sysno.DUP3 -> SyscallResult.of(f.dup3((int) a[0], (int) a[1], (int) a[2]));
            case Sysno.FCNTL -> SyscallResult.of(fcntl(f, (int) a[0], (int) a[1], a[2], p.memory()));
            case Sysno.IOCTL -> SyscallResult.of(f.ioctl((int) a[0], a[1] & 0xffff_ffffL, a[2], p.memory()));
            case Sysno.EVENTFD2 -> SyscallResult.of(f.eventfd2((int) a[0], (int) a[1]));
            case Sysno.STATFS -> f.statfs(in.buffer(0));
            case Sysno.FSTATFS -> f.fstatfs((int) a[0]);
            case Sysno.FACCESSAT -> SyscallResult.of(f.faccessat((int) a[0], in.buffer(1), (int) a[2], 0));
            case Sysno.FACCESSAT2 -> SyscallResult.of(f.faccessat((int) a[0], in.buffer(1), (int) a[2], (int) a[3]));
            case Sysno.FCHDIR -> SyscallResult.of(f.fchdir((int) a[0]));
            case Sysno.FCHMOD -> SyscallResult.of(f.fchmod((int) a[0], (int) a[1]));
            case Sysno.FCHMODAT -> SyscallResult.of(f.fchmodat((int) a[0], in.buffer(1), (int) a[2]));
            case Sysno.FDATASYNC -> SyscallResult.of(f.fdatasync((int) a[0]));
            case Sysno.UTIMENSAT -> SyscallResult.of(f.utimensat((int) a[0], a[1], in.buffer(1), in.buffer(2), (int) a[3]));
            case Sysno.STATX -> f.statx((int) a[0], in.buffer(1), (int) a[2], (int) a[3]);
            case Sysno.PPOLL -> a[3] != 0 && a[4] != Signals.SIGSET_SIZE ? SyscallResult.error(Errno.EINVAL)
                    : f.ppoll(in.buffer(0), a[1] & 0xffff_ffffL, in.buffer(2));
            case Sysno.UMASK -> SyscallResult.of(f.umask((int) a[0]));
            case Sysno.PSELECT6 -> SyscallResult.of(pselect6(f, a, p.memory()));
            case Sysno.UNAME -> uname();
            case Sysno.SYSINFO -> hostStruct(SyscallTable.SYSINFO_SIZE, io.procshare.verticles.syscall.host.Libc::sysinfo);
            case Sysno.GETPPID -> SyscallResult.of(ProcessHandle.current().pid());
            case Sysno.SCHED_GETAFFINITY -> schedGetaffinity(pid, a[0], a[1], p);
            case Sysno.SCHED_SETAFFINITY -> schedSetaffinity(pid, a[0], a[1], in.buffer(2), p);
            case Sysno.PRCTL -> SyscallResult.of(prctl(gtid, (int) a[0], a[1], p));
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
            case Sysno.RT_SIGPROCMASK -> p.signals().rtSigprocmask(gtid, (int) a[0], in.buffer(1), a[3]);
            case Sysno.SIGALTSTACK -> p.signals().sigaltstack(gtid, in.buffer(0));
            case Sysno.KILL -> SyscallResult.of(kill(pid, gtid, a[0], a[1], p));
            case Sysno.TKILL -> SyscallResult.of(tgkill(pid, gtid, pid, a[0], a[1], p));
            case Sysno.TGKILL -> SyscallResult.of(tgkill(pid, gtid, a[0], a[1], a[2], p));
            default -> throw new IllegalStateException("HOME syscall " + nr + " is in the table but has no dispatch");
        };
    }

    private static final int F_GETLK = 5;
    private static final int F_SETLK = 6;
    private static final int F_SETLKW = 7;
    private static final int F_OFD_GETLK = 36;
    private static final int F_OFD_SETLK = 37;
    private static final int F_OFD_SETLKW = 38;
    private static final int FLOCK_SIZE = 32;

    /** fcntl: the record-lock commands read (and F_GETLK fills) the struct flock at {@code arg} through {@code mem}. */
    private static long fcntl(HostProcess f, int fd, int cmd, long arg, GuestAccess mem) {
        switch (cmd) {
            case F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW -> {
                byte[] flock = mem.read(arg, FLOCK_SIZE);
                SyscallResult r = f.fcntlLock(fd, cmd, flock);
                if (!r.isError() && (cmd == F_GETLK || cmd == F_OFD_GETLK) && !mem.write(arg, r.output())) {
                    return -Errno.EFAULT;
                }
                return r.value();
            }
            default -> {
                return f.fcntl(fd, cmd, arg);
            }
        }
    }

    /**
     * pselect6(2): the fd_sets' size depends on nfds ({@code DIV_ROUND_UP(nfds, 64)} longs, as the
     * kernel copies them), so they are read and written here, through the home's memory. The
     * sixth argument points to {sigset pointer, size}: a given sigset must have size 8.
     */
    private static long pselect6(HostProcess f, long[] a, GuestAccess mem) {
        long nfds = (int) a[0];
        if (nfds < 0) {
            return -Errno.EINVAL;
        }
        int bytes = (int) ((Math.min(nfds, f.maxFds()) + 63) / 64 * 8);
        byte[][] sets = new byte[3][];
        for (int k = 0; k < 3; k++) {
            if (a[1 + k] != 0 && (sets[k] = mem.read(a[1 + k], bytes)) == null) {
                return -Errno.EFAULT;
            }
        }
        byte[] timeout = null;
        if (a[4] != 0) {
            timeout = mem.read(a[4], SyscallTable.TIMESPEC_SIZE);
            if (timeout == null) {
                return -Errno.EFAULT;
            }
            ByteBuffer t = ByteBuffer.wrap(timeout).order(ByteOrder.LITTLE_ENDIAN);
            long sec = t.getLong();
            long nsec = t.getLong();
            if (sec < 0 || nsec < 0 || nsec > 999_999_999L) {
                return -Errno.EINVAL;
            }
        }
        if (a[5] != 0) {
            byte[] sig = mem.read(a[5], 16);
            if (sig == null) {
                return -Errno.EFAULT;
            }
            ByteBuffer b = ByteBuffer.wrap(sig).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getLong() != 0 && b.getLong() != Signals.SIGSET_SIZE) {
                return -Errno.EINVAL;
            }
        }
        SyscallResult r = f.pselect6(nfds, sets[0], sets[1], sets[2], timeout);
        if (r.isError()) {
            return r.value();
        }
        for (int k = 0; k < 3; k++) {
            if (a[1 + k] != 0 && !mem.write(a[1 + k], r.output(k))) {
                return -Errno.EFAULT;
            }
        }
        return r.value();
    }

    /**
     * uname(2): the home host's own (sysname, nodename, release, version and domainname, as
     * qemu-riscv64 passes the host's through), with machine {@code riscv64}.
     */
    private static SyscallResult uname() {
        SyscallResult r = hostStruct(SyscallTable.UTSNAME_SIZE, io.procshare.verticles.syscall.host.Libc::uname);
        if (!r.isError()) {
            byte[] machine = new byte[65];
            byte[] name = "riscv64".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, machine, 0, name.length);
            System.arraycopy(machine, 0, r.output(), 4 * 65, 65);
        }
        return r;
    }

    /** A host call that fills a structure whose layout the guest shares; the structure on success. */
    static SyscallResult hostStruct(int size, java.util.function.ToLongFunction<java.lang.foreign.MemorySegment> call) {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment buf = a.allocate(size);
            long r = call.applyAsLong(buf);
            return r < 0 ? SyscallResult.of(r) : new SyscallResult(0, buf.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }

    /**
     * sched_getaffinity(2): every one of the process's {@link ProcessCalls#cpus()} CPUs. As Linux:
     * -EINVAL when the mask is smaller than the CPU count or not a whole number of longs, -ESRCH for
     * a pid that is not a thread of the process; the value is the mask's size in bytes.
     */
    private static SyscallResult schedGetaffinity(long pid, long target, long len, ProcessCalls p) {
        int cpus = p.cpus();
        if (Long.compareUnsigned(len * 8, cpus) < 0 || (len & 7) != 0 || len < 0) {
            return SyscallResult.error(Errno.EINVAL);
        }
        if (target != 0 && target != pid && !p.isLiveThread(target)) {
            return SyscallResult.error(Errno.ESRCH);
        }
        int size = (int) Math.min(len, ((cpus + 63) / 64) * 8L);
        byte[] mask = new byte[size];
        for (int c = 0; c < cpus; c++) {
            mask[c / 8] |= (byte) (1 << (c % 8));
        }
        return new SyscallResult(size, mask);
    }

    /** sched_setaffinity(2): accepted (threads go where placement puts them) when the mask holds one of the CPUs. */
    private static SyscallResult schedSetaffinity(long pid, long target, long len, byte[] mask, ProcessCalls p) {
        if (target != 0 && target != pid && !p.isLiveThread(target)) {
            return SyscallResult.error(Errno.ESRCH);
        }
        int cpus = p.cpus();
        for (int c = 0; c < cpus && mask != null && c / 8 < mask.length; c++) {
            if ((mask[c / 8] & (1 << (c % 8))) != 0) {
                return SyscallResult.of(0);
            }
        }
        return SyscallResult.error(Errno.EINVAL); // no CPU of the process in the mask
    }

    private static final int PR_SET_PDEATHSIG = 1;
    private static final int PR_GET_DUMPABLE = 3;
    private static final int PR_SET_DUMPABLE = 4;
    private static final int PR_SET_NAME = 15;
    private static final int PR_GET_NAME = 16;

    /**
     * prctl(2): PR_SET_NAME and PR_GET_NAME (16 bytes at arg2, through the home's memory),
     * PR_GET_DUMPABLE (1), PR_SET_DUMPABLE (0 or 1), PR_SET_PDEATHSIG (accepted: the process has
     * no parent in the cluster); any other option is -EINVAL.
     */
    private static long prctl(long gtid, int option, long arg2, ProcessCalls p) {
        switch (option) {
            case PR_SET_NAME -> {
                byte[] name = p.memory().read(arg2, 16);
                if (name == null) {
                    name = p.memory().path(arg2); // shorter than 16 readable bytes: the string up to its NUL
                }
                if (name == null) {
                    return -Errno.EFAULT;
                }
                p.setThreadName(gtid, name);
                return 0;
            }
            case PR_GET_NAME -> {
                return p.memory().write(arg2, p.threadName(gtid)) ? 0 : -Errno.EFAULT;
            }
            case PR_GET_DUMPABLE -> {
                return 1;
            }
            case PR_SET_DUMPABLE -> {
                return arg2 == 0 || arg2 == 1 ? 0 : -Errno.EINVAL;
            }
            case PR_SET_PDEATHSIG -> {
                return arg2 >= 0 && arg2 <= Signals.NSIG ? 0 : -Errno.EINVAL;
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
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

    /** A guest {@code struct timespec}: two little-endian 64-bit words. */
    static byte[] timespec(long sec, long nsec) {
        return TimeCalls.timespec(sec, nsec);
    }
}
