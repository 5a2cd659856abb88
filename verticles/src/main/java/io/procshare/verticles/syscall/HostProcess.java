package io.procshare.verticles.syscall;

import io.procshare.verticles.syscall.host.FdTable;
import io.procshare.verticles.syscall.host.GuestAbi;
import io.procshare.verticles.syscall.host.Libc;
import io.procshare.verticles.syscall.host.OpenFile;
import io.procshare.verticles.syscall.host.Sandbox;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static io.procshare.verticles.syscall.Errno.EBADF;
import static io.procshare.verticles.syscall.Errno.EFAULT;
import static io.procshare.verticles.syscall.Errno.EINVAL;
import static io.procshare.verticles.syscall.Errno.ENAMETOOLONG;
import static io.procshare.verticles.syscall.Errno.ENOENT;
import static io.procshare.verticles.syscall.Errno.ENOTDIR;
import static io.procshare.verticles.syscall.Errno.ESPIPE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The file and process-state system calls of one shared process, executed on this home's kernel
 * inside the process's sandbox (DESIGN §6 host execution, issue 4 items 5 and 6).
 *
 * <p>Every method takes the guest's arguments in the guest's ABI (Linux generic, riscv64) and
 * returns exactly what Linux would return to the guest: a value {@code >= 0} or {@code -errno}.
 * Guest memory is not this class's business: a pointer argument arrives as the bytes the
 * forwarding part read ({@link SyscallTable} says which) and output bytes leave in a
 * {@link SyscallResult}.
 *
 * <p>A path argument is the guest memory read from the pointer: it must hold a NUL within
 * {@link BufferArg#PATH_MAX} bytes. null (unreadable pointer) gives -EFAULT; no NUL in
 * {@code PATH_MAX} bytes gives -ENAMETOOLONG; no NUL in a shorter array (the readable memory
 * ended) gives -EFAULT, as Linux's strncpy_from_user does.
 *
 * <p>Thread-safe: each guest thread's executor calls it from its own thread; a blocking call
 * (flock LOCK_EX, read of an empty pipe or of stdin) blocks only the calling thread.
 *
 * <p>Known differences from Linux: a relative path is resolved as the start directory's path
 * plus the guest path, so the two together must fit in PATH_MAX; the host umask applies to
 * created files; fcntl supports F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL and F_SETFL
 * only (others: -EINVAL); read-like calls move at most {@link HostProcessConfig#maxTransfer()}
 * bytes per call (a short read).
 */
public final class HostProcess implements AutoCloseable {

    private static final int IOV_MAX = BufferArg.IOV_MAX;
    private static final int RENAME_NOREPLACE = 1;
    private static final int RENAME_EXCHANGE = 2;
    private static final int RENAME_WHITEOUT = 4;
    private static final int AT_STATX_SYNC_TYPE = 0x6000;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] PROC_SELF_EXE = "/proc/self/exe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final SyscallResult BADF = SyscallResult.error(EBADF);

    private final HostProcessConfig config;
    private final GuestAbi abi;
    private final Sandbox sandbox;
    private final FdTable fds;
    private final ClientStreams streams;
    private OpenFile.HostFile cwd;
    private boolean closed;
    private volatile byte[] exePath;
    private volatile int umask = 022;

    private HostProcess(HostProcessConfig config, GuestAbi abi, Sandbox sandbox, ClientStreams streams) {
        this.config = config;
        this.abi = abi;
        this.sandbox = sandbox;
        this.streams = streams;
        this.fds = new FdTable(config.maxFds());
        for (int fd = 0; fd < 3; fd++) {
            fds.install(fds.reserve(fd), new OpenFile.Stream(fd), false);
        }
        sandbox.root().retain();
        this.cwd = sandbox.root();
    }

    /**
     * Starts the host side of a process: opens (and creates) its sandbox; fds 0, 1, 2 are
     * {@code streams}; the cwd is the sandbox root.
     *
     * @throws IOException when the sandbox directory cannot be created or opened
     */
    public static HostProcess start(HostProcessConfig config, ClientStreams streams) throws IOException {
        GuestAbi abi = GuestAbi.ofHost();
        return new HostProcess(config, abi, Sandbox.open(config.sandbox(), abi), streams);
    }

    /** The host directory that is this process's "/". */
    public java.nio.file.Path sandboxPath() {
        return sandbox.hostPath();
    }

    /** Number of open guest fds (0, 1, 2 included while open). */
    public int openFdCount() {
        return fds.openCount();
    }

    /**
     * The program's path as the guest sees it (the front-end sets it to the path it loaded the
     * binary from, inside the sandbox): what readlinkat of {@code /proc/self/exe} answers. Without
     * one that lookup stays in the sandbox like every other path (-ENOENT): a guest never sees the
     * host's /proc.
     */
    public void setExePath(String guestPath) {
        this.exePath = guestPath == null ? null : guestPath.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The size of the guest fd table (RLIMIT_NOFILE). */
    public int maxFds() {
        return fds.maxFds();
    }

    // ---------------------------------------------------------------- paths

    /** openat(2). */
    public long openat(int dirfd, byte[] rawPath, int flags, int mode) {
        byte[] path = pathOrNull(rawPath);
        if (path == null) {
            return pathErrno(rawPath);
        }
        // build_open_how(): openat drops unknown flags and a mode without O_CREAT/O_TMPFILE, which openat2 would refuse
        int f = flags & GuestAbi.VALID_OPEN_FLAGS;
        int m = mode & 07777;
        if ((f & GuestAbi.O_PATH) != 0) {
            f &= GuestAbi.O_PATH_FLAGS;
        }
        if ((f & (GuestAbi.O_CREAT | GuestAbi.O_TMPFILE_BIT)) == 0) {
            m = 0;
        }
        boolean cloexec = (f & GuestAbi.O_CLOEXEC) != 0;
        int fd = fds.reserve(0);
        if (fd < 0) {
            return fd;
        }
        int hostFlags = abi.openFlagsToHost(f | GuestAbi.O_CLOEXEC);
        int hostMode = m & ~umask;
        long host = path.length == 0 ? -ENOENT : withStart(dirfd, path,
                start -> sandbox.open(start, path, hostFlags, hostMode));
        if (host < 0) {
            fds.unreserve(fd);
            return host;
        }
        fds.install(fd, new OpenFile.HostFile((int) host), cloexec);
        return fd;
    }

    /** mkdirat(2). */
    public long mkdirat(int dirfd, byte[] rawPath, int mode) {
        return atParent(dirfd, rawPath, (parent, last, a) -> Libc.mkdirat(parent, Sandbox.cString(a, last), mode & ~umask));
    }

    /** unlinkat(2), with or without AT_REMOVEDIR. */
    public long unlinkat(int dirfd, byte[] rawPath, int flags) {
        if ((flags & ~GuestAbi.AT_REMOVEDIR) != 0) {
            return -EINVAL;
        }
        return atParent(dirfd, rawPath, (parent, last, a) -> Libc.unlinkat(parent, Sandbox.cString(a, last), flags));
    }

    /** symlinkat(2): the target is stored verbatim; it is resolved inside the sandbox when followed. */
    public long symlinkat(byte[] rawTarget, int newdirfd, byte[] rawLinkpath) {
        byte[] target = pathOrNull(rawTarget);
        if (target == null) {
            return pathErrno(rawTarget);
        }
        if (target.length == 0) {
            return -ENOENT;
        }
        return atParent(newdirfd, rawLinkpath,
                (parent, last, a) -> Libc.symlinkat(Sandbox.cString(a, target), parent, Sandbox.cString(a, last)));
    }

    /** renameat2(2), flags RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT. */
    public long renameat2(int olddirfd, byte[] rawOld, int newdirfd, byte[] rawNew, int flags) {
        if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) != 0
                || ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) != 0 && (flags & RENAME_EXCHANGE) != 0)) {
            return -EINVAL;
        }
        byte[] newPath = pathOrNull(rawNew);
        byte[] oldPath = pathOrNull(rawOld);
        if (oldPath == null) {
            return pathErrno(rawOld);
        }
        if (newPath == null) {
            return pathErrno(rawNew);
        }
        if (oldPath.length == 0 || newPath.length == 0) {
            return -ENOENT;
        }
        return atParent(olddirfd, rawOld, (oldParent, oldLast, a) ->
            withStart(newdirfd, newPath, start -> {
                long newParent = sandbox.openParent(start, newPath);
                if (newParent < 0) {
                    return newParent;
                }
                try {
                    return Libc.renameat2(oldParent, Sandbox.cString(a, oldLast), (int) newParent,
                            Sandbox.cString(a, Sandbox.lastOf(newPath)), flags);
                } finally {
                    Libc.close((int) newParent);
                }
            }));
    }

    /** readlinkat(2): the bytes of the link (not NUL-terminated, truncated to bufsiz), their count as value. */
    public SyscallResult readlinkat(int dirfd, byte[] rawPath, int bufsiz) {
        if (bufsiz <= 0) {
            return SyscallResult.error(EINVAL);
        }
        byte[] path = pathOrNull(rawPath);
        if (path == null) {
            return SyscallResult.error((int) -pathErrno(rawPath));
        }
        byte[] exe = exePath;
        if (exe != null && Arrays.equals(path, PROC_SELF_EXE)) {
            return new SyscallResult(Math.min(bufsiz, exe.length), Arrays.copyOf(exe, Math.min(bufsiz, exe.length)));
        }
        if (path.length == 0) {
            // LOOKUP_EMPTY: the link dirfd itself refers to (an O_PATH|O_NOFOLLOW fd of a symlink)
            if (dirfd == GuestAbi.AT_FDCWD) {
                return SyscallResult.error(ENOENT);
            }
            return onFd(dirfd, BADF, s -> SyscallResult.error(ENOENT), h -> readLink(h, bufsiz, true));
        }
        byte[][] out = new byte[1][];
        long r = withStart(dirfd, path, start -> {
            long fd = sandbox.open(start, path, abi.openFlagsToHost(GuestAbi.O_PATH | GuestAbi.O_NOFOLLOW | GuestAbi.O_CLOEXEC), 0);
            if (fd < 0) {
                return fd;
            }
            try {
                SyscallResult link = readLink((int) fd, bufsiz, false);
                out[0] = link.output();
                return link.value();
            } finally {
                Libc.close((int) fd);
            }
        });
        return new SyscallResult(r, r >= 0 ? out[0] : EMPTY);
    }

    private SyscallResult readLink(int hostFd, int bufsiz, boolean emptyName) {
        byte[] st = hostStat(hostFd);
        if (st == null || (GuestAbi.guestStatMode(st) & GuestAbi.S_IFMT) != GuestAbi.S_IFLNK) {
            return SyscallResult.error(emptyName ? ENOENT : EINVAL);
        }
        try (Arena a = Arena.ofConfined()) {
            int size = Math.min(bufsiz, BufferArg.PATH_MAX);
            MemorySegment buf = a.allocate(size);
            long n = Libc.readlinkat(hostFd, Sandbox.cString(a, EMPTY), buf, size);
            return n < 0 ? SyscallResult.of(n) : new SyscallResult(n, buf.asSlice(0, n).toArray(JAVA_BYTE));
        }
    }

    /** newfstatat(2): a 128-byte guest struct stat. Flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_NO_AUTOMOUNT. */
    public SyscallResult newfstatat(int dirfd, byte[] rawPath, int flags) {
        if ((flags & ~(GuestAbi.AT_SYMLINK_NOFOLLOW | GuestAbi.AT_NO_AUTOMOUNT | GuestAbi.AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) != 0) {
            return SyscallResult.error(EINVAL);
        }
        byte[] path = pathOrNull(rawPath);
        if (path == null) {
            return SyscallResult.error((int) -pathErrno(rawPath));
        }
        if (path.length == 0) {
            if ((flags & GuestAbi.AT_EMPTY_PATH) == 0) {
                return SyscallResult.error(ENOENT);
            }
            if (dirfd == GuestAbi.AT_FDCWD) {
                OpenFile.HostFile dir = currentCwd();
                try {
                    return statResult(hostStat(dir.hostFd()));
                } finally {
                    dir.release();
                }
            }
            return fstat(dirfd);
        }
        int openFlags = GuestAbi.O_PATH | GuestAbi.O_CLOEXEC
                | ((flags & GuestAbi.AT_SYMLINK_NOFOLLOW) != 0 ? GuestAbi.O_NOFOLLOW : 0);
        byte[][] out = new byte[1][];
        long r = withStart(dirfd, path, start -> {
            long fd = sandbox.open(start, path, abi.openFlagsToHost(openFlags), 0);
            if (fd < 0) {
                return fd;
            }
            try {
                out[0] = hostStat((int) fd);
                return out[0] == null ? -EBADF : 0;
            } finally {
                Libc.close((int) fd);
            }
        });
        return r < 0 ? SyscallResult.of(r) : new SyscallResult(0, out[0]);
    }

    /** chdir(2). */
    public long chdir(byte[] rawPath) {
        byte[] path = pathOrNull(rawPath);
        if (path == null) {
            return pathErrno(rawPath);
        }
        if (path.length == 0) {
            return -ENOENT;
        }
        long fd = withStart(GuestAbi.AT_FDCWD, path, start -> sandbox.open(start, path,
                abi.openFlagsToHost(GuestAbi.O_PATH | GuestAbi.O_DIRECTORY | GuestAbi.O_CLOEXEC), 0));
        if (fd < 0) {
            return fd;
        }
        OpenFile.HostFile old;
        synchronized (this) {
            old = cwd;
            cwd = new OpenFile.HostFile((int) fd);
        }
        old.release();
        return 0;
    }

    /** getcwd(2): the cwd as a path from the sandbox root ("/", "/a/b") with its NUL; the value is its length. */
    public SyscallResult getcwd(long size) {
        OpenFile.HostFile dir = currentCwd();
        try {
            long[] err = new long[1];
            byte[] path = sandbox.guestPathOf(dir.hostFd(), err);
            if (path == null) {
                return SyscallResult.of(err[0] == -ENOTDIR ? -ENOENT : err[0]);
            }
            long len = path.length + 1L;
            if (Long.compareUnsigned(len, size) > 0) {
                return SyscallResult.error(Errno.ERANGE);
            }
            return new SyscallResult(len, Arrays.copyOf(path, path.length + 1));
        } finally {
            dir.release();
        }
    }

    // ---------------------------------------------------------------- fds

    /** close(2). The guest fd is freed even when the host close reports an error, as on Linux. */
    public long close(int fd) {
        OpenFile f = fds.remove(fd);
        return f == null ? -EBADF : f.release();
    }

    /** read(2); {@code count} is the guest's size_t (negative: larger than any user buffer, -EFAULT). */
    public SyscallResult read(int fd, long count) {
        return onFd(fd, BADF, s -> {
            if (s.stream() != ClientStreams.STDIN) {
                return SyscallResult.error(EBADF);
            }
            if (count < 0) {
                return SyscallResult.error(EFAULT);
            }
            byte[] buf = new byte[(int) Math.min(count, config.maxTransfer())];
            long n = buf.length == 0 ? 0 : streams.read(buf);
            return n <= 0 ? SyscallResult.of(n) : new SyscallResult(n, Arrays.copyOf(buf, (int) n));
        }, h -> count < 0 ? SyscallResult.error(EFAULT)
                : intoBuffer(count, (buf, n) -> Libc.read(h, buf, n)));
    }

    /** write(2) of all of {@code data}. */
    public long write(int fd, byte[] data) {
        return onFd(fd, (long) -EBADF, s -> s.stream() == ClientStreams.STDIN ? -EBADF : streams.write(s.stream(), data),
                h -> fromBuffer(data, (buf, n) -> Libc.write(h, buf, n)));
    }

    /** pread64(2). */
    public SyscallResult pread64(int fd, long count, long offset) {
        if (offset < 0) {
            return SyscallResult.error(EINVAL);
        }
        return onFd(fd, BADF, s -> SyscallResult.error(ESPIPE), h -> count < 0 ? SyscallResult.error(EFAULT)
                : intoBuffer(count, (buf, n) -> Libc.pread64(h, buf, n, offset)));
    }

    /** pwrite64(2). */
    public long pwrite64(int fd, byte[] data, long offset) {
        if (offset < 0) {
            return -EINVAL;
        }
        return onFd(fd, (long) -EBADF, s -> (long) -ESPIPE, h -> fromBuffer(data, (buf, n) -> Libc.pwrite64(h, buf, n, offset)));
    }

    /**
     * readv(2) into iovecs of the given lengths (the guest's size_t values); the output is the
     * bytes read, in iovec order, for the caller to scatter.
     */
    public SyscallResult readv(int fd, long[] iovLengths) {
        return onFd(fd, BADF, s -> {
            if (s.stream() != ClientStreams.STDIN) {
                return SyscallResult.error(EBADF);
            }
            long total = iovecTotal(iovLengths);
            return total < 0 ? SyscallResult.of(total) : read(fd, total);
        }, h -> {
            if (iovLengths.length > IOV_MAX) {
                return SyscallResult.error(EINVAL);
            }
            try (Arena a = Arena.ofConfined()) {
                boolean valid = iovecTotal(iovLengths) >= 0;
                long budget = config.maxTransfer();
                MemorySegment iov = a.allocate(JAVA_LONG, Math.max(2, 2L * iovLengths.length));
                MemorySegment[] bufs = new MemorySegment[iovLengths.length];
                for (int i = 0; i < iovLengths.length; i++) {
                    // an invalid vector is rejected by the kernel before any I/O: pass the lengths, no memory behind them
                    long len = valid ? Math.min(iovLengths[i], budget) : iovLengths[i];
                    bufs[i] = valid ? a.allocate(Math.max(1, len)) : MemorySegment.NULL;
                    budget -= valid ? len : 0;
                    iov.setAtIndex(JAVA_LONG, 2L * i, bufs[i].address());
                    iov.setAtIndex(JAVA_LONG, 2L * i + 1, len);
                }
                long n = Libc.readv(h, iov, iovLengths.length);
                if (n <= 0) {
                    return SyscallResult.of(n);
                }
                byte[] out = new byte[(int) n];
                int at = 0;
                for (int i = 0; i < bufs.length && at < n; i++) {
                    int chunk = (int) Math.min(n - at, iov.getAtIndex(JAVA_LONG, 2L * i + 1));
                    MemorySegment.copy(bufs[i], JAVA_BYTE, 0, out, at, chunk);
                    at += chunk;
                }
                return new SyscallResult(n, out);
            }
        });
    }

    /** writev(2) of the given iovec contents. */
    public long writev(int fd, byte[][] iovecs) {
        return onFd(fd, (long) -EBADF, s -> {
            if (iovecs.length > IOV_MAX) {
                return (long) -EINVAL;
            }
            return write(fd, concat(iovecs));
        }, h -> {
            if (iovecs.length > IOV_MAX) {
                return (long) -EINVAL;
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment iov = a.allocate(JAVA_LONG, Math.max(2, 2L * iovecs.length));
                for (int i = 0; i < iovecs.length; i++) {
                    MemorySegment b = a.allocate(Math.max(1, iovecs[i].length));
                    MemorySegment.copy(iovecs[i], 0, b, JAVA_BYTE, 0, iovecs[i].length);
                    iov.setAtIndex(JAVA_LONG, 2L * i, b.address());
                    iov.setAtIndex(JAVA_LONG, 2L * i + 1, iovecs[i].length);
                }
                return Libc.writev(h, iov, iovecs.length);
            }
        });
    }

    /** lseek(2). */
    public long lseek(int fd, long offset, int whence) {
        return onFd(fd, (long) -EBADF, s -> (long) -ESPIPE, h -> Libc.lseek(h, offset, whence));
    }

    /** fstat(2): a 128-byte guest struct stat. Client streams look like FIFOs. */
    public SyscallResult fstat(int fd) {
        return onFd(fd, BADF, s -> new SyscallResult(0, GuestAbi.streamStat()), h -> statResult(hostStat(h)));
    }

    /** getdents64(2); {@code count} is the guest's unsigned int. The dirent64 layout is the same on every ABI. */
    public SyscallResult getdents64(int fd, long count) {
        long c = count & 0xffff_ffffL;
        return onFd(fd, BADF, s -> SyscallResult.error(ENOTDIR), h -> intoBuffer(c, (buf, n) -> Libc.getdents64(h, buf, n)));
    }

    /** ftruncate(2). */
    public long ftruncate(int fd, long length) {
        return onFd(fd, (long) -EBADF, s -> (long) -EINVAL, h -> Libc.ftruncate(h, length));
    }

    /** fsync(2). */
    public long fsync(int fd) {
        return onFd(fd, (long) -EBADF, s -> (long) -EINVAL, h -> Libc.fsync(h));
    }

    /** flock(2). A blocking LOCK_EX blocks only the calling thread. */
    public long flock(int fd, int operation) {
        return onFd(fd, (long) -EBADF, s -> {
            int op = operation & ~GuestAbi.LOCK_NB;
            return op == GuestAbi.LOCK_SH || op == GuestAbi.LOCK_EX || op == GuestAbi.LOCK_UN ? 0L : -EINVAL;
        }, h -> Libc.flock(h, operation));
    }

    /** fcntl(2) with F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL; other commands -EINVAL. */
    public long fcntl(int fd, int cmd, long arg) {
        OpenFile f = fds.acquire(fd);
        if (f == null) {
            return -EBADF;
        }
        try {
            return switch (cmd) {
                case GuestAbi.F_DUPFD, GuestAbi.F_DUPFD_CLOEXEC -> {
                    if (arg < 0 || arg >= fds.maxFds()) {
                        yield -EINVAL;
                    }
                    yield install(f, (int) arg, cmd == GuestAbi.F_DUPFD_CLOEXEC);
                }
                case GuestAbi.F_GETFD -> fds.closeOnExec(fd);
                case GuestAbi.F_SETFD -> fds.setCloseOnExec(fd, (arg & GuestAbi.FD_CLOEXEC) != 0);
                case GuestAbi.F_GETFL -> f instanceof OpenFile.HostFile h
                        ? guestFlags(Libc.fcntl(h.hostFd(), GuestAbi.F_GETFL, 0))
                        : ((OpenFile.Stream) f).stream() == ClientStreams.STDIN ? 0 : GuestAbi.O_WRONLY;
                case GuestAbi.F_SETFL -> f instanceof OpenFile.HostFile h
                        ? Libc.fcntl(h.hostFd(), GuestAbi.F_SETFL, abi.openFlagsToHost((int) arg))
                        : 0;
                default -> -EINVAL;
            };
        } finally {
            f.release();
        }
    }

    /** dup(2). */
    public long dup(int oldfd) {
        OpenFile f = fds.acquire(oldfd);
        if (f == null) {
            return -EBADF;
        }
        try {
            return install(f, 0, false);
        } finally {
            f.release();
        }
    }

    /** dup3(2): flags 0 or O_CLOEXEC. */
    public long dup3(int oldfd, int newfd, int flags) {
        if ((flags & ~GuestAbi.O_CLOEXEC) != 0 || oldfd == newfd) {
            return -EINVAL;
        }
        if (newfd < 0 || newfd >= fds.maxFds()) {
            return -EBADF;
        }
        OpenFile f = fds.acquire(oldfd);
        if (f == null) {
            return -EBADF;
        }
        OpenFile old;
        try {
            old = fds.replace(newfd, f, (flags & GuestAbi.O_CLOEXEC) != 0);
        } catch (FdTable.BusyException e) {
            f.release();
            return -Errno.EBUSY;
        }
        // the table keeps the reference taken by acquire; close the file that was at newfd silently, as dup3 does
        if (old != null) {
            old.release();
        }
        return newfd;
    }

    /** pipe2(2): the output is the two guest fds, read end first, as two little-endian ints. */
    public SyscallResult pipe2(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pair = a.allocate(JAVA_INT, 2);
            long r = Libc.pipe2(pair, abi.openFlagsToHost(flags | GuestAbi.O_CLOEXEC));
            if (r < 0) {
                return SyscallResult.of(r);
            }
            OpenFile.HostFile rd = new OpenFile.HostFile(pair.getAtIndex(JAVA_INT, 0));
            OpenFile.HostFile wr = new OpenFile.HostFile(pair.getAtIndex(JAVA_INT, 1));
            boolean cloexec = (flags & GuestAbi.O_CLOEXEC) != 0;
            int r0 = fds.reserve(0);
            int r1 = r0 < 0 ? r0 : fds.reserve(0);
            if (r1 < 0) {
                if (r0 >= 0) {
                    fds.unreserve(r0);
                }
                rd.release();
                wr.release();
                return SyscallResult.of(r1);
            }
            fds.install(r0, rd, cloexec);
            fds.install(r1, wr, cloexec);
            byte[] out = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(r0).putInt(r1).array();
            return new SyscallResult(0, out);
        }
    }

    /** Closes every fd, the cwd and the sandbox root: what exit_group does to the process's files. */
    @Override
    public void close() {
        OpenFile.HostFile dir;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            dir = cwd;
        }
        fds.removeAll().forEach(OpenFile::release);
        dir.release();
        sandbox.close();
    }

    // ---------------------------------------------------------------- issue 12: the calls programs make beyond the corpus

    private static final int AT_EACCESS = 0x200;
    private static final int STATX_RESERVED = 0x80000000;
    private static final int STATX_SIZE = 256;
    private static final int STATFS_SIZE = 120;
    private static final int FLOCK_SIZE = 32;
    private static final int EFD_SEMAPHORE = 1;
    private static final int F_GETLK = 5;
    private static final int F_OFD_GETLK = 36;
    private static final short F_UNLCK = 2;
    private static final long TCGETS = 0x5401;
    private static final long TIOCGWINSZ = 0x5413;
    private static final long FIONCLEX = 0x5450;
    private static final long FIOCLEX = 0x5451;

    /** umask(2): the process's own mask, applied to the modes of openat and mkdirat (the host's applies too). */
    public synchronized long umask(int mask) {
        int old = umask;
        umask = mask & 0777;
        return old;
    }

    /** fchdir(2): the cwd becomes the directory {@code fd} refers to. */
    public long fchdir(int fd) {
        OpenFile f = fds.acquire(fd);
        if (f == null) {
            return -EBADF;
        }
        byte[] st = f instanceof OpenFile.HostFile h ? hostStat(h.hostFd()) : null;
        if (st == null || (GuestAbi.guestStatMode(st) & GuestAbi.S_IFMT) != GuestAbi.S_IFDIR) {
            f.release();
            return -ENOTDIR;
        }
        OpenFile.HostFile old;
        synchronized (this) {
            old = cwd;
            cwd = (OpenFile.HostFile) f; // the reference acquire took is the cwd's now
        }
        old.release();
        return 0;
    }

    /** fdatasync(2). */
    public long fdatasync(int fd) {
        return onFd(fd, (long) -EBADF, s -> (long) -EINVAL, h -> Libc.fdatasync(h));
    }

    /** faccessat(2) ({@code flags} 0) and faccessat2(2): AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
    public long faccessat(int dirfd, byte[] rawPath, int mode, int flags) {
        if ((mode & ~7) != 0 || (flags & ~(AT_EACCESS | GuestAbi.AT_SYMLINK_NOFOLLOW | GuestAbi.AT_EMPTY_PATH)) != 0) {
            return -EINVAL;
        }
        return withTarget(dirfd, rawPath, flags, (fd, a) ->
                Libc.faccessat2(fd, Sandbox.cString(a, EMPTY), mode, GuestAbi.AT_EMPTY_PATH | (flags & AT_EACCESS)));
    }

    /** fchmod(2). A client stream (a pipe to the client) accepts it, as a pipe does. */
    public long fchmod(int fd, int mode) {
        return onFd(fd, (long) -EBADF, s -> 0L, h -> Libc.fchmod(h, mode));
    }

    /** fchmodat(2) (riscv64's takes no flags): the file the path names, symlinks followed inside the sandbox. */
    public long fchmodat(int dirfd, byte[] rawPath, int mode) {
        return withTarget(dirfd, rawPath, 0, (fd, a) -> Libc.fchmodat(Libc.AT_FDCWD, procFd(a, fd), mode, 0));
    }

    /**
     * utimensat(2): {@code times} is two guest timespecs (the same layout as the host's) or null
     * (now); a null path ({@code pathPointer} 0) acts on {@code dirfd} itself, as futimens.
     */
    public long utimensat(int dirfd, long pathPointer, byte[] rawPath, byte[] times, int flags) {
        if ((flags & ~(GuestAbi.AT_SYMLINK_NOFOLLOW | GuestAbi.AT_EMPTY_PATH)) != 0) {
            return -EINVAL;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = times == null ? MemorySegment.NULL : a.allocate(times.length);
            if (times != null) {
                MemorySegment.copy(times, 0, t, JAVA_BYTE, 0, times.length);
            }
            if (pathPointer == 0) {
                if (dirfd == GuestAbi.AT_FDCWD) {
                    return -EFAULT;
                }
                return flags != 0 ? -EINVAL
                        : onFd(dirfd, (long) -EBADF, s -> 0L, h -> Libc.futimens(h, t));
            }
            return withTarget(dirfd, rawPath, flags, (fd, b) -> Libc.utimensat(Libc.AT_FDCWD, procFd(b, fd), t, 0));
        }
    }

    /** statx(2): the 256-byte {@code struct statx}, which every architecture shares. */
    public SyscallResult statx(int dirfd, byte[] rawPath, int flags, int mask) {
        if ((flags & ~(GuestAbi.AT_SYMLINK_NOFOLLOW | GuestAbi.AT_NO_AUTOMOUNT | GuestAbi.AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) != 0
                || (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX_RESERVED) != 0) {
            return SyscallResult.error(EINVAL);
        }
        byte[][] out = new byte[1][];
        long r = withTarget(dirfd, rawPath, flags, (fd, a) -> {
            MemorySegment buf = a.allocate(STATX_SIZE);
            long n = Libc.statx(fd, Sandbox.cString(a, EMPTY), GuestAbi.AT_EMPTY_PATH | (flags & AT_STATX_SYNC_TYPE), mask, buf);
            out[0] = buf.toArray(JAVA_BYTE);
            return n;
        });
        return r < 0 ? SyscallResult.of(r) : new SyscallResult(0, out[0]);
    }

    /** statfs(2): the 120-byte {@code struct statfs} (x86_64's and the generic 64-bit one agree). */
    public SyscallResult statfs(byte[] rawPath) {
        byte[][] out = new byte[1][];
        long r = withTarget(GuestAbi.AT_FDCWD, rawPath, 0, (fd, a) -> {
            MemorySegment buf = a.allocate(STATFS_SIZE);
            long n = Libc.fstatfs(fd, buf);
            out[0] = buf.toArray(JAVA_BYTE);
            return n;
        });
        return r < 0 ? SyscallResult.of(r) : new SyscallResult(0, out[0]);
    }

    /** fstatfs(2). */
    public SyscallResult fstatfs(int fd) {
        return onFd(fd, BADF, s -> SyscallResult.error(EINVAL), h -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(STATFS_SIZE);
                long n = Libc.fstatfs(h, buf);
                return n < 0 ? SyscallResult.of(n) : new SyscallResult(0, buf.toArray(JAVA_BYTE));
            }
        });
    }

    /** eventfd2(2): flags EFD_SEMAPHORE, EFD_NONBLOCK (O_NONBLOCK), EFD_CLOEXEC (O_CLOEXEC). */
    public long eventfd2(int initval, int flags) {
        if ((flags & ~(EFD_SEMAPHORE | GuestAbi.O_NONBLOCK | GuestAbi.O_CLOEXEC)) != 0) {
            return -EINVAL;
        }
        int fd = fds.reserve(0);
        if (fd < 0) {
            return fd;
        }
        long host = Libc.eventfd(initval, abi.openFlagsToHost(flags | GuestAbi.O_CLOEXEC));
        if (host < 0) {
            fds.unreserve(fd);
            return host;
        }
        fds.install(fd, new OpenFile.HostFile((int) host), (flags & GuestAbi.O_CLOEXEC) != 0);
        return fd;
    }

    /**
     * fcntl record locks: F_GETLK, F_SETLK, F_SETLKW and the OFD variants, with the guest's
     * 32-byte {@code struct flock} (l_type, l_whence: shorts; l_start, l_len: off_t; l_pid: int),
     * which x86_64 and aarch64 lay out the same way. F_SETLKW blocks only the calling thread.
     * Classic (non-OFD) locks belong to the host process, the home's JVM: they conflict with other
     * programs on the host but not between two guest processes homed on one node.
     */
    public SyscallResult fcntlLock(int fd, int cmd, byte[] flock) {
        if (flock == null) {
            return SyscallResult.error(EFAULT);
        }
        return onFd(fd, BADF, s -> {
            if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
                byte[] out = flock.clone();
                out[0] = (byte) F_UNLCK;
                out[1] = 0;
                return new SyscallResult(0, out);
            }
            return SyscallResult.of(0);
        }, h -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(FLOCK_SIZE);
                MemorySegment.copy(flock, 0, buf, JAVA_BYTE, 0, FLOCK_SIZE);
                long r = Libc.fcntl(h, cmd, buf.address());
                return r < 0 ? SyscallResult.of(r) : new SyscallResult(r, buf.toArray(JAVA_BYTE));
            }
        });
    }

    /**
     * ioctl(2) of the calls programs make on their streams: TCGETS and TIOCGWINSZ answer -ENOTTY
     * unless the client's stream is a terminal ({@link ClientStreams#isTerminal}); then a cooked
     * 8-bit termios and the window size the client reports. FIOCLEX and FIONCLEX set the guest
     * close-on-exec flag of any fd. Anything else on a stream or a file is -ENOTTY, as for a
     * regular file or a pipe.
     *
     * @param mem where the structures at {@code arg} are written (the home's view of guest memory)
     */
    public long ioctl(int fd, long request, long arg, GuestAccess mem) {
        long r = onFd(fd, (long) -EBADF, s -> {
            if (!streams.isTerminal(s.stream())) {
                return request == FIOCLEX || request == FIONCLEX ? 0L : (long) -Errno.ENOTTY;
            }
            if (request == TCGETS) {
                return mem.write(arg, GuestAbi.defaultTermios()) ? 0L : (long) -EFAULT;
            }
            if (request == TIOCGWINSZ) {
                int[] size = streams.windowSize(s.stream());
                byte[] ws = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                        .putShort((short) size[0]).putShort((short) size[1]).putInt(0).array();
                return mem.write(arg, ws) ? 0L : (long) -EFAULT;
            }
            return request == FIOCLEX || request == FIONCLEX ? 0L : (long) -Errno.ENOTTY;
        }, h -> request == FIOCLEX || request == FIONCLEX ? 0L : (long) -Errno.ENOTTY);
        if (r == 0 && (request == FIOCLEX || request == FIONCLEX)) {
            return fds.setCloseOnExec(fd, request == FIOCLEX);
        }
        return r;
    }

    /**
     * ppoll(2) over guest {@code struct pollfd}s (int fd, short events, short revents; the same
     * everywhere): host files are polled by the host; a client stream is always ready for what it
     * does (stdin readable, stdout and stderr writable); an fd not open gets POLLNVAL, a negative
     * one is skipped. The output is the array with revents filled in; the value the count of fds
     * with events. The remaining time is not written back (glibc's ppoll passes a copy).
     *
     * @param timeout a guest timespec, or null to wait without a limit
     */
    public SyscallResult ppoll(byte[] pollfds, long nfds, byte[] timeout) {
        if (nfds < 0 || nfds > fds.maxFds()) {
            return SyscallResult.error(EINVAL);
        }
        int n = (int) nfds;
        if (pollfds == null || pollfds.length < 8 * n) {
            return SyscallResult.error(EFAULT);
        }
        ByteBuffer in = ByteBuffer.wrap(pollfds).order(ByteOrder.LITTLE_ENDIAN);
        OpenFile[] held = new OpenFile[n];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(8L * Math.max(1, n));
            short[] revents = new short[n];
            boolean ready = false;
            for (int i = 0; i < n; i++) {
                int fd = in.getInt(8 * i);
                short events = in.getShort(8 * i + 4);
                host.set(JAVA_INT, 8L * i, -1);
                host.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 8L * i + 4, events);
                if (fd < 0) {
                    continue;
                }
                held[i] = fds.acquire(fd);
                if (held[i] == null) {
                    revents[i] = POLLNVAL;
                } else if (held[i] instanceof OpenFile.HostFile h) {
                    host.set(JAVA_INT, 8L * i, h.hostFd());
                } else {
                    boolean input = ((OpenFile.Stream) held[i]).stream() == ClientStreams.STDIN;
                    revents[i] = (short) (events & (input ? POLLIN | POLLRDNORM : POLLOUT | POLLWRNORM));
                }
                ready |= revents[i] != 0;
            }
            MemorySegment ts = MemorySegment.NULL;
            if (timeout != null || ready) {
                ts = a.allocate(16);
                if (!ready) {
                    MemorySegment.copy(timeout, 0, ts, JAVA_BYTE, 0, 16);
                }
            }
            long r = Libc.ppoll(host, n, ts);
            if (r < 0) {
                return SyscallResult.of(r);
            }
            byte[] out = pollfds.clone();
            ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            int count = 0;
            for (int i = 0; i < n; i++) {
                short re = revents[i];
                if (held[i] instanceof OpenFile.HostFile) {
                    re = host.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 8L * i + 6);
                }
                o.putShort(8 * i + 6, re);
                count += re != 0 ? 1 : 0;
            }
            return new SyscallResult(count, out);
        } finally {
            for (OpenFile f : held) {
                if (f != null) {
                    f.release();
                }
            }
        }
    }

    /**
     * pselect6(2) over the guest's fd_sets (bit n of the little-endian longs for fd n; null for a
     * set not given), through {@link #ppoll}: readable is POLLIN, POLLHUP or POLLERR; writable
     * POLLOUT or POLLERR; exceptional POLLPRI. An fd in a set that is not open is -EBADF. The
     * outputs are the three sets with only the ready fds left (empty arrays for those not given);
     * the value the number of bits set.
     */
    public SyscallResult pselect6(long nfds, byte[] read, byte[] write, byte[] except, byte[] timeout) {
        if (nfds < 0 || nfds > Integer.MAX_VALUE) {
            return SyscallResult.error(EINVAL);
        }
        int n = (int) Math.min(nfds, fds.maxFds());
        byte[][] sets = {read, write, except};
        short[] asked = {POLLIN, POLLOUT, POLLPRI};
        java.util.List<Integer> polled = new java.util.ArrayList<>();
        ByteBuffer pollfds = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int fd = 0; fd < n; fd++) {
            short events = 0;
            for (int k = 0; k < 3; k++) {
                if (isSet(sets[k], fd)) {
                    events |= asked[k];
                }
            }
            if (events != 0) {
                pollfds.putInt(fd).putShort(events).putShort((short) 0);
                polled.add(fd);
            }
        }
        byte[] array = java.util.Arrays.copyOf(pollfds.array(), pollfds.position());
        SyscallResult r = ppoll(array, polled.size(), timeout);
        if (r.isError()) {
            return r;
        }
        byte[][] out = new byte[3][];
        for (int k = 0; k < 3; k++) {
            out[k] = sets[k] == null ? EMPTY : new byte[sets[k].length];
        }
        ByteBuffer res = ByteBuffer.wrap(r.output()).order(ByteOrder.LITTLE_ENDIAN);
        int count = 0;
        for (int i = 0; i < polled.size(); i++) {
            int fd = polled.get(i);
            short events = res.getShort(8 * i + 4);
            short re = res.getShort(8 * i + 6);
            if ((re & POLLNVAL) != 0) {
                return SyscallResult.error(EBADF);
            }
            boolean[] ready = {(events & POLLIN) != 0 && (re & (POLLIN | POLLHUP | POLLERR)) != 0,
                    (events & POLLOUT) != 0 && (re & (POLLOUT | POLLERR)) != 0,
                    (events & POLLPRI) != 0 && (re & POLLPRI) != 0};
            for (int k = 0; k < 3; k++) {
                if (ready[k]) {
                    out[k][fd / 8] |= (byte) (1 << (fd % 8));
                    count++;
                }
            }
        }
        return new SyscallResult(count, out[0], java.util.List.of(out[1], out[2]));
    }

    private static boolean isSet(byte[] set, int fd) {
        return set != null && fd / 8 < set.length && (set[fd / 8] & (1 << (fd % 8))) != 0;
    }

    private static final short POLLPRI = 0x2;
    private static final short POLLERR = 0x8;
    private static final short POLLHUP = 0x10;
    private static final short POLLIN = 0x1;
    private static final short POLLOUT = 0x4;
    private static final short POLLNVAL = 0x20;
    private static final short POLLRDNORM = 0x40;
    private static final short POLLWRNORM = 0x100;

    @FunctionalInterface
    private interface TargetCall {
        long apply(int hostFd, Arena arena);
    }

    /**
     * Runs {@code call} on a host O_PATH fd of what ({@code dirfd}, {@code rawPath}) names inside the
     * sandbox: symlinks followed unless AT_SYMLINK_NOFOLLOW; an empty path means {@code dirfd}
     * itself with AT_EMPTY_PATH (else -ENOENT).
     */
    private long withTarget(int dirfd, byte[] rawPath, int atFlags, TargetCall call) {
        byte[] path = pathOrNull(rawPath);
        if (path == null) {
            return pathErrno(rawPath);
        }
        if (path.length == 0) {
            if ((atFlags & GuestAbi.AT_EMPTY_PATH) == 0) {
                return -ENOENT;
            }
            if (dirfd == GuestAbi.AT_FDCWD) {
                OpenFile.HostFile dir = currentCwd();
                try (Arena a = Arena.ofConfined()) {
                    return call.apply(dir.hostFd(), a);
                } finally {
                    dir.release();
                }
            }
            return onFd(dirfd, (long) -EBADF, s -> (long) -EBADF, h -> {
                try (Arena a = Arena.ofConfined()) {
                    return call.apply(h, a);
                }
            });
        }
        int openFlags = GuestAbi.O_PATH | GuestAbi.O_CLOEXEC
                | ((atFlags & GuestAbi.AT_SYMLINK_NOFOLLOW) != 0 ? GuestAbi.O_NOFOLLOW : 0);
        return withStart(dirfd, path, start -> {
            long fd = sandbox.open(start, path, abi.openFlagsToHost(openFlags), 0);
            if (fd < 0) {
                return fd;
            }
            try (Arena a = Arena.ofConfined()) {
                return call.apply((int) fd, a);
            } finally {
                Libc.close((int) fd);
            }
        });
    }

    /** "/proc/self/fd/N": the host's handle on an O_PATH fd for calls that take a path only. */
    private static MemorySegment procFd(Arena a, int hostFd) {
        return Sandbox.cString(a, ("/proc/self/fd/" + hostFd).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    private interface AtCall {
        long apply(int parentFd, byte[] last, Arena arena);
    }

    @FunctionalInterface
    private interface StartCall {
        long apply(byte[] startPath);
    }

    @FunctionalInterface
    private interface BufferCall {
        long apply(MemorySegment buf, long count);
    }

    /** Resolves the parent of {@code rawPath} in the sandbox and runs {@code call} on its last component. */
    private long atParent(int dirfd, byte[] rawPath, AtCall call) {
        byte[] path = pathOrNull(rawPath);
        if (path == null) {
            return pathErrno(rawPath);
        }
        if (path.length == 0) {
            return -ENOENT;
        }
        return withStart(dirfd, path, start -> {
            long parent = sandbox.openParent(start, path);
            if (parent < 0) {
                return parent;
            }
            try (Arena a = Arena.ofConfined()) {
                return call.apply((int) parent, Sandbox.lastOf(path), a);
            } finally {
                Libc.close((int) parent);
            }
        });
    }

    /** Runs {@code call} with the guest path of the directory a relative path starts from. */
    private long withStart(int dirfd, byte[] path, StartCall call) {
        if (path.length > 0 && path[0] == '/') {
            return call.apply(new byte[] {'/'});
        }
        OpenFile dir;
        if (dirfd == GuestAbi.AT_FDCWD) {
            dir = currentCwd();
        } else {
            dir = fds.acquire(dirfd);
            if (dir == null) {
                return -EBADF;
            }
        }
        try {
            if (!(dir instanceof OpenFile.HostFile h)) {
                return -ENOTDIR;
            }
            long[] err = new long[1];
            byte[] start = sandbox.guestPathOf(h.hostFd(), err);
            return start == null ? err[0] : call.apply(start);
        } finally {
            dir.release();
        }
    }

    private synchronized OpenFile.HostFile currentCwd() {
        if (closed) {
            throw new IllegalStateException("process has exited: its files are closed");
        }
        cwd.retain();
        return cwd;
    }

    private <T> T onFd(long fd, T badf, java.util.function.Function<OpenFile.Stream, T> onStream,
                       java.util.function.IntFunction<T> onHost) {
        OpenFile f = fds.acquire(fd);
        if (f == null) {
            return badf;
        }
        try {
            return f instanceof OpenFile.HostFile h ? onHost.apply(h.hostFd()) : onStream.apply((OpenFile.Stream) f);
        } finally {
            f.release();
        }
    }

    private long install(OpenFile f, int min, boolean cloexec) {
        int fd = fds.reserve(min);
        if (fd >= 0) {
            f.retain();
            fds.install(fd, f, cloexec);
        }
        return fd;
    }

    private SyscallResult intoBuffer(long count, BufferCall call) {
        long n = Math.min(count, config.maxTransfer());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, n));
            long r = call.apply(buf, n);
            return r <= 0 ? SyscallResult.of(r) : new SyscallResult(r, buf.asSlice(0, r).toArray(JAVA_BYTE));
        }
    }

    private static long fromBuffer(byte[] data, BufferCall call) {
        if (data == null) {
            return -EFAULT;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, JAVA_BYTE, 0, data.length);
            return call.apply(buf, data.length);
        }
    }

    private byte[] hostStat(int hostFd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(abi.hostStatSize());
            long r = Libc.fstatat(hostFd, Sandbox.cString(a, EMPTY), st, GuestAbi.AT_EMPTY_PATH);
            return r < 0 ? null : abi.statToGuest(st);
        }
    }

    private static SyscallResult statResult(byte[] guestStat) {
        return guestStat == null ? SyscallResult.error(EBADF) : new SyscallResult(0, guestStat);
    }

    private long guestFlags(long hostFlags) {
        return hostFlags < 0 ? hostFlags : abi.openFlagsToGuest((int) hostFlags);
    }

    /**
     * Sum of iovec lengths, saturating (Linux's import_iovec clamps the total to MAX_RW_COUNT),
     * or -EINVAL when there are more than IOV_MAX or one is negative as ssize_t.
     */
    private static long iovecTotal(long[] lengths) {
        if (lengths.length > IOV_MAX) {
            return -EINVAL;
        }
        long total = 0;
        for (long len : lengths) {
            if (len < 0) {
                return -EINVAL;
            }
            total = total + len < 0 ? Long.MAX_VALUE : total + len;
        }
        return total;
    }

    private static byte[] concat(byte[][] parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The path before its NUL, or null when the bytes are not a valid guest path (see {@link #pathErrno}). */
    static byte[] pathOrNull(byte[] raw) {
        if (raw == null) {
            return null;
        }
        int limit = Math.min(raw.length, BufferArg.PATH_MAX);
        for (int i = 0; i < limit; i++) {
            if (raw[i] == 0) {
                return Arrays.copyOf(raw, i);
            }
        }
        return null;
    }

    /** The errno of a path that {@link #pathOrNull} rejected, negated. */
    static long pathErrno(byte[] raw) {
        return raw != null && raw.length >= BufferArg.PATH_MAX ? -ENAMETOOLONG : -EFAULT;
    }
}
