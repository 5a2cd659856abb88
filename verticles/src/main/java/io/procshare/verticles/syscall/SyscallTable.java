package io.procshare.verticles.syscall;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.procshare.verticles.syscall.BufferArg.Written.WHOLE_ON_EINTR;
import static io.procshare.verticles.syscall.BufferArg.Written.WHOLE_ON_SUCCESS;
import static io.procshare.verticles.syscall.BufferArg.Written.WHOLE_UNLESS_ERROR;
import static io.procshare.verticles.syscall.BufferArg.inArray;
import static io.procshare.verticles.syscall.BufferArg.nullablePath;
import static io.procshare.verticles.syscall.BufferArg.outArray;
import static io.procshare.verticles.syscall.BufferArg.in;
import static io.procshare.verticles.syscall.BufferArg.inFixed;
import static io.procshare.verticles.syscall.BufferArg.inFixedNullable;
import static io.procshare.verticles.syscall.BufferArg.iovecIn;
import static io.procshare.verticles.syscall.BufferArg.iovecOut;
import static io.procshare.verticles.syscall.BufferArg.out;
import static io.procshare.verticles.syscall.BufferArg.outFixed;
import static io.procshare.verticles.syscall.BufferArg.path;
import static io.procshare.verticles.syscall.Route.HOME;
import static io.procshare.verticles.syscall.Route.LOCAL;

/**
 * The one table of system calls procshare knows (DESIGN §6, issue 4 item 1): per number of
 * Linux's generic table (riscv64; see {@link Sysno}, which cites
 * {@code include/uapi/asm-generic/unistd.h}) its name, its {@link Route} and the shape of its
 * pointer arguments. Forwarding, argument shipping and validation read it; nothing else repeats
 * this knowledge. A number that is not in the table is answered with {@code -ENOSYS}
 * ({@link #ENOSYS_RESULT}) and never reaches an executor.
 *
 * <p>Guest structure sizes (generic 64-bit ABI): {@code struct stat} 128 bytes
 * ({@code include/uapi/asm-generic/stat.h}), {@code struct timespec} 16, the fd pair of pipe2 8,
 * {@code struct iovec} 16.
 *
 * <p>Immutable and thread-safe.
 */
public final class SyscallTable {

    /** Size of the guest's {@code struct stat} (asm-generic, 64-bit). */
    public static final int GUEST_STAT_SIZE = 128;
    /** Size of the guest's {@code struct timespec}. */
    public static final int TIMESPEC_SIZE = 16;
    /** {@code struct statfs} (generic 64-bit, and x86_64's). */
    public static final int STATFS_SIZE = 120;
    /** {@code struct statx}, the same on every architecture. */
    public static final int STATX_SIZE = 256;
    /** {@code struct pollfd}. */
    public static final int POLLFD_SIZE = 8;
    /** {@code struct utsname}: six fields of 65 bytes. */
    public static final int UTSNAME_SIZE = 390;
    /** {@code struct sysinfo} on 64-bit. */
    public static final int SYSINFO_SIZE = 112;
    /** {@code struct timezone}. */
    public static final int TIMEZONE_SIZE = 8;
    /** {@code struct tms}: four clock_t. */
    public static final int TMS_SIZE = 32;
    /** {@code struct rusage} on 64-bit. */
    public static final int RUSAGE_SIZE = 144;
    /** What an unknown syscall number returns. */
    public static final long ENOSYS_RESULT = -Errno.ENOSYS;

    private final SyscallSpec[] byNumber;
    private final List<SyscallSpec> all;

    private SyscallTable(Collection<SyscallSpec> specs) {
        int max = specs.stream().mapToInt(SyscallSpec::number).max().orElse(-1);
        this.byNumber = new SyscallSpec[max + 1];
        for (SyscallSpec s : specs) {
            if (byNumber[s.number()] != null) {
                throw new IllegalStateException("duplicate syscall number " + s.number());
            }
            byNumber[s.number()] = s;
        }
        this.all = Collections.unmodifiableList(new ArrayList<>(specs));
    }

