package io.procshare.verticles.syscall.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcalls to this host's libc through the Java 25 FFM API. Every method returns what the kernel
 * returns to a program: a non-negative result, or {@code -errno} (errno is captured right after
 * the call with {@link Linker.Option#captureCallState}, so nothing the JVM does in between can
 * clobber it). Values are host values: flags, structures and numbers are translated by
 * {@link GuestAbi}, not here.
 *
 * <p>Only openat2 has no libc wrapper (glibc 2.36); it goes through libc's variadic
 * {@code syscall()}. Its number, 437, is the same on every architecture (it was allocated after
 * the tables were unified). A call that blocks (flock LOCK_EX, read of an empty pipe) blocks only
 * the calling Java thread.
 *
 * <p>Stateless: the method handles are immutable; the errno capture buffer is per call.
 */
public final class Libc {

    /** {@code SYS_openat2}: 437 on x86_64, aarch64 and riscv64 alike. */
    public static final long SYS_OPENAT2 = 437;
    /** {@code SYS_faccessat2}: 439 everywhere (allocated after the tables were unified). */
    public static final long SYS_FACCESSAT2 = 439;
    /** {@code AT_FDCWD}, the same on every Linux ABI. */
    public static final int AT_FDCWD = -100;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle CLOSE = fn("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle READ = fn("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle WRITE = fn("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle PREAD64 = fn("pread64", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle PWRITE64 = fn("pwrite64", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle READV = fn("readv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle WRITEV = fn("writev", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LSEEK = fn("lseek", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle OPENAT = variadic("openat", 3, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle MKDIRAT = fn("mkdirat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle UNLINKAT = fn("unlinkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SYMLINKAT = fn("symlinkat", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle READLINKAT = fn("readlinkat", JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle RENAMEAT2 = fn("renameat2", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle FSTATAT = fn("fstatat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle GETDENTS64 = fn("getdents64", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle FTRUNCATE = fn("ftruncate", JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle FSYNC = fn("fsync", JAVA_INT, JAVA_INT);
    private static final MethodHandle FLOCK = fn("flock", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCNTL = variadic("fcntl", 2, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle DUP3 = fn("dup3", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle PIPE2 = fn("pipe2", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle FDATASYNC = fn("fdatasync", JAVA_INT, JAVA_INT);
    private static final MethodHandle FCHMOD = fn("fchmod", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCHMODAT = fn("fchmodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle UTIMENSAT = fn("utimensat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle FUTIMENS = fn("futimens", JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle STATX = fn("statx", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle FSTATFS = fn("fstatfs", JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle EVENTFD = fn("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle PPOLL = fn("ppoll", JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
    private static final MethodHandle UNAME = fn("uname", JAVA_INT, ADDRESS);
    private static final MethodHandle SYSINFO = fn("sysinfo", JAVA_INT, ADDRESS);
    private static final MethodHandle CLOCK_GETRES = fn("clock_getres", JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle GETUID = fn("getuid", JAVA_INT);
    private static final MethodHandle GETEUID = fn("geteuid", JAVA_INT);
    private static final MethodHandle GETGID = fn("getgid", JAVA_INT);
    private static final MethodHandle GETEGID = fn("getegid", JAVA_INT);
    private static final MethodHandle SYSCALL_LALL = variadic("syscall", 1, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle SYSCALL4 = variadic("syscall", 1, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);

    private Libc() {
    }

    public static long close(int fd) {
        return call(CLOSE, fd);
    }

    public static long read(int fd, MemorySegment buf, long count) {
        return call(READ, fd, buf, count);
    }

    public static long write(int fd, MemorySegment buf, long count) {
        return call(WRITE, fd, buf, count);
    }

    public static long pread64(int fd, MemorySegment buf, long count, long offset) {
        return call(PREAD64, fd, buf, count, offset);
    }

    public static long pwrite64(int fd, MemorySegment buf, long count, long offset) {
        return call(PWRITE64, fd, buf, count, offset);
    }

    public static long readv(int fd, MemorySegment iov, int iovcnt) {
        return call(READV, fd, iov, iovcnt);
    }

    public static long writev(int fd, MemorySegment iov, int iovcnt) {
        return call(WRITEV, fd, iov, iovcnt);
    }

    public static long lseek(int fd, long offset, int whence) {
        return call(LSEEK, fd, offset, whence);
    }

    /** Plain openat, for direct host calls (tests, baselines); guests go through {@link #openat2}. */
    public static long openat(int dirfd, MemorySegment path, int flags, int mode) {
        return call(OPENAT, dirfd, path, flags, mode);
    }

    /**
     * openat2(2) through {@code syscall(SYS_openat2, ...)}.
     *
     * @param how a {@code struct open_how} (u64 flags, u64 mode, u64 resolve)
     */
    public static long openat2(int dirfd, MemorySegment path, MemorySegment how) {
        return call(SYSCALL4, SYS_OPENAT2, dirfd, path, how, how.byteSize());
    }

    public static long mkdirat(int dirfd, MemorySegment path, int mode) {
        return call(MKDIRAT, dirfd, path, mode);
    }

    public static long unlinkat(int dirfd, MemorySegment path, int flags) {
        return call(UNLINKAT, dirfd, path, flags);
    }

    public static long symlinkat(MemorySegment target, int newdirfd, MemorySegment linkpath) {
        return call(SYMLINKAT, target, newdirfd, linkpath);
    }

    public static long readlinkat(int dirfd, MemorySegment path, MemorySegment buf, long bufsiz) {
        return call(READLINKAT, dirfd, path, buf, bufsiz);
    }

    public static long renameat2(int olddirfd, MemorySegment oldpath, int newdirfd, MemorySegment newpath, int flags) {
        return call(RENAMEAT2, olddirfd, oldpath, newdirfd, newpath, flags);
    }

    /** fstatat into a host {@code struct stat} ({@link GuestAbi#hostStatSize()} bytes). */
    public static long fstatat(int dirfd, MemorySegment path, MemorySegment statbuf, int flags) {
        return call(FSTATAT, dirfd, path, statbuf, flags);
    }

    public static long getdents64(int fd, MemorySegment buf, long count) {
        return call(GETDENTS64, fd, buf, count);
    }

    public static long ftruncate(int fd, long length) {
        return call(FTRUNCATE, fd, length);
    }

    public static long fsync(int fd) {
        return call(FSYNC, fd);
    }

    public static long flock(int fd, int operation) {
        return call(FLOCK, fd, operation);
    }

    public static long fcntl(int fd, int cmd, long arg) {
        return call(FCNTL, fd, cmd, arg);
    }

    public static long dup3(int oldfd, int newfd, int flags) {
        return call(DUP3, oldfd, newfd, flags);
    }

    /** pipe2 into {@code fds}, a segment of two ints. */
    public static long pipe2(MemorySegment fds, int flags) {
        return call(PIPE2, fds, flags);
    }

    public static long fdatasync(int fd) {
        return call(FDATASYNC, fd);
    }

    public static long fchmod(int fd, int mode) {
        return call(FCHMOD, fd, mode);
    }

    public static long fchmodat(int dirfd, MemorySegment path, int mode, int flags) {
        return call(FCHMODAT, dirfd, path, mode, flags);
    }

    /** utimensat; {@code times} is two timespecs or NULL (now). */
    public static long utimensat(int dirfd, MemorySegment path, MemorySegment times, int flags) {
        return call(UTIMENSAT, dirfd, path, times, flags);
    }

    /** futimens: utimensat of the fd itself (glibc's utimensat refuses a NULL path). */
    public static long futimens(int fd, MemorySegment times) {
        return call(FUTIMENS, fd, times);
    }

    /** statx into a 256-byte {@code struct statx}, the same on every architecture. */
    public static long statx(int dirfd, MemorySegment path, int flags, int mask, MemorySegment buf) {
        return call(STATX, dirfd, path, flags, mask, buf);
    }

    /** fstatfs into a 120-byte {@code struct statfs} (the same on x86_64 and the generic 64-bit ABI). */
    public static long fstatfs(int fd, MemorySegment buf) {
        return call(FSTATFS, fd, buf);
    }

    public static long eventfd(int initval, int flags) {
        return call(EVENTFD, initval, flags);
    }

    /** ppoll over {@code nfds} {@code struct pollfd} (8 bytes each, the same everywhere); {@code timeout} may be NULL. */
    public static long ppoll(MemorySegment fds, long nfds, MemorySegment timeout) {
        return call(PPOLL, fds, nfds, timeout, MemorySegment.NULL);
    }

    /** uname into a 390-byte {@code struct utsname} (six fields of 65 bytes, the same everywhere). */
    public static long uname(MemorySegment buf) {
        return call(UNAME, buf);
    }

    /** sysinfo into a 112-byte {@code struct sysinfo} (the same on every 64-bit Linux ABI). */
    public static long sysinfo(MemorySegment buf) {
        return call(SYSINFO, buf);
    }

    public static long clockGetres(int clock, MemorySegment res) {
        return call(CLOCK_GETRES, clock, res);
    }

    public static long getuid() {
        return call(GETUID);
    }

    public static long geteuid() {
        return call(GETEUID);
    }

    public static long getgid() {
        return call(GETGID);
    }

    public static long getegid() {
        return call(GETEGID);
    }

    /** faccessat2 (439 on every architecture) through {@code syscall()}: glibc 2.36's faccessat emulates flags. */
    public static long faccessat2(int dirfd, MemorySegment path, int mode, int flags) {
        return call(SYSCALL_LALL, SYS_FACCESSAT2, (long) dirfd, path, (long) mode, (long) flags);
    }

    private static long call(MethodHandle h, Object... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            Object[] full = new Object[args.length + 1];
            full[0] = state;
            System.arraycopy(args, 0, full, 1, args.length);
            Object r = h.invokeWithArguments(full);
            long result = r instanceof Integer i ? i : (Long) r;
            return result == -1 ? -(int) ERRNO.get(state, 0L) : result;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("downcall failed: " + h.type(), t);
        }
    }

    @SuppressWarnings("restricted") // --enable-native-access=ALL-UNNAMED is in procshare.jvm.flags
    private static MethodHandle fn(String name, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(ret, args), CAPTURE_ERRNO);
    }

    @SuppressWarnings("restricted")
    private static MethodHandle variadic(String name, int firstVariadic, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(ret, args),
                Linker.Option.firstVariadicArg(firstVariadic), CAPTURE_ERRNO);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsupportedOperationException(
                "libc has no " + name + ": procshare's host execution needs glibc >= 2.33 on Linux"));
    }
}
