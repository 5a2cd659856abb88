package io.procshare.verticles.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.procshare.verticles.syscall.Fs.CWD;
import static io.procshare.verticles.syscall.host.GuestAbi.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file-syscall scenarios of issue 4 item 6, one per call (or pair of calls), written against
 * {@link Fs} so that each runs unchanged directly on the host ({@link DirectFs}), through the
 * sandboxed {@link HostProcess} ({@link SandboxFs}, {@code HostProcessConformanceTest}) and through
 * a guest thread whose calls are forwarded to a remote home (node's {@code ForwardedConformanceTest}).
 * Each returns its observations (values, errnos, output bytes, normalised where two directories
 * legitimately differ: fd numbers, inode numbers, times, directory order) for comparison.
 */
public final class FsScenarios {

    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int O_RDONLY_ = 0;
    private static final String LONG_NAME = "n".repeat(256);

    private FsScenarios() {
    }

    /** "fd" for any descriptor, the value for an error: descriptor numbers differ between host and guest. */
    public static Object fd(long r) {
        return r < 0 ? r : "fd";
    }

    /** "value:output-hex". */
    public static Object res(SyscallResult r) {
        return r.value() + ":" + HexFormat.of().formatHex(r.output());
    }

    /** The fields of a guest struct stat that two equal files share (not ino, dev, times), or the errno. */
    public static Object stat(SyscallResult r) {
        if (r.isError()) {
            return r.value();
        }
        assertThat(r.output()).hasSize(128);
        ByteBuffer b = ByteBuffer.wrap(r.output()).order(ByteOrder.LITTLE_ENDIAN);
        return "mode=" + Integer.toOctalString(b.getInt(16)) + " nlink=" + b.getInt(20) + " size=" + b.getLong(48)
                + " blksize=" + b.getInt(56) + " blocks=" + b.getLong(64);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long create(Fs fs, String path, String content) {
        long fd = fs.openat(CWD, path, O_CREAT | O_RDWR | O_TRUNC, 0644);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        assertThat(fs.write(fd, b(content))).isEqualTo(content.length());
        return fd;
    }

    /** openat: flags, errnos, dirfds. */
    public static List<Object> openat(Fs fs) {
        List<Object> r = new ArrayList<>();
        fs.close(create(fs, "f", "x"));
        fs.mkdirat(CWD, "d", 0755);
        fs.symlinkat("f", CWD, "l");
        r.add(fd(fs.openat(CWD, "f", O_RDONLY_, 0)));
        r.add(fd(fs.openat(CWD, "missing", O_RDONLY_, 0)));
        r.add(fd(fs.openat(CWD, "f", O_CREAT | O_EXCL | O_WRONLY, 0600)));
        r.add(fd(fs.openat(CWD, "f", O_DIRECTORY, 0)));
        r.add(fd(fs.openat(CWD, "d", O_WRONLY, 0)));
        r.add(fd(fs.openat(CWD, "l", O_NOFOLLOW, 0)));
        r.add(fd(fs.openat(CWD, "l", O_PATH | O_NOFOLLOW, 0)));
        r.add(fd(fs.openat(CWD, "f/x", O_RDONLY_, 0)));
        r.add(fd(fs.openat(CWD, LONG_NAME, O_CREAT | O_WRONLY, 0600)));
        r.add(fd(fs.openat(CWD, "f", O_RDONLY_ | (1 << 30), 07777)));       // unknown bits and a stray mode are dropped
        r.add(fd(fs.openat(CWD, "d", O_PATH | O_RDWR | O_TRUNC, 0)));       // O_PATH ignores the rest
        r.add(fd(fs.openat(CWD, "d", O_TMPFILE_BIT | O_DIRECTORY | O_RDONLY_, 0600))); // tmpfile needs write access
        r.add(fd(fs.openat(CWD, "d/new", O_CREAT | O_WRONLY, 0640)));
        r.add(stat(fs.newfstatat(CWD, "d/new", 0)));
        r.add(fd(fs.openat(CWD, "", O_RDONLY_, 0)));
        r.add(fd(fs.openat(CWD, "f/", O_RDONLY_, 0)));
        long d = fs.openat(CWD, "d", O_DIRECTORY, 0);
        r.add(fd(fs.openat((int) d, "new", O_RDONLY_, 0)));                  // relative to a dirfd
        r.add(fd(fs.openat((int) d, "../f", O_RDONLY_, 0)));
        r.add(fd(fs.openat(9999, "f", O_RDONLY_, 0)));                       // bad dirfd
        return r;
    }

    public static List<Object> close(Fs fs) {
        long f = create(fs, "f", "x");
        return List.of(fs.close(f), fs.close(f), fs.close(-1), fs.close(100_000));
    }

    public static List<Object> readAndWrite(Fs fs) {
        List<Object> r = new ArrayList<>();
        long f = create(fs, "f", "hello");
        r.add(fs.lseek(f, 0, SEEK_SET));
        r.add(res(fs.read(f, 3)));
        r.add(res(fs.read(f, 100)));
        r.add(res(fs.read(f, 100)));
        r.add(fs.write(f, new byte[0]));
        long ro = fs.openat(CWD, "f", O_RDONLY_, 0);
        long wo = fs.openat(CWD, "f", O_WRONLY | O_APPEND, 0);
        r.add(fs.write(ro, b("no")));
        r.add(res(fs.read(wo, 1)));
        r.add(fs.write(wo, b("!")));
        r.add(res(fs.read(ro, 10)));
        fs.mkdirat(CWD, "d", 0755);
        r.add(res(fs.read(fs.openat(CWD, "d", O_DIRECTORY, 0), 10)));
        r.add(res(fs.read(12345, 1)));
        return r;
    }

    public static List<Object> preadAndPwrite(Fs fs) {
        List<Object> r = new ArrayList<>();
        long f = create(fs, "f", "ab");
        r.add(fs.pwrite64(f, b("yz"), 6));
        r.add(res(fs.pread64(f, 16, 0)));
        r.add(res(fs.pread64(f, 4, 5)));
        r.add(fs.lseek(f, 0, SEEK_CUR));                  // p* calls leave the offset alone
        r.add(res(fs.pread64(f, 4, -1)));
        r.add(fs.pwrite64(f, b("q"), -1));
        long[] p = fs.pipe2(0);
        r.add(res(fs.pread64(p[1], 1, 0)));
        r.add(fs.pwrite64(p[2], b("q"), 0));
        return r;
    }

    public static List<Object> readvAndWritev(Fs fs) {
        List<Object> r = new ArrayList<>();
        long f = fs.openat(CWD, "f", O_CREAT | O_RDWR, 0600);
        r.add(fs.writev(f, new byte[][] {b("ab"), new byte[0], b("cde")}));
        r.add(fs.lseek(f, 0, SEEK_SET));
        r.add(res(fs.readv(f, new long[] {2, 0, 10})));
        r.add(fs.lseek(f, 1, SEEK_SET));
        r.add(res(fs.readv(f, new long[] {1, 1})));
        r.add(res(fs.readv(f, new long[] {1, -1})));
        r.add(res(fs.readv(f, new long[0])));
        long ro = fs.openat(CWD, "f", O_RDONLY_, 0);
        r.add(fs.writev(ro, new byte[][] {b("x")}));
        r.add(fs.writev(777, new byte[][] {b("x")}));
        return r;
    }

    public static List<Object> lseek(Fs fs) {
        long f = create(fs, "f", "0123456789");
        return List.of(fs.lseek(f, -3, SEEK_END), fs.lseek(f, 2, SEEK_CUR), fs.lseek(f, -100, SEEK_CUR),
                fs.lseek(f, 0, 17), fs.lseek(f, 0, SEEK_DATA), fs.lseek(f, 0, SEEK_HOLE), fs.lseek(f, 11, SEEK_DATA),
                fs.lseek(fs.pipe2(0)[2], 0, SEEK_SET), fs.lseek(999, 0, SEEK_SET));
    }

    public static List<Object> mkdirat(Fs fs) {
        List<Object> r = new ArrayList<>();
        fs.close(create(fs, "f", ""));
        fs.symlinkat("nowhere", CWD, "dangling");
        r.add(fs.mkdirat(CWD, "a", 0755));
        r.add(fs.mkdirat(CWD, "a", 0755));
        r.add(fs.mkdirat(CWD, "x/y", 0755));
        r.add(fs.mkdirat(CWD, "a/b/", 0700));
        r.add(fs.mkdirat(CWD, "a/b//c//", 0700));
        r.add(fs.mkdirat(CWD, ".", 0755));
        r.add(fs.mkdirat(CWD, "..", 0755));
        r.add(fs.mkdirat(CWD, "a/..", 0755));
        r.add(fs.mkdirat(CWD, "f/x", 0755));
        r.add(fs.mkdirat(CWD, "dangling", 0755));
        r.add(fs.mkdirat(CWD, LONG_NAME, 0755));
        r.add(fs.mkdirat(CWD, "", 0755));
        r.add(stat(fs.newfstatat(CWD, "a/b", 0)));
        long a = fs.openat(CWD, "a", O_DIRECTORY, 0);
        r.add(fs.mkdirat((int) a, "viafd", 0755));
        r.add(stat(fs.newfstatat(CWD, "a/viafd", 0)));
        r.add(fs.mkdirat((int) fs.openat(CWD, "f", 0, 0), "z", 0755));
        return r;
    }

    public static List<Object> unlinkat(Fs fs) {
        List<Object> r = new ArrayList<>();
        fs.close(create(fs, "f", ""));
        fs.close(create(fs, "g", ""));
        fs.mkdirat(CWD, "d", 0755);
        fs.mkdirat(CWD, "e", 0755);
        fs.mkdirat(CWD, "full", 0755);
        fs.close(create(fs, "full/x", ""));
        fs.symlinkat("g", CWD, "l");
        r.add(fs.unlinkat(CWD, "f", 0));
        r.add(fs.unlinkat(CWD, "f", 0));
        r.add(fs.unlinkat(CWD, "d", 0));
        r.add(fs.unlinkat(CWD, "g", AT_REMOVEDIR));
        r.add(fs.unlinkat(CWD, "full", AT_REMOVEDIR));
        r.add(fs.unlinkat(CWD, ".", AT_REMOVEDIR));
        r.add(fs.unlinkat(CWD, "..", AT_REMOVEDIR));
        r.add(fs.unlinkat(CWD, "..", 0));
        r.add(fs.unlinkat(CWD, "g/", 0));
        r.add(fs.unlinkat(CWD, "d", 0x4));
        r.add(fs.unlinkat(CWD, "l/", AT_REMOVEDIR));
        r.add(fs.unlinkat(CWD, "l", 0));
        r.add(stat(fs.newfstatat(CWD, "g", 0)));            // the target survives
        r.add(fs.unlinkat(CWD, "d/", AT_REMOVEDIR));
        r.add(fs.unlinkat(CWD, "e", AT_REMOVEDIR));
        r.add(fs.unlinkat(CWD, "", 0));
        return r;
    }

    public static List<Object> symlinkatAndReadlinkat(Fs fs) {
        List<Object> r = new ArrayList<>();
        fs.mkdirat(CWD, "d", 0755);
        r.add(fs.symlinkat("target/with/parts", CWD, "l"));
        r.add(fs.symlinkat("x", CWD, "l"));
        r.add(fs.symlinkat("", CWD, "e"));
        r.add(fs.symlinkat("x", CWD, "missing/l"));
        r.add(fs.symlinkat("d", CWD, "ld"));
        r.add(res(fs.readlinkat(CWD, "l", 100)));
        r.add(res(fs.readlinkat(CWD, "l", 6)));
        r.add(res(fs.readlinkat(CWD, "l", 0)));
        r.add(res(fs.readlinkat(CWD, "d", 100)));
        r.add(res(fs.readlinkat(CWD, "missing", 100)));
        r.add(res(fs.readlinkat(CWD, "ld/", 100)));
        r.add(res(fs.readlinkat(CWD, "", 100)));
        r.add(stat(fs.newfstatat(CWD, "l", AT_SYMLINK_NOFOLLOW)));
        long lfd = fs.openat(CWD, "l", O_PATH | O_NOFOLLOW, 0);
        r.add(res(fs.readlinkat((int) lfd, "", 100)));          // LOOKUP_EMPTY on an O_PATH symlink fd
        return r;
    }

    public static List<Object> renameat2(Fs fs) {
        List<Object> r = new ArrayList<>();
        fs.close(create(fs, "a", "A"));
        fs.close(create(fs, "b", "B"));
        fs.mkdirat(CWD, "d", 0755);
        fs.mkdirat(CWD, "full", 0755);
        fs.close(create(fs, "full/x", ""));
        r.add(fs.renameat2(CWD, "a", CWD, "c", 0));
        r.add(fs.renameat2(CWD, "a", CWD, "c", 0));
        r.add(fs.renameat2(CWD, "c", CWD, "b", 1));           // NOREPLACE
        r.add(fs.renameat2(CWD, "c", CWD, "b", 2));           // EXCHANGE
        r.add(res(fs.read(fs.openat(CWD, "b", 0, 0), 5)));
        r.add(fs.renameat2(CWD, "c", CWD, "b", 8));
        r.add(fs.renameat2(CWD, "c", CWD, "b", 3));
        r.add(fs.renameat2(CWD, "d", CWD, "d/sub", 0));
        r.add(fs.renameat2(CWD, ".", CWD, "z", 0));
        r.add(fs.renameat2(CWD, "c", CWD, "d", 0));
        r.add(fs.renameat2(CWD, "d", CWD, "full", 0));
        r.add(fs.renameat2(CWD, "c", CWD, "d/", 0));
        r.add(fs.renameat2(CWD, "d/", CWD, "d2/", 0));
        r.add(fs.renameat2(CWD, "c", CWD, "", 0));
        r.add(fs.renameat2(CWD, "c", CWD, "nodir/x", 0));
        long d2 = fs.openat(CWD, "d2", O_DIRECTORY, 0);
        r.add(fs.renameat2(CWD, "c", (int) d2, "moved", 0));
        r.add(stat(fs.newfstatat(CWD, "d2/moved", 0)));
        return r;
    }

    public static List<Object> newfstatatAndFstat(Fs fs) {
        List<Object> r = new ArrayList<>();
        long f = create(fs, "f", "12345");
        fs.mkdirat(CWD, "d", 0750);
        fs.symlinkat("f", CWD, "l");
        fs.symlinkat("nowhere", CWD, "dangling");
        r.add(stat(fs.newfstatat(CWD, "f", 0)));
        r.add(stat(fs.fstat(f)));
        r.add(stat(fs.newfstatat(CWD, "d", 0)));
        r.add(stat(fs.newfstatat(CWD, "l", 0)));
        r.add(stat(fs.newfstatat(CWD, "l", AT_SYMLINK_NOFOLLOW)));
        r.add(stat(fs.newfstatat(CWD, "dangling", 0)));
        r.add(stat(fs.newfstatat(CWD, "dangling", AT_SYMLINK_NOFOLLOW)));
        r.add(stat(fs.newfstatat(CWD, "missing", 0)));
        r.add(stat(fs.newfstatat(CWD, "f/", 0)));
        r.add(stat(fs.newfstatat(CWD, "", 0)));
        r.add(stat(fs.newfstatat(CWD, "f", 0x8000)));
        r.add(stat(fs.newfstatat((int) f, "", AT_EMPTY_PATH)));
        r.add(stat(fs.newfstatat((int) f, "x", 0)));
        r.add(stat(fs.fstat(4242)));
        r.add(stat(fs.fstat(fs.openat(CWD, "l", O_PATH | O_NOFOLLOW, 0))));
        return r;
    }

    public static List<Object> getdents64(Fs fs) {
        List<Object> r = new ArrayList<>();
        fs.mkdirat(CWD, "d", 0755);
        for (String n : new String[] {"a", "bb", "ccc"}) {
            fs.close(create(fs, "d/" + n, ""));
        }
        fs.mkdirat(CWD, "d/sub", 0755);
        fs.symlinkat("a", CWD, "d/ln");
        long d = fs.openat(CWD, "d", O_DIRECTORY, 0);
        SyscallResult all = fs.getdents64(d, 4096);
        r.add(all.value() > 0);
        r.add(Fs.dirents(all.output()));
        r.add(res(fs.getdents64(d, 4096)));                 // end of directory
        r.add(fs.lseek(d, 0, SEEK_SET));
        r.add(res(fs.getdents64(d, 10)));                   // smaller than one entry
        r.add(res(fs.getdents64(fs.openat(CWD, "d/a", 0, 0), 4096)));
        r.add(res(fs.getdents64(5555, 4096)));
        return r;
    }

    public static List<Object> ftruncateAndFsync(Fs fs) {
        List<Object> r = new ArrayList<>();
        long f = create(fs, "f", "hello");
        r.add(fs.ftruncate(f, 100));
        r.add(stat(fs.fstat(f)));
        r.add(fs.ftruncate(f, 2));
        r.add(res(fs.pread64(f, 10, 0)));
        r.add(fs.ftruncate(f, -1));
        r.add(fs.ftruncate(fs.openat(CWD, "f", O_RDONLY_, 0), 0));
        r.add(fs.ftruncate(999, 0));
        r.add(fs.fsync(f));
        r.add(fs.fsync(999));
        long[] p = fs.pipe2(0);
        r.add(fs.fsync(p[2]));
        r.add(fs.ftruncate(p[2], 0));
        return r;
    }

    public static List<Object> flock(Fs fs) {
        long a = create(fs, "f", "");
        long b = fs.openat(CWD, "f", O_RDONLY_, 0);
        return List.of(fs.flock(a, LOCK_EX), fs.flock(b, LOCK_EX | LOCK_NB), fs.flock(b, LOCK_SH | LOCK_NB),
                fs.flock(a, LOCK_UN), fs.flock(b, LOCK_SH | LOCK_NB), fs.flock(a, LOCK_SH | LOCK_NB),
                fs.flock(a, LOCK_EX | LOCK_NB), fs.flock(a, 0), fs.flock(a, 3), fs.flock(999, LOCK_EX));
    }

    public static List<Object> fcntl(Fs fs) {
        List<Object> r = new ArrayList<>();
        long f = fs.openat(CWD, "f", O_CREAT | O_RDWR | O_APPEND | O_CLOEXEC, 0600);
        r.add(Long.toOctalString(fs.fcntl(f, F_GETFL, 0)));
        r.add(fs.fcntl(f, F_SETFL, O_NONBLOCK));
        r.add(Long.toOctalString(fs.fcntl(f, F_GETFL, 0)));
        r.add(fs.fcntl(f, F_GETFD, 0));
        r.add(fs.fcntl(f, F_SETFD, 0));
        r.add(fs.fcntl(f, F_GETFD, 0));
        long dup = fs.fcntl(f, F_DUPFD, 50);
        r.add(dup >= 50 ? "fd>=50" : dup);
        r.add(fs.fcntl(dup, F_GETFD, 0));
        long dupc = fs.fcntl(f, F_DUPFD_CLOEXEC, 0);
        r.add(fd(dupc));
        r.add(fs.fcntl(dupc, F_GETFD, 0));
        r.add(fs.write(dup, b("shared offset")));
        r.add(fs.lseek(f, 0, SEEK_CUR));
        r.add(fs.fcntl(f, F_DUPFD, -1));
        r.add(fs.fcntl(f, 9999, 0));
        r.add(fs.fcntl(999, F_GETFD, 0));
        long[] p = fs.pipe2(O_NONBLOCK);
        r.add(Long.toOctalString(fs.fcntl(p[1], F_GETFL, 0)));
        r.add(Long.toOctalString(fs.fcntl(p[2], F_GETFL, 0)));
        return r;
    }

    public static List<Object> dup3(Fs fs) {
        List<Object> r = new ArrayList<>();
        long f = create(fs, "f", "abc");
        long g = create(fs, "g", "xyz");
        r.add(fs.dup3(f, 1000, O_CLOEXEC));
        r.add(fs.fcntl(1000, F_GETFD, 0));
        r.add(fs.dup3(g, 1000, 0));                          // replaces silently
        r.add(fs.fcntl(1000, F_GETFD, 0));
        r.add(res(fs.pread64(1000, 3, 0)));
        r.add(fs.dup3(f, f, 0));
        r.add(fs.dup3(f, 1001, O_NONBLOCK));
        r.add(fs.dup3(888, 1001, 0));
        r.add(fs.dup3(f, -1, 0));
        r.add(fs.close(1000));
        r.add(fs.close(1000));
        return r;
    }

    public static List<Object> pipe2(Fs fs) {
        List<Object> r = new ArrayList<>();
        long[] p = fs.pipe2(O_CLOEXEC | O_NONBLOCK);
        long rd = p[1];
        long wr = p[2];
        r.add(p[0]);
        r.add(fs.fcntl(rd, F_GETFD, 0));
        r.add(res(fs.read(rd, 10)));
        r.add(fs.write(wr, b("abc")));
        r.add(res(fs.read(rd, 10)));
        r.add(fs.write(rd, b("x")));
        r.add(stat(fs.fstat(rd)).toString().substring(0, 11));
        r.add(fs.pipe2(0x7)[0]);
        fs.close(rd);
        r.add(fs.write(wr, b("x")));                        // no reader: EPIPE (the JVM ignores SIGPIPE)
        return r;
    }
}
