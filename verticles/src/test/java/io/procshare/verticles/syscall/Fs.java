package io.procshare.verticles.syscall;

/**
 * The file syscalls as a test drives them, once directly on the host ({@link DirectFs}) and once
 * through the sandboxed {@link HostProcess} ({@link SandboxFs}), so one scenario can run on both
 * and their results be compared. Paths are guest paths; {@link #CWD} is AT_FDCWD.
 */
public interface Fs extends AutoCloseable {
    int CWD = -100;

    long openat(int dirfd, String path, int flags, int mode);

    long close(long fd);

    SyscallResult read(long fd, long count);

    long write(long fd, byte[] data);

    SyscallResult pread64(long fd, long count, long offset);

    long pwrite64(long fd, byte[] data, long offset);

    SyscallResult readv(long fd, long[] lengths);

    long writev(long fd, byte[][] iovecs);

    long lseek(long fd, long offset, int whence);

    long mkdirat(int dirfd, String path, int mode);

    long unlinkat(int dirfd, String path, int flags);

    long symlinkat(String target, int dirfd, String path);

    SyscallResult readlinkat(int dirfd, String path, int bufsiz);

    long renameat2(int olddirfd, String oldPath, int newdirfd, String newPath, int flags);

    /** Guest struct stat (128 bytes) in the output. */
    SyscallResult newfstatat(int dirfd, String path, int flags);

    SyscallResult fstat(long fd);

    SyscallResult getdents64(long fd, long count);

    long ftruncate(long fd, long length);

    long fsync(long fd);

    long flock(long fd, int op);

    long fcntl(long fd, int cmd, long arg);

    long dup3(long oldfd, long newfd, int flags);

    /** {value, readFd, writeFd}. */
    long[] pipe2(int flags);

    @Override
    void close();

    static byte[] c(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    /** Names and d_type of a linux_dirent64 buffer, sorted: the order differs between two directories. */
    static java.util.TreeSet<String> dirents(byte[] buf) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < buf.length) {
            int reclen = b.getShort(at + 16) & 0xffff;
            int type = b.get(at + 18);
            int end = at + 19;
            while (buf[end] != 0) {
                end++;
            }
            names.add(new String(buf, at + 19, end - at - 19, java.nio.charset.StandardCharsets.UTF_8) + " " + type);
            at += reclen;
        }
        return names;
    }
}