    /** The table for Linux generic (riscv64) guests. */
    public static SyscallTable linuxGeneric() {
        Map<Integer, SyscallSpec> t = new TreeMap<>();
        // files and directories: process state (fd table, cwd, sandbox) lives at the home
        home(t, Sysno.GETCWD, "getcwd", out(0, 1));
        home(t, Sysno.EVENTFD2, "eventfd2");
        home(t, Sysno.DUP, "dup");
        home(t, Sysno.DUP3, "dup3");
        // the lock commands read and fill a struct flock at arg2: read through the DSM at the home
        put(t, new SyscallSpec(Sysno.FCNTL, "fcntl", HOME, List.of(), true));
        put(t, new SyscallSpec(Sysno.IOCTL, "ioctl", HOME, List.of(), true));
        home(t, Sysno.FLOCK, "flock");
        home(t, Sysno.MKDIRAT, "mkdirat", path(1));
        home(t, Sysno.UNLINKAT, "unlinkat", path(1));
        home(t, Sysno.SYMLINKAT, "symlinkat", path(0), path(2));
        home(t, Sysno.STATFS, "statfs", path(0), outFixed(1, STATFS_SIZE, false, WHOLE_ON_SUCCESS));
        home(t, Sysno.FSTATFS, "fstatfs", outFixed(1, STATFS_SIZE, false, WHOLE_ON_SUCCESS));
        home(t, Sysno.FTRUNCATE, "ftruncate");
        home(t, Sysno.FACCESSAT, "faccessat", path(1));
        home(t, Sysno.FACCESSAT2, "faccessat2", path(1));
        home(t, Sysno.FCHDIR, "fchdir");
        home(t, Sysno.FCHMOD, "fchmod");
        home(t, Sysno.FCHMODAT, "fchmodat", path(1));
        home(t, Sysno.CHDIR, "chdir", path(0));
        home(t, Sysno.OPENAT, "openat", path(1));
        home(t, Sysno.CLOSE, "close");
        home(t, Sysno.PIPE2, "pipe2", outFixed(0, 8, false, WHOLE_ON_SUCCESS));
        home(t, Sysno.GETDENTS64, "getdents64", out(1, 2));
        home(t, Sysno.LSEEK, "lseek");
        home(t, Sysno.READ, "read", out(1, 2));
        home(t, Sysno.WRITE, "write", in(1, 2));
        home(t, Sysno.READV, "readv", iovecOut(1, 2));
        home(t, Sysno.WRITEV, "writev", iovecIn(1, 2));
        home(t, Sysno.PREAD64, "pread64", out(1, 2));
        home(t, Sysno.PWRITE64, "pwrite64", in(1, 2));
        home(t, Sysno.READLINKAT, "readlinkat", path(1), out(2, 3));
        home(t, Sysno.NEWFSTATAT, "newfstatat", path(1), outFixed(2, GUEST_STAT_SIZE, false, WHOLE_ON_SUCCESS));
        home(t, Sysno.FSTAT, "fstat", outFixed(1, GUEST_STAT_SIZE, false, WHOLE_ON_SUCCESS));
        home(t, Sysno.FSYNC, "fsync");
        home(t, Sysno.FDATASYNC, "fdatasync");
        home(t, Sysno.UTIMENSAT, "utimensat", nullablePath(1), inFixedNullable(2, 2 * TIMESPEC_SIZE));
        home(t, Sysno.STATX, "statx", path(1), outFixed(4, STATX_SIZE, false, WHOLE_ON_SUCCESS));
        home(t, Sysno.PPOLL, "ppoll", inArray(0, 1, POLLFD_SIZE), outArray(0, 1, POLLFD_SIZE),
                inFixedNullable(2, TIMESPEC_SIZE), inFixedNullable(3, Signals.SIGSET_SIZE));
        // the fd_sets' size depends on nfds: read and written through the DSM at the home
        put(t, new SyscallSpec(Sysno.PSELECT6, "pselect6", HOME, List.of(), true));
        home(t, Sysno.UMASK, "umask");
        home(t, Sysno.UNAME, "uname", outFixed(0, UTSNAME_SIZE, false, WHOLE_ON_SUCCESS));
        home(t, Sysno.SYSINFO, "sysinfo", outFixed(0, SYSINFO_SIZE, false, WHOLE_ON_SUCCESS));
        home(t, Sysno.GETPPID, "getppid");
        home(t, Sysno.SCHED_GETAFFINITY, "sched_getaffinity", out(2, 1));
        home(t, Sysno.SCHED_SETAFFINITY, "sched_setaffinity", in(2, 1));
        put(t, new SyscallSpec(Sysno.PRCTL, "prctl", HOME, List.of(), true));
        home(t, Sysno.RENAMEAT2, "renameat2", path(1), path(3));
        // threads and process lifetime
        home(t, Sysno.EXIT, "exit");
        home(t, Sysno.EXIT_GROUP, "exit_group");
        // the pointer is remembered (cleared and woken at thread exit), not read now
        home(t, Sysno.SET_TID_ADDRESS, "set_tid_address");
        // the head is remembered per thread (glibc registers it at start and in every new thread)
        home(t, Sysno.SET_ROBUST_LIST, "set_robust_list");
        home(t, Sysno.PRLIMIT64, "prlimit64", inFixedNullable(2, ResourceLimits.RLIMIT64_SIZE),
                outFixed(3, ResourceLimits.RLIMIT64_SIZE, true, WHOLE_ON_SUCCESS));
        // signals: actions and masks are process state; default actions only (DESIGN §7)
        home(t, Sysno.KILL, "kill");
        home(t, Sysno.TKILL, "tkill");
        home(t, Sysno.TGKILL, "tgkill");
        home(t, Sysno.SIGALTSTACK, "sigaltstack", inFixedNullable(0, Signals.STACK_T_SIZE),
                outFixed(1, Signals.STACK_T_SIZE, true, WHOLE_ON_SUCCESS));
        home(t, Sysno.RT_SIGACTION, "rt_sigaction", inFixedNullable(1, Signals.SIGACTION_SIZE),
                outFixed(2, Signals.SIGACTION_SIZE, true, WHOLE_ON_SUCCESS));
        home(t, Sysno.RT_SIGPROCMASK, "rt_sigprocmask", inFixedNullable(1, Signals.SIGSET_SIZE),
                outFixed(2, Signals.SIGSET_SIZE, true, WHOLE_ON_SUCCESS));
        put(t, new SyscallSpec(Sysno.FUTEX, "futex", HOME, List.of(), true));
        put(t, new SyscallSpec(Sysno.CLONE, "clone", HOME, List.of(), true));
        // memory map: owned and versioned by the home (DESIGN §5)
        home(t, Sysno.BRK, "brk");
        home(t, Sysno.MUNMAP, "munmap");
        home(t, Sysno.MMAP, "mmap");
        home(t, Sysno.MPROTECT, "mprotect");
        home(t, Sysno.MADVISE, "madvise");
        home(t, Sysno.MREMAP, "mremap");
        // no process-wide state: answered on the calling node
        local(t, Sysno.NANOSLEEP, "nanosleep", inFixed(0, TIMESPEC_SIZE), outFixed(1, TIMESPEC_SIZE, true, WHOLE_ON_EINTR));
        local(t, Sysno.CLOCK_GETTIME, "clock_gettime", outFixed(1, TIMESPEC_SIZE, false, WHOLE_ON_SUCCESS));
        local(t, Sysno.SCHED_YIELD, "sched_yield");
        local(t, Sysno.GETPID, "getpid");
        local(t, Sysno.GETTID, "gettid");
        local(t, Sysno.GETRANDOM, "getrandom", out(0, 1));
        // glibc 2.36's nanosleep and sleep are clock_nanosleep(CLOCK_REALTIME, 0, ...)
        local(t, Sysno.CLOCK_NANOSLEEP, "clock_nanosleep", inFixed(2, TIMESPEC_SIZE),
                outFixed(3, TIMESPEC_SIZE, true, WHOLE_ON_EINTR));
        local(t, Sysno.CLOCK_GETRES, "clock_getres", outFixed(1, TIMESPEC_SIZE, true, WHOLE_ON_SUCCESS));
        local(t, Sysno.GETTIMEOFDAY, "gettimeofday", outFixed(0, TIMESPEC_SIZE, true, WHOLE_ON_SUCCESS),
                outFixed(1, TIMEZONE_SIZE, true, WHOLE_ON_SUCCESS));
        local(t, Sysno.TIMES, "times", outFixed(0, TMS_SIZE, true, WHOLE_UNLESS_ERROR));
        local(t, Sysno.GETRUSAGE, "getrusage", outFixed(1, RUSAGE_SIZE, false, WHOLE_ON_SUCCESS));
        local(t, Sysno.GETCPU, "getcpu", outFixed(0, 4, true, WHOLE_ON_SUCCESS), outFixed(1, 4, true, WHOLE_ON_SUCCESS));
        local(t, Sysno.GETUID, "getuid");
        local(t, Sysno.GETEUID, "geteuid");
        local(t, Sysno.GETGID, "getgid");
        local(t, Sysno.GETEGID, "getegid");
        return new SyscallTable(t.values());
    }

    /** The row for {@code number}, or null when the number is unknown (the caller answers -ENOSYS). */
    public SyscallSpec lookup(long number) {
        return number >= 0 && number < byNumber.length ? byNumber[(int) number] : null;
    }

    /** Whether {@code number} is a syscall this table knows. */
    public boolean isKnown(long number) {
        return lookup(number) != null;
    }

    /** Every row, by ascending number. */
    public List<SyscallSpec> all() {
        return all;
    }

    private static void home(Map<Integer, SyscallSpec> t, int nr, String name, BufferArg... buffers) {
        put(t, new SyscallSpec(nr, name, HOME, List.of(buffers), false));
    }

    private static void local(Map<Integer, SyscallSpec> t, int nr, String name, BufferArg... buffers) {
        put(t, new SyscallSpec(nr, name, LOCAL, List.of(buffers), false));
    }

    private static void put(Map<Integer, SyscallSpec> t, SyscallSpec s) {
        if (t.putIfAbsent(s.number(), s) != null) {
            throw new IllegalStateException("duplicate syscall number " + s.number());
        }
    }
}
