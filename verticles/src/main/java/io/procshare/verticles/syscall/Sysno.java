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

    private Sysno() {
    }
}
