package io.procshare.node.syscall;

import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.ThreadExitException;
import io.procshare.verticles.syscall.Fs;
import io.procshare.verticles.syscall.SyscallResult;
import io.procshare.verticles.syscall.SyscallTable;
import io.procshare.verticles.syscall.Sysno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.procshare.node.syscall.ThreeNodes.bytes;
import static io.procshare.node.syscall.ThreeNodes.string;

/**
 * {@link Fs} as a guest thread issues it: every call puts its paths and input bytes into guest
 * memory, passes their addresses in the argument registers and, for output, reads back what the
 * syscall stored into guest memory on the thread's node. With the thread on a node other than the
 * home every call is forwarded (condition C), with or without argument shipping as that node is
 * set; the same scenario run on {@code DirectFs} gives the host's answers to compare with.
 *
 * <p>Guest memory: one scratch mapping; first path at +0, second at +4 KiB, data from +8 KiB,
 * iovecs and small structures at the top.
 */
final class ForwardedFs implements Fs {

    private static final long PATH_B = 4096;
    private static final long DATA = 8192;
    private static final long IOVECS = 56 * 1024;
    private static final long SMALL = 62 * 1024;

    private final GuestThread main;
    private final GuestThread t;
    private final long m;

    /** A new process of {@code nodes}; its calls are issued by a thread on node {@code node}. */
    ForwardedFs(ThreeNodes nodes, int node) {
        this.main = nodes.startProcess();
        this.t = node == ThreeNodes.HOME ? main : nodes.threadOn(node, main);
        this.m = ThreeNodes.scratch(t);
    }

    GuestThread thread() {
        return t;
    }

    private long path(String p) {
        return string(t, m, p);
    }

    private long pathB(String p) {
        return string(t, m + PATH_B, p);
    }

    private long data(byte[] b) {
        t.memory().write(m + DATA, b, 0, b.length);
        return m + DATA;
    }

    private SyscallResult stored(long r, long address) {
        return r <= 0 ? SyscallResult.of(r) : new SyscallResult(r, bytes(t, address, (int) r));
    }

    private SyscallResult stat(long r, long address) {
        return r < 0 ? SyscallResult.of(r) : new SyscallResult(r, bytes(t, address, SyscallTable.GUEST_STAT_SIZE));
    }

    @Override
    public long openat(int dirfd, String p, int flags, int mode) {
        return t.syscall(Sysno.OPENAT, dirfd, path(p), flags, mode);
    }

    @Override
    public long close(long fd) {
        return t.syscall(Sysno.CLOSE, fd);
    }

    @Override
    public SyscallResult read(long fd, long count) {
        return stored(t.syscall(Sysno.READ, fd, m + DATA, count), m + DATA);
    }

    @Override
    public long write(long fd, byte[] b) {
        return t.syscall(Sysno.WRITE, fd, data(b), b.length);
    }

    @Override
    public SyscallResult pread64(long fd, long count, long offset) {
        return stored(t.syscall(Sysno.PREAD64, fd, m + DATA, count, offset), m + DATA);
    }

    @Override
    public long pwrite64(long fd, byte[] b, long offset) {
        return t.syscall(Sysno.PWRITE64, fd, data(b), b.length, offset);
    }

    @Override
    public SyscallResult readv(long fd, long[] lengths) {
        long at = m + DATA;
        for (int i = 0; i < lengths.length; i++) {
            t.memory().writeLong(m + IOVECS + 16L * i, at);
            t.memory().writeLong(m + IOVECS + 16L * i + 8, lengths[i]);
            at += Math.max(0, lengths[i]);
        }
        long r = t.syscall(Sysno.READV, fd, m + IOVECS, lengths.length);
        if (r <= 0) {
            return SyscallResult.of(r);
        }
        // gather what was scattered, iovec by iovec, as the guest would see it
        ByteBuffer out = ByteBuffer.allocate((int) r);
        long left = r;
        at = m + DATA;
        for (int i = 0; i < lengths.length && left > 0; i++) {
            int n = (int) Math.min(left, Math.max(0, lengths[i]));
            out.put(bytes(t, at, n));
            left -= n;
            at += Math.max(0, lengths[i]);
        }
        return new SyscallResult(r, out.array());
    }

