package io.procshare.verticles.syscall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

import static io.procshare.verticles.syscall.Fs.CWD;
import static io.procshare.verticles.syscall.host.GuestAbi.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file syscall made twice, directly on this host (libc, in a temp directory) and through
 * the sandboxed HostProcess, with the same arguments: return values, errnos and output bytes
 * (after ABI translation) must be the same (issue 4 item 6).
 */
class HostProcessConformanceTest {

    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final String LONG_NAME = "n".repeat(256);

    @TempDir
    Path tmp;
    private DirectFs direct;
    private SandboxFs sandbox;

    @BeforeEach
    void setUp() throws Exception {
        Path host = Files.createDirectory(tmp.resolve("host"));
        direct = new DirectFs(host);
        sandbox = new SandboxFs(HostProcess.start(HostProcessConfig.of(tmp.resolve("box")), ClientStreams.detached()));
    }

    @AfterEach
    void tearDown() {
        direct.close();
        sandbox.close();
    }

    /** Runs the scenario on both and asserts the observations are equal; returns them. */
    private List<Object> same(Function<Fs, List<Object>> scenario) {
        List<Object> d = scenario.apply(direct);
        List<Object> s = scenario.apply(sandbox);
        assertThat(s).as("sandbox vs direct").isEqualTo(d);
        return s;
    }

    private static Object fd(long r) {
        return r < 0 ? r : "fd";
    }

    private static Object res(SyscallResult r) {
        return r.value() + ":" + HexFormat.of().formatHex(r.output());
    }

