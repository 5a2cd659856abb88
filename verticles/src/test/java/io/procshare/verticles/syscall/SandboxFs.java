package io.procshare.verticles.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@link Fs} through a sandboxed {@link HostProcess}. */
final class SandboxFs implements Fs {
    final HostProcess p;

    SandboxFs(HostProcess p) {
        this.p = p;
    }

    @Override public long openat(int dirfd, String path, int flags, int mode) { return p.openat(dirfd, Fs.c(path), flags, mode); }
    @Override public long close(long fd) { return p.close((int) fd); }
    @Override public SyscallResult read(long fd, long count) { return p.read((int) fd, count); }
    @Override public long write(long fd, byte[] data) { return p.write((int) fd, data); }
    @Override public SyscallResult pread64(long fd, long count, long offset) { return p.pread64((int) fd, count, offset); }
    @Override public long pwrite64(long fd, byte[] data, long offset) { return p.pwrite64((int) fd, data, offset); }
    @Override public SyscallResult readv(long fd, long[] lengths) { return p.readv((int) fd, lengths); }
    @Override public long writev(long fd, byte[][] iovecs) { return p.writev((int) fd, iovecs); }
    @Override public long lseek(long fd, long offset, int whence) { return p.lseek((int) fd, offset, whence); }
    @Override public long mkdirat(int dirfd, String path, int mode) { return p.mkdirat(dirfd, Fs.c(path), mode); }
    @Override public long unlinkat(int dirfd, String path, int flags) { return p.unlinkat(dirfd, Fs.c(path), flags); }
    @Override public long symlinkat(String target, int dirfd, String path) { return p.symlinkat(Fs.c(target), dirfd, Fs.c(path)); }
    @Override public SyscallResult readlinkat(int dirfd, String path, int bufsiz) { return p.readlinkat(dirfd, Fs.c(path), bufsiz); }
    @Override public long renameat2(int od, String o, int nd, String n, int flags) { return p.renameat2(od, Fs.c(o), nd, Fs.c(n), flags); }
    @Override public SyscallResult newfstatat(int dirfd, String path, int flags) { return p.newfstatat(dirfd, Fs.c(path), flags); }
    @Override public SyscallResult fstat(long fd) { return p.fstat((int) fd); }
    @Override public SyscallResult getdents64(long fd, long count) { return p.getdents64((int) fd, count); }
    @Override public long ftruncate(long fd, long length) { return p.ftruncate((int) fd, length); }
    @Override public long fsync(long fd) { return p.fsync((int) fd); }
    @Override public long flock(long fd, int op) { return p.flock((int) fd, op); }
    @Override public long fcntl(long fd, int cmd, long arg) { return p.fcntl((int) fd, cmd, arg); }
    @Override public long dup3(long oldfd, long newfd, int flags) { return p.dup3((int) oldfd, (int) newfd, flags); }

    @Override
    public long[] pipe2(int flags) {
        SyscallResult r = p.pipe2(flags);
        if (r.isError()) {
            return new long[] {r.value(), -1, -1};
        }
        ByteBuffer b = ByteBuffer.wrap(r.output()).order(ByteOrder.LITTLE_ENDIAN);
        return new long[] {r.value(), b.getInt(), b.getInt()};
    }

    @Override
    public void close() {
        p.close();
    }
}