    @Override
    public long writev(long fd, byte[][] iovecs) {
        long at = m + DATA;
        for (int i = 0; i < iovecs.length; i++) {
            t.memory().write(at, iovecs[i], 0, iovecs[i].length);
            t.memory().writeLong(m + IOVECS + 16L * i, at);
            t.memory().writeLong(m + IOVECS + 16L * i + 8, iovecs[i].length);
            at += iovecs[i].length;
        }
        return t.syscall(Sysno.WRITEV, fd, m + IOVECS, iovecs.length);
    }

    @Override
    public long lseek(long fd, long offset, int whence) {
        return t.syscall(Sysno.LSEEK, fd, offset, whence);
    }

    @Override
    public long mkdirat(int dirfd, String p, int mode) {
        return t.syscall(Sysno.MKDIRAT, dirfd, path(p), mode);
    }

    @Override
    public long unlinkat(int dirfd, String p, int flags) {
        return t.syscall(Sysno.UNLINKAT, dirfd, path(p), flags);
    }

    @Override
    public long symlinkat(String target, int dirfd, String p) {
        return t.syscall(Sysno.SYMLINKAT, pathB(target), dirfd, path(p));
    }

    @Override
    public SyscallResult readlinkat(int dirfd, String p, int bufsiz) {
        return stored(t.syscall(Sysno.READLINKAT, dirfd, path(p), m + DATA, bufsiz), m + DATA);
    }

    @Override
    public long renameat2(int od, String o, int nd, String n, int flags) {
        return t.syscall(Sysno.RENAMEAT2, od, path(o), nd, pathB(n), flags);
    }

    @Override
    public SyscallResult newfstatat(int dirfd, String p, int flags) {
        return stat(t.syscall(Sysno.NEWFSTATAT, dirfd, path(p), m + DATA, flags), m + DATA);
    }

    @Override
    public SyscallResult fstat(long fd) {
        return stat(t.syscall(Sysno.FSTAT, fd, m + DATA), m + DATA);
    }

    @Override
    public SyscallResult getdents64(long fd, long count) {
        return stored(t.syscall(Sysno.GETDENTS64, fd, m + DATA, count), m + DATA);
    }

    @Override
    public long ftruncate(long fd, long length) {
        return t.syscall(Sysno.FTRUNCATE, fd, length);
    }

    @Override
    public long fsync(long fd) {
        return t.syscall(Sysno.FSYNC, fd);
    }

    @Override
    public long flock(long fd, int op) {
        return t.syscall(Sysno.FLOCK, fd, op);
    }

    @Override
    public long fcntl(long fd, int cmd, long arg) {
        return t.syscall(Sysno.FCNTL, fd, cmd, arg);
    }

    @Override
    public long dup3(long oldfd, long newfd, int flags) {
        return t.syscall(Sysno.DUP3, oldfd, newfd, flags);
    }

    @Override
    public long[] pipe2(int flags) {
        long r = t.syscall(Sysno.PIPE2, m + SMALL, flags);
        if (r < 0) {
            return new long[] {r, -1, -1};
        }
        ByteBuffer b = ByteBuffer.wrap(bytes(t, m + SMALL, 8)).order(ByteOrder.LITTLE_ENDIAN);
        return new long[] {r, b.getInt(), b.getInt()};
    }

    /** chdir(2) with {@code p}. */
    long chdir(String p) {
        return t.syscall(Sysno.CHDIR, path(p));
    }

    /** getcwd(2) into a buffer of {@code size} bytes: the value and the bytes stored. */
    SyscallResult getcwd(long size) {
        return stored(t.syscall(Sysno.GETCWD, m + DATA, size), m + DATA);
    }

    /** Ends the process (exit_group from its main thread on the home): its fds close. */
    @Override
    public void close() {
        try {
            main.syscall(Sysno.EXIT_GROUP, 0);
        } catch (ThreadExitException expected) {
            // exit_group ends the calling thread: that is how it returns
        }
    }
}
