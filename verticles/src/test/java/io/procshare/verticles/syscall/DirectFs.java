package io.procshare.verticles.syscall;

import io.procshare.verticles.syscall.host.GuestAbi;
import io.procshare.verticles.syscall.host.Libc;
import io.procshare.verticles.syscall.host.Sandbox;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link Fs} as plain libc calls on this host, relative to a test directory: AT_FDCWD means that
 * directory. Refuses absolute paths, so a test running as root cannot touch anything outside it.
 */
public final class DirectFs implements Fs {
    private final int dirFd;
    private final GuestAbi abi = GuestAbi.ofHost();

    public DirectFs(Path dir) {
        try (Arena a = Arena.ofConfined()) {
            long fd = Libc.openat(Libc.AT_FDCWD, Sandbox.cString(a, bytes(dir.toString())),
                    GuestAbi.O_PATH | GuestAbi.O_DIRECTORY | GuestAbi.O_CLOEXEC, 0);
            if (fd < 0) {
                throw new IllegalStateException("open " + dir + ": " + fd);
            }
            this.dirFd = (int) fd;
        }
    }

    private int dir(int dirfd) {
        return dirfd == CWD ? dirFd : dirfd;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static MemorySegment path(Arena a, String p) {
        if (p.startsWith("/")) {
            throw new IllegalArgumentException("a direct host call never gets an absolute path: " + p);
        }
        return Sandbox.cString(a, bytes(p));
    }

    private static SyscallResult result(long r, MemorySegment buf) {
        return r <= 0 ? SyscallResult.of(r) : new SyscallResult(r, buf.asSlice(0, r).toArray(JAVA_BYTE));
    }

    private static MemorySegment copy(Arena a, byte[] data) {
        MemorySegment s = a.allocate(Math.max(1, data.length));
        MemorySegment.copy(data, 0, s, JAVA_BYTE, 0, data.length);
        return s;
    }

    @Override
    public long openat(int dirfd, String p, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            return Libc.openat(dir(dirfd), path(a, p), flags, mode);
        }
    }

    @Override public long close(long fd) { return Libc.close((int) fd); }

    @Override
    public SyscallResult read(long fd, long count) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, count));
            return result(Libc.read((int) fd, buf, count), buf);
        }
    }

    @Override
    public long write(long fd, byte[] data) {
        try (Arena a = Arena.ofConfined()) {
            return Libc.write((int) fd, copy(a, data), data.length);
        }
    }

    @Override
    public SyscallResult pread64(long fd, long count, long offset) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, count));
            return result(Libc.pread64((int) fd, buf, count, offset), buf);
        }
    }

    @Override
    public long pwrite64(long fd, byte[] data, long offset) {
        try (Arena a = Arena.ofConfined()) {
            return Libc.pwrite64((int) fd, copy(a, data), data.length, offset);
        }
    }

    @Override
    public SyscallResult readv(long fd, long[] lengths) {
        try (Arena a = Arena.ofConfined()) {
            long total = 0;
            for (long l : lengths) {
                total += Math.max(0, l);
            }
            MemorySegment buf = a.allocate(Math.max(1, total));
            MemorySegment iov = a.allocate(JAVA_LONG, Math.max(2, 2L * lengths.length));
            long at = 0;
            for (int i = 0; i < lengths.length; i++) {
                iov.setAtIndex(JAVA_LONG, 2L * i, buf.address() + at);
                iov.setAtIndex(JAVA_LONG, 2L * i + 1, lengths[i]);
                at += Math.max(0, lengths[i]);
            }
            return result(Libc.readv((int) fd, iov, lengths.length), buf);
        }
    }

    @Override
    public long writev(long fd, byte[][] iovecs) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment iov = a.allocate(JAVA_LONG, Math.max(2, 2L * iovecs.length));
            for (int i = 0; i < iovecs.length; i++) {
                iov.setAtIndex(JAVA_LONG, 2L * i, copy(a, iovecs[i]).address());
                iov.setAtIndex(JAVA_LONG, 2L * i + 1, iovecs[i].length);
            }
            return Libc.writev((int) fd, iov, iovecs.length);
        }
    }

    @Override public long lseek(long fd, long offset, int whence) { return Libc.lseek((int) fd, offset, whence); }

    @Override
    public long mkdirat(int dirfd, String p, int mode) {
        try (Arena a = Arena.ofConfined()) {
            return Libc.mkdirat(dir(dirfd), path(a, p), mode);
        }
    }

    @Override
    public long unlinkat(int dirfd, String p, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return Libc.unlinkat(dir(dirfd), path(a, p), flags);
        }
    }

    @Override
    public long symlinkat(String target, int dirfd, String p) {
        try (Arena a = Arena.ofConfined()) {
            return Libc.symlinkat(Sandbox.cString(a, bytes(target)), dir(dirfd), path(a, p));
        }
    }

    @Override
    public SyscallResult readlinkat(int dirfd, String p, int bufsiz) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, bufsiz));
            return result(Libc.readlinkat(dir(dirfd), path(a, p), buf, bufsiz), buf);
        }
    }

    @Override
    public long renameat2(int od, String o, int nd, String n, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return Libc.renameat2(dir(od), path(a, o), dir(nd), path(a, n), flags);
        }
    }

    @Override
    public SyscallResult newfstatat(int dirfd, String p, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(abi.hostStatSize());
            long r = Libc.fstatat(dir(dirfd), path(a, p), st, flags);
            return r < 0 ? SyscallResult.of(r) : new SyscallResult(r, abi.statToGuest(st));
        }
    }

    @Override
    public SyscallResult fstat(long fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(abi.hostStatSize());
            long r = Libc.fstatat((int) fd, Sandbox.cString(a, new byte[0]), st, GuestAbi.AT_EMPTY_PATH);
            return r < 0 ? SyscallResult.of(r) : new SyscallResult(r, abi.statToGuest(st));
        }
    }

    @Override
    public SyscallResult getdents64(long fd, long count) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, count));
            return result(Libc.getdents64((int) fd, buf, count), buf);
        }
    }

    @Override public long ftruncate(long fd, long length) { return Libc.ftruncate((int) fd, length); }
    @Override public long fsync(long fd) { return Libc.fsync((int) fd); }
    @Override public long flock(long fd, int op) { return Libc.flock((int) fd, op); }
    @Override public long fcntl(long fd, int cmd, long arg) { return Libc.fcntl((int) fd, cmd, arg); }
    @Override public long dup3(long oldfd, long newfd, int flags) { return Libc.dup3((int) oldfd, (int) newfd, flags); }

    @Override
    public long[] pipe2(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            long r = Libc.pipe2(fds, flags);
            return r < 0 ? new long[] {r, -1, -1} : new long[] {r, fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    @Override
    public void close() {
        Libc.close(dirFd);
    }
}