    private static Object stat(SyscallResult r) {
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

    @Test
    void openat_resultsAndErrnosMatchTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o.subList(0, 9)).containsExactly("fd", -2L, -17L, -20L, -21L, -40L, "fd", -20L, -36L);
        assertThat(o.get(18)).isEqualTo(-9L);
    }

    private static final int O_RDONLY_ = 0;

    @Test
    void close_matchesTheHost() {
        assertThat(same(fs -> {
            long f = create(fs, "f", "x");
            return List.of(fs.close(f), fs.close(f), fs.close(-1), fs.close(100_000));
        })).containsExactly(0L, -9L, -9L, -9L);
    }

    @Test
    void readAndWrite_matchTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o).containsExactly(0L, "3:68656c", "2:6c6f", "0:", 0L, -9L, "-9:", 1L, "6:68656c6c6f21", "-21:", "-9:");
    }

    @Test
    void preadAndPwrite_matchTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o).containsExactly(2L, "8:61620000000079 7a".replace(" ", ""), "3:00797a", 2L, "-22:", -22L, "-29:", -29L);
    }

    @Test
    void readvAndWritev_matchTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o).containsExactly(5L, 0L, "5:6162636465", 1L, "2:6263", "-22:", "0:", -9L, -9L);
    }

    @Test
    void lseek_matchesTheHost() {
        List<Object> o = same(fs -> {
            long f = create(fs, "f", "0123456789");
            return List.of(fs.lseek(f, -3, SEEK_END), fs.lseek(f, 2, SEEK_CUR), fs.lseek(f, -100, SEEK_CUR),
                    fs.lseek(f, 0, 17), fs.lseek(f, 0, SEEK_DATA), fs.lseek(f, 0, SEEK_HOLE), fs.lseek(f, 11, SEEK_DATA),
                    fs.lseek(fs.pipe2(0)[2], 0, SEEK_SET), fs.lseek(999, 0, SEEK_SET));
        });
        assertThat(o).containsExactly(7L, 9L, -22L, -22L, 0L, 10L, -6L, -29L, -9L);
    }

    @Test
    void mkdirat_matchesTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o.subList(0, 12)).containsExactly(0L, -17L, -2L, 0L, 0L, -17L, -17L, -17L, -20L, -17L, -36L, -2L);
        assertThat(o.getLast()).isEqualTo(-20L);
    }

    @Test
    void unlinkat_matchesTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o).containsExactly(0L, -2L, -21L, -20L, -39L, -22L, -39L, -21L, -20L, -22L, -20L, 0L,
                "mode=100644 nlink=1 size=0 blksize=4096 blocks=0", 0L, 0L, -2L);
    }

    @Test
    void symlinkatAndReadlinkat_matchTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o.subList(0, 12)).containsExactly(0L, -17L, -2L, -2L, 0L, "17:7461726765742f776974682f7061727473",
                "6:746172676574", "-22:", "-22:", "-2:", "-22:", "-2:");
    }

    @Test
    void renameat2_matchesTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o.subList(0, 16)).containsExactly(0L, -2L, -17L, 0L, "1:41", -22L, -22L, -22L, -16L, -21L, -39L,
                -20L, 0L, -2L, -2L, 0L);
    }

    @Test
    void newfstatatAndFstat_matchTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o.get(0)).isEqualTo("mode=100644 nlink=1 size=5 blksize=4096 blocks=8");
        assertThat(o.get(4)).asString().startsWith("mode=120777 nlink=1 size=1 ");
        assertThat(o.subList(5, 11)).containsExactly(-2L, o.get(6), -2L, -20L, -2L, -22L);
        assertThat(o.subList(12, 14)).containsExactly(-20L, -9L);
    }

    @Test
    void getdents64_matchesTheHostAfterDecoding() {
        List<Object> o = same(fs -> {
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
            r.add(dirents(all.output()));
            r.add(res(fs.getdents64(d, 4096)));                 // end of directory
            r.add(fs.lseek(d, 0, SEEK_SET));
            r.add(res(fs.getdents64(d, 10)));                   // smaller than one entry
            r.add(res(fs.getdents64(fs.openat(CWD, "d/a", 0, 0), 4096)));
            r.add(res(fs.getdents64(5555, 4096)));
            return r;
        });
        assertThat(o.get(1).toString()).isEqualTo("[. 4, .. 4, a 8, bb 8, ccc 8, ln 10, sub 4]");
        assertThat(o.subList(2, 7)).containsExactly("0:", 0L, "-22:", "-20:", "-9:");
    }

    /** Names and d_type of a linux_dirent64 buffer, sorted: the order differs between two directories. */
    static TreeSet<String> dirents(byte[] buf) {
        TreeSet<String> names = new TreeSet<>();
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < buf.length) {
            int reclen = b.getShort(at + 16) & 0xffff;
            int type = b.get(at + 18);
            int end = at + 19;
            while (buf[end] != 0) {
                end++;
            }
            names.add(new String(buf, at + 19, end - at - 19, StandardCharsets.UTF_8) + " " + type);
            at += reclen;
        }
        return names;
    }

    @Test
    void ftruncateAndFsync_matchTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o).containsExactly(0L, "mode=100644 nlink=1 size=100 blksize=4096 blocks=8", 0L, "2:6865",
                -22L, -22L, -9L, 0L, -9L, -22L, -22L);
    }

    @Test
    void flock_matchesTheHost() {
        List<Object> o = same(fs -> {
            long a = create(fs, "f", "");
            long b = fs.openat(CWD, "f", O_RDONLY_, 0);
            return List.of(fs.flock(a, LOCK_EX), fs.flock(b, LOCK_EX | LOCK_NB), fs.flock(b, LOCK_SH | LOCK_NB),
                    fs.flock(a, LOCK_UN), fs.flock(b, LOCK_SH | LOCK_NB), fs.flock(a, LOCK_SH | LOCK_NB),
                    fs.flock(a, LOCK_EX | LOCK_NB), fs.flock(a, 0), fs.flock(a, 3), fs.flock(999, LOCK_EX));
        });
        assertThat(o).containsExactly(0L, -11L, -11L, 0L, 0L, 0L, -11L, -22L, -22L, -9L);
    }

    @Test
    void fcntl_matchesTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o.subList(0, 6)).containsExactly("102002", 0L, "104002", 1L, 0L, 0L);
    }

    @Test
    void dup3_matchesTheHost() {
        // host fd 1000 must be free in this JVM for the direct half
        assertThat(direct.fcntl(1000, F_GETFD, 0)).isEqualTo(-9L);
        List<Object> o = same(fs -> {
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
        });
        assertThat(o).containsExactly(1000L, 1L, 1000L, 0L, "3:78797a", -22L, -22L, -9L, -9L, 0L, -9L);
    }

    @Test
    void pipe2_matchesTheHost() {
        List<Object> o = same(fs -> {
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
        });
        assertThat(o).containsExactly(0L, 1L, "-11:", 3L, "3:616263", -9L, "mode=10600 ", -22L, -32L);
    }
}
