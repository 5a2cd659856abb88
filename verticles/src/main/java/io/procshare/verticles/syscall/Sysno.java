package io.procshare.verticles.syscall;

/**
 * System call numbers of Linux's generic table, the one riscv64 and arm64 use, verified against
 * the kernel's {@code include/uapi/asm-generic/unistd.h} (newfstatat and fstat are
 * {@code __NR3264_fstatat} 79 and {@code __NR3264_fstat} 80 there; lseek, ftruncate, fcntl and
 * mmap are also {@code __NR3264_*}). Note: renameat (38) exists only under
 * {@code __ARCH_WANT_RENAMEAT}, which arm64 defines and riscv64 does not, so a riscv64 guest has
 * no renameat and uses renameat2; this table follows riscv64 and omits it.
 */
public final class Sysno {
    public static final int GETCWD = 17;
    public static final int DUP = 23;
    public static final int DUP3 = 24;
    public static final int FCNTL = 25;
    public static final int FLOCK = 32;
    public static final int MKDIRAT = 34;
    public static final int UNLINKAT = 35;
    public static final int SYMLINKAT = 36;
    public static final int FTRUNCATE = 46;
    public static final int CHDIR = 49;
    public static final int OPENAT = 56;
    public static final int CLOSE = 57;
    public static final int PIPE2 = 59;
    public static final int GETDENTS64 = 61;
    public static final int LSEEK = 62;
    public static final int READ = 63;
    public static final int WRITE = 64;
    public static final int READV = 65;
    public static final int WRITEV = 66;
    public static final int PREAD64 = 67;
    public static final int PWRITE64 = 68;
    public static final int READLINKAT = 78;
    public static final int NEWFSTATAT = 79;
    public static final int FSTAT = 80;
    public static final int FSYNC = 82;
    public static final int EXIT = 93;
    public static final int EXIT_GROUP = 94;
    public static final int SET_TID_ADDRESS = 96;
    public static final int FUTEX = 98;
    public static final int NANOSLEEP = 101;
    public static final int CLOCK_GETTIME = 113;
    public static final int SCHED_YIELD = 124;
    public static final int GETPID = 172;
    public static final int GETTID = 178;
    public static final int BRK = 214;
    public static final int MUNMAP = 215;
    public static final int CLONE = 220;
    public static final int MMAP = 222;
    public static final int MPROTECT = 226;
    public static final int MADVISE = 233;
    public static final int RENAMEAT2 = 276;

    public static final int EVENTFD2 = 19;
    public static final int IOCTL = 29;
    public static final int LINKAT = 37;
    public static final int STATFS = 43;
    public static final int FSTATFS = 44;
    public static final int FACCESSAT = 48;
    public static final int FCHDIR = 50;
    public static final int FCHMOD = 52;
    public static final int FCHMODAT = 53;
    public static final int PSELECT6 = 72;
    public static final int PPOLL = 73;
    public static final int FDATASYNC = 83;
    public static final int UTIMENSAT = 88;
    public static final int SET_ROBUST_LIST = 99;
    public static final int CLOCK_GETRES = 114;
    public static final int CLOCK_NANOSLEEP = 115;
    public static final int SCHED_SETAFFINITY = 122;
    public static final int SCHED_GETAFFINITY = 123;
    public static final int KILL = 129;
    public static final int TKILL = 130;
    public static final int TGKILL = 131;
    public static final int SIGALTSTACK = 132;
    public static final int RT_SIGACTION = 134;
    public static final int RT_SIGPROCMASK = 135;
    public static final int TIMES = 153;
    public static final int UNAME = 160;
    public static final int GETRUSAGE = 165;
    public static final int UMASK = 166;
    public static final int PRCTL = 167;
    public static final int GETCPU = 168;
    public static final int GETTIMEOFDAY = 169;
    public static final int GETPPID = 173;
    public static final int GETUID = 174;
    public static final int GETEUID = 175;
    public static final int GETGID = 176;
    public static final int GETEGID = 177;
    public static final int SYSINFO = 179;
    public static final int MREMAP = 216;
    public static final int EXECVE = 221;
    public static final int WAIT4 = 260;
    public static final int PRLIMIT64 = 261;
    public static final int GETRANDOM = 278;
    public static final int STATX = 291;
    public static final int RSEQ = 293;
    public static final int FACCESSAT2 = 439;

    private Sysno() {
    }
}
