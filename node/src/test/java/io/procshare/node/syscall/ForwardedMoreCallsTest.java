package io.procshare.node.syscall;

import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.Errno;
import io.procshare.verticles.syscall.Sysno;
import io.procshare.verticles.syscall.host.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.procshare.node.syscall.ThreeNodes.bytes;
import static io.procshare.node.syscall.ThreeNodes.scratch;
import static io.procshare.node.syscall.ThreeNodes.string;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 6: the calls real programs make beyond the corpus, issued by a thread on node 1
 * of a process homed on node 0, each compared with the same call on this host (through
 * {@link Libc}, on a file in a temp directory) or, where the answer is procshare's own (the CPU
 * mask, the machine name), with what the issue and Linux document.
 */
@ExtendWith(ThreeNodes.Extension.class)
class ForwardedMoreCallsTest {

    private static final int AT_FDCWD = -100;
    private static final int O_RDWR_CREAT = 02 | 0100;
    private static final int AT_EMPTY_PATH = 0x1000;

    private final ThreeNodes nodes;
    @TempDir
    Path host;

    ForwardedMoreCallsTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    private static byte[] le(Object... fields) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (Object f : fields) {
            switch (f) {
                case Short s -> b.putShort(s);
                case Integer i -> b.putInt(i);
                case Long l -> b.putLong(l);
                default -> throw new IllegalArgumentException(f.toString());
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /** A guest struct flock (32 bytes): type, whence, start, len, pid. */
    private static byte[] flock(int type, long start, long len, int pid) {
        return Arrays.copyOf(le((short) type, (short) 0, 0, start, len, pid), 32);
    }

    private static long open(GuestThread t, long m, String path, int flags, int mode) {
        return t.syscall(Sysno.OPENAT, AT_FDCWD, string(t, m, path), flags, mode);
    }

    private MemorySegment hostPath(Arena a, String name) {
        return a.allocateFrom(host.resolve(name).toString(), StandardCharsets.UTF_8);
    }

    private static int mode(GuestThread t, long m, String path) {
        assertThat(t.syscall(Sysno.NEWFSTATAT, AT_FDCWD, string(t, m, path), m + 512, 0)).isZero();
        return t.memory().readInt(m + 512 + 16) & 07777;
    }

    @Test
    void when_fcntlRecordLocksAreForwarded_then_setlkGetlkAndTheOfdVariantsMatchTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        long fd = open(t, m, "/lk", O_RDWR_CREAT, 0644);
        long fd2 = open(t, m, "/lk", 02, 0);
        List<Object> guest = new ArrayList<>();
        List<Object> hostSide = new ArrayList<>();
        long buf = m + 1024;
        int[][] steps = {{6, 1, 0}, {5, 1, 0}, {36, 1, 1}, {37, 1, 1}, {37, 0, 1}, {6, 7, 0}, {37, 0, 99}, {6, 2, 0}, {36, 1, 1}};
        for (int[] s : steps) {
            byte[] in = flock(s[1], 0, 10, s[0] == 37 && s[2] == 99 ? 5 : 0);
            t.memory().write(buf, in, 0, 32);
            guest.add(t.syscall(Sysno.FCNTL, s[2] == 1 ? fd2 : fd, s[0], buf));
            guest.add(Arrays.toString(bytes(t, buf, 32)));
        }
        try (Arena a = Arena.ofConfined()) {
            int h = (int) Libc.openat(Libc.AT_FDCWD, hostPath(a, "lk"), O_RDWR_CREAT | 02000000, 0644);
            int h2 = (int) Libc.openat(Libc.AT_FDCWD, hostPath(a, "lk"), 02 | 02000000, 0);
            MemorySegment seg = a.allocate(32);
            for (int[] s : steps) {
                MemorySegment.copy(flock(s[1], 0, 10, s[0] == 37 && s[2] == 99 ? 5 : 0), 0, seg, JAVA_BYTE, 0, 32);
                hostSide.add(Libc.fcntl(s[2] == 1 ? h2 : h, s[0], seg.address()));
                hostSide.add(Arrays.toString(seg.toArray(JAVA_BYTE)));
            }
            Libc.close(h);
            Libc.close(h2);
        }
        assertThat(guest).isEqualTo(hostSide);
        // F_SETLK, own F_GETLK (no conflict), OFD GETLK sees the classic lock, OFD SETLK EAGAIN, OFD unlock, bad type, OFD pid != 0
        assertThat(guest.get(0)).isEqualTo(0L);
        assertThat(guest.get(6)).isEqualTo(-(long) Errno.EAGAIN);
        assertThat(guest.get(10)).isEqualTo(-(long) Errno.EINVAL);
        assertThat(t.syscall(Sysno.FCNTL, 99, 6, buf)).isEqualTo(-Errno.EBADF);
    }

    @Test
    void when_fdatasyncFchmodAndFchmodatAreForwarded_then_modesAndErrnosMatchTheHost() throws Exception {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        long fd = open(t, m, "/f", O_RDWR_CREAT, 0644);
        assertThat(t.syscall(Sysno.FDATASYNC, fd)).isZero();
        assertThat(t.syscall(Sysno.FDATASYNC, 99)).isEqualTo(-Errno.EBADF);
        assertThat(t.syscall(Sysno.FCHMOD, fd, 0600)).isZero();
        assertThat(mode(t, m, "/f")).isEqualTo(0600);
        assertThat(t.syscall(Sysno.FCHMODAT, AT_FDCWD, string(t, m, "/f"), 0640)).isZero();
        assertThat(mode(t, m, "/f")).isEqualTo(0640);
        assertThat(t.syscall(Sysno.SYMLINKAT, string(t, m, "/f"), AT_FDCWD, string(t, m + 256, "/ln"))).isZero();
        assertThat(t.syscall(Sysno.FCHMODAT, AT_FDCWD, string(t, m, "/ln"), 0604)).as("follows the link").isZero();
        assertThat(mode(t, m, "/f")).isEqualTo(0604);
        try (Arena a = Arena.ofConfined()) {
            Files.createFile(host.resolve("f"));
            assertThat(t.syscall(Sysno.FCHMODAT, AT_FDCWD, string(t, m, "/missing"), 0600))
                    .isEqualTo(Libc.fchmodat(Libc.AT_FDCWD, hostPath(a, "missing"), 0600, 0)).isEqualTo(-Errno.ENOENT);
            assertThat(t.syscall(Sysno.FCHMOD, 99, 0600)).isEqualTo(Libc.fchmod(9999, 0600)).isEqualTo(-Errno.EBADF);
        }
    }

    @Test
    void when_faccessatAndFaccessat2AreForwarded_then_resultsMatchTheHost() throws Exception {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        long fd = open(t, m, "/a", O_RDWR_CREAT, 0644);
        Files.createFile(host.resolve("a"));
        try (Arena a = Arena.ofConfined()) {
            int hfd = (int) Libc.openat(Libc.AT_FDCWD, hostPath(a, "a"), 02 | 02000000, 0);
            MemorySegment empty = a.allocateFrom("");
            String[] paths = {"/a", "/missing", "/a/x"};
            for (String p : paths) {
                for (int mode : new int[] {0, 4, 2, 1, 8}) {
                    MemorySegment hp = hostPath(a, p.substring(1));
                    assertThat(t.syscall(Sysno.FACCESSAT, AT_FDCWD, string(t, m, p), mode)).as("%s %d", p, mode)
                            .isEqualTo(Libc.faccessat2(Libc.AT_FDCWD, hp, mode, 0));
                    assertThat(t.syscall(Sysno.FACCESSAT2, AT_FDCWD, string(t, m, p), mode, 0x200)).as("%s %d EACCESS", p, mode)
                            .isEqualTo(Libc.faccessat2(Libc.AT_FDCWD, hp, mode, 0x200));
                }
            }
            assertThat(t.syscall(Sysno.FACCESSAT2, fd, string(t, m, ""), 4, AT_EMPTY_PATH))
                    .isEqualTo(Libc.faccessat2(hfd, empty, 4, AT_EMPTY_PATH)).isZero();
            assertThat(t.syscall(Sysno.FACCESSAT2, fd, string(t, m, ""), 4, 0))
                    .isEqualTo(Libc.faccessat2(hfd, empty, 4, 0)).isEqualTo(-Errno.ENOENT);
            assertThat(t.syscall(Sysno.FACCESSAT2, AT_FDCWD, string(t, m, "/a"), 0, 0x8000))
                    .isEqualTo(Libc.faccessat2(Libc.AT_FDCWD, hostPath(a, "a"), 0, 0x8000)).isEqualTo(-Errno.EINVAL);
            Libc.close(hfd);
        }
    }

    @Test
    void when_utimensatIsForwarded_then_theTimesTheStatShowsMatchTheHosts() throws Exception {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        long fd = open(t, m, "/u", O_RDWR_CREAT, 0644);
        Files.createFile(host.resolve("u"));
        byte[] times = le(1_000L, 5L, 2_000L, 7L);
        byte[] badNsec = le(1_000L, 2_000_000_000L, 2_000L, 7L);
        t.memory().write(m + 2048, times, 0, 32);
        t.memory().write(m + 2112, badNsec, 0, 32);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ht = a.allocate(32);
            MemorySegment.copy(times, 0, ht, JAVA_BYTE, 0, 32);
            MemorySegment hb = a.allocate(32);
            MemorySegment.copy(badNsec, 0, hb, JAVA_BYTE, 0, 32);
            assertThat(t.syscall(Sysno.UTIMENSAT, AT_FDCWD, string(t, m, "/u"), m + 2048, 0))
                    .isEqualTo(Libc.utimensat(Libc.AT_FDCWD, hostPath(a, "u"), ht, 0)).isZero();
            assertThat(t.syscall(Sysno.NEWFSTATAT, AT_FDCWD, string(t, m, "/u"), m + 512, 0)).isZero();
            assertThat(bytes(t, m + 512 + 72, 32)).as("atime, mtime").isEqualTo(times);
            assertThat(t.syscall(Sysno.UTIMENSAT, AT_FDCWD, string(t, m, "/u"), m + 2112, 0))
                    .isEqualTo(Libc.utimensat(Libc.AT_FDCWD, hostPath(a, "u"), hb, 0)).isEqualTo(-Errno.EINVAL);
            assertThat(t.syscall(Sysno.UTIMENSAT, AT_FDCWD, string(t, m, "/nope"), m + 2048, 0))
                    .isEqualTo(Libc.utimensat(Libc.AT_FDCWD, hostPath(a, "nope"), ht, 0)).isEqualTo(-Errno.ENOENT);
            assertThat(t.syscall(Sysno.UTIMENSAT, fd, 0, 0, 0)).as("NULL path: the fd, now").isZero();
            assertThat(t.syscall(Sysno.UTIMENSAT, AT_FDCWD, 0, 0, 0)).isEqualTo(-Errno.EFAULT);
        }
    }

    @Test
    void when_statxIsForwarded_then_itsStructIsTheHostsForTheSameFile_andErrnosMatch() throws Exception {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        long fd = open(t, m, "/s", O_RDWR_CREAT, 0644);
        t.memory().write(m + 100, "hello".getBytes(), 0, 5);
        assertThat(t.syscall(Sysno.WRITE, fd, m + 100, 5)).isEqualTo(5);
        String real = nodes.sandbox(t.pid()).resolve("s").toString();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            assertThat(Libc.statx(Libc.AT_FDCWD, a.allocateFrom(real), 0, 0x7ff, buf)).isZero();
            assertThat(t.syscall(Sysno.STATX, AT_FDCWD, string(t, m, "/s"), 0, 0x7ff, m + 1024)).isZero();
            byte[] g = bytes(t, m + 1024, 256);
            byte[] h = buf.toArray(JAVA_BYTE);
            assertThat(Arrays.copyOfRange(g, 0, 64)).as("mask .. blocks").isEqualTo(Arrays.copyOfRange(h, 0, 64));
            assertThat(Arrays.copyOfRange(g, 80, 256)).as("btime .. end").isEqualTo(Arrays.copyOfRange(h, 80, 256));
            assertThat(t.syscall(Sysno.STATX, fd, string(t, m, ""), AT_EMPTY_PATH, 0x7ff, m + 1024)).isZero();
            assertThat(t.syscall(Sysno.STATX, AT_FDCWD, string(t, m, "/x"), 0, 0x7ff, m + 1024))
                    .isEqualTo(Libc.statx(Libc.AT_FDCWD, hostPath(a, "x"), 0, 0x7ff, buf)).isEqualTo(-Errno.ENOENT);
            assertThat(t.syscall(Sysno.STATX, AT_FDCWD, string(t, m, "/s"), 0x6000, 0x7ff, m + 1024))
                    .isEqualTo(Libc.statx(Libc.AT_FDCWD, a.allocateFrom(real), 0x6000, 0x7ff, buf)).isEqualTo(-Errno.EINVAL);
            assertThat(t.syscall(Sysno.STATX, AT_FDCWD, string(t, m, "/s"), 0, 0x80000000L, m + 1024))
                    .isEqualTo(Libc.statx(Libc.AT_FDCWD, a.allocateFrom(real), 0, 0x80000000, buf)).isEqualTo(-Errno.EINVAL);
        }
    }

    @Test
    void when_statfsAndFstatfsAreForwarded_then_theFileSystemIsTheSandboxes() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        long fd = open(t, m, "/q", O_RDWR_CREAT, 0644);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(120);
            int dir = (int) Libc.openat(Libc.AT_FDCWD, a.allocateFrom(nodes.sandbox(t.pid()).toString()), 0, 0);
            assertThat(Libc.fstatfs(dir, buf)).isZero();
            Libc.close(dir);
            byte[] h = buf.toArray(JAVA_BYTE);
            for (long call : new long[] {0, 1}) {
                assertThat(call == 0 ? t.syscall(Sysno.STATFS, string(t, m, "/"), m + 512) : t.syscall(Sysno.FSTATFS, fd, m + 512))
                        .isZero();
                byte[] g = bytes(t, m + 512, 120);
                assertThat(Arrays.copyOfRange(g, 0, 24)).as("f_type, f_bsize, f_blocks").isEqualTo(Arrays.copyOfRange(h, 0, 24));
                assertThat(Arrays.copyOfRange(g, 56, 88)).as("f_fsid .. f_flags").isEqualTo(Arrays.copyOfRange(h, 56, 88));
            }
            assertThat(t.syscall(Sysno.STATFS, string(t, m, "/none"), m + 512)).isEqualTo(-Errno.ENOENT);
            assertThat(t.syscall(Sysno.FSTATFS, 99, m + 512)).isEqualTo(-Errno.EBADF);
        }
    }

    @Test
    void when_eventfd2IsForwarded_then_writesAddUp_andReadTakesTheCounter() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        long fd = t.syscall(Sysno.EVENTFD2, 3, 04000 /* EFD_NONBLOCK */);
        assertThat(fd).isGreaterThanOrEqualTo(3);
        t.memory().writeLong(m, 5);
        assertThat(t.syscall(Sysno.WRITE, fd, m, 8)).isEqualTo(8);
        assertThat(t.syscall(Sysno.READ, fd, m + 8, 8)).isEqualTo(8);
        assertThat(t.memory().readLong(m + 8)).isEqualTo(8);
        assertThat(t.syscall(Sysno.READ, fd, m + 8, 8)).as("counter 0, nonblocking").isEqualTo(-Errno.EAGAIN);
        assertThat(t.syscall(Sysno.EVENTFD2, 0, 0x10)).isEqualTo(Libc.eventfd(0, 0x10)).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void when_ppollIsForwarded_then_pipesAndFilesReportReadiness_andATimeoutReturnsZeroAfterIt() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        assertThat(t.syscall(Sysno.PIPE2, m, 0)).isZero();
        int rd = t.memory().readInt(m);
        int wr = t.memory().readInt(m + 4);
        long file = open(t, m + 64, "/p", O_RDWR_CREAT, 0644);
        long fds = m + 256;
        t.memory().write(fds, le(rd, (short) 1, (short) 0, wr, (short) 4, (short) 0, (int) file, (short) 5, (short) 0,
                77, (short) 1, (short) 0, -1, (short) 1, (short) 0), 0, 40);
        t.memory().write(m + 512, le(0L, 0L), 0, 16);
        assertThat(t.syscall(Sysno.PPOLL, fds, 5, m + 512, 0, 8)).isEqualTo(3);
        assertThat(t.memory().readShort(fds + 6)).as("empty pipe").isZero();
        assertThat(t.memory().readShort(fds + 14)).isEqualTo((short) 4);
        assertThat(t.memory().readShort(fds + 22)).as("a file is always ready").isEqualTo((short) 5);
        assertThat(t.memory().readShort(fds + 30)).as("not open: POLLNVAL").isEqualTo((short) 0x20);
        assertThat(t.memory().readShort(fds + 38)).as("negative fd: skipped").isZero();
        t.memory().write(m + 512, le(0L, 50_000_000L), 0, 16);
        long start = System.nanoTime();
        assertThat(t.syscall(Sysno.PPOLL, fds, 1, m + 512, 0, 8)).isZero();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(50_000_000L);
        t.memory().writeByte(m + 600, (byte) 'x');
        assertThat(t.syscall(Sysno.WRITE, wr, m + 600, 1)).isEqualTo(1);
        assertThat(t.syscall(Sysno.PPOLL, fds, 1, 0, 0, 8)).isEqualTo(1);
        assertThat(t.memory().readShort(fds + 6)).isEqualTo((short) 1);
        assertThat(t.syscall(Sysno.PPOLL, fds, 1, 0, m, 4)).as("sigsetsize").isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.PPOLL, fds, 100_000, 0, 0, 8)).as("nfds above RLIMIT_NOFILE").isEqualTo(-Errno.EINVAL);
    }

    @Test
    void when_fchdirAndUmaskAreForwarded_then_theCwdMoves_andNewFilesGetTheMaskedMode() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        assertThat(t.syscall(Sysno.MKDIRAT, AT_FDCWD, string(t, m, "/d"), 0755)).isZero();
        long dir = open(t, m, "/d", 0200000, 0);
        long file = open(t, m, "/d/f", O_RDWR_CREAT, 0644);
        assertThat(t.syscall(Sysno.FCHDIR, dir)).isZero();
        assertThat(t.syscall(Sysno.GETCWD, m + 256, 64)).isEqualTo(3);
        assertThat(new String(bytes(t, m + 256, 2))).isEqualTo("/d");
        assertThat(t.syscall(Sysno.FCHDIR, file)).isEqualTo(-Errno.ENOTDIR);
        assertThat(t.syscall(Sysno.FCHDIR, 99)).isEqualTo(-Errno.EBADF);
        assertThat(t.syscall(Sysno.UMASK, 077)).isEqualTo(022);
        assertThat(t.syscall(Sysno.UMASK, 077)).isEqualTo(077);
        open(t, m, "g", O_RDWR_CREAT, 0666);
        assertThat(mode(t, m, "/d/g")).isEqualTo(0600);
    }

    @Test
    void when_unameIsCalled_then_machineIsRiscv64_andTheRestIsTheHomeHostsAsQemuReportsIt() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        assertThat(t.syscall(Sysno.UNAME, m)).isZero();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(390);
            assertThat(Libc.uname(h)).isZero();
            for (int field : new int[] {0, 1, 2, 3, 5}) {
                assertThat(field(bytes(t, m + 65L * field, 65))).isEqualTo(field(h.asSlice(65L * field, 65).toArray(JAVA_BYTE)));
            }
        }
        assertThat(field(bytes(t, m, 65))).isEqualTo("Linux");
        assertThat(field(bytes(t, m + 4 * 65, 65))).isEqualTo("riscv64");
    }

    private static String field(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void when_idsAndSysinfoAreAsked_then_theyAreTheHosts() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        assertThat(t.syscall(Sysno.GETUID)).isEqualTo(Libc.getuid());
        assertThat(t.syscall(Sysno.GETEUID)).isEqualTo(Libc.geteuid());
        assertThat(t.syscall(Sysno.GETGID)).isEqualTo(Libc.getgid());
        assertThat(t.syscall(Sysno.GETEGID)).isEqualTo(Libc.getegid());
        assertThat(t.syscall(Sysno.GETPPID)).as("the home's JVM started it").isEqualTo(ProcessHandle.current().pid());
        assertThat(t.syscall(Sysno.SYSINFO, m)).isZero();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(112);
            assertThat(Libc.sysinfo(h)).isZero();
            assertThat(t.memory().readLong(m + 32)).as("totalram").isEqualTo(h.get(java.lang.foreign.ValueLayout.JAVA_LONG, 32));
            assertThat(t.memory().readInt(m + 104)).as("mem_unit").isEqualTo(h.get(java.lang.foreign.ValueLayout.JAVA_INT, 104));
        }
        assertThat(t.syscall(Sysno.SYSINFO, 0x10)).isEqualTo(-Errno.EFAULT);
    }

    @Test
    void when_timeCallsAreMade_then_clockGetresIsTheHosts_gettimeofdayIsNow_andTimesAndGetrusageAnswer() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        for (int clock = 0; clock <= 7; clock++) {
            long[] h = new long[2];
            try (Arena a = Arena.ofConfined()) {
                MemorySegment ts = a.allocate(16);
                long r = Libc.clockGetres(clock, ts);
                assertThat(t.syscall(Sysno.CLOCK_GETRES, clock, m)).as("clock %d", clock).isEqualTo(r);
                if (r == 0 && clock != 2 && clock != 3) {
                    assertThat(bytes(t, m, 16)).isEqualTo(ts.toArray(JAVA_BYTE));
                }
            }
        }
        assertThat(t.syscall(Sysno.CLOCK_GETRES, 1, 0)).isZero();
        assertThat(t.syscall(Sysno.CLOCK_GETRES, 99, m)).isEqualTo(HostLibc.raw(Sysno.CLOCK_GETRES, 99, 0)).isEqualTo(-Errno.EINVAL);
        long before = System.currentTimeMillis() * 1000;
        t.memory().writeLong(m + 32, -1);
        assertThat(t.syscall(Sysno.GETTIMEOFDAY, m + 16, m + 32)).isZero();
        long usec = t.memory().readLong(m + 16) * 1_000_000 + t.memory().readLong(m + 24);
        assertThat(usec).isBetween(before - 1000, System.currentTimeMillis() * 1000 + 1000);
        assertThat(t.memory().readLong(m + 32)).as("struct timezone: UTC").isZero();
        assertThat(t.syscall(Sysno.GETTIMEOFDAY, 0, 0)).isZero();
        assertThat(t.syscall(Sysno.TIMES, m + 64)).isPositive();
        assertThat(t.syscall(Sysno.TIMES, 0)).isPositive();
        assertThat(t.syscall(Sysno.GETRUSAGE, 0, m + 128)).isZero();
        assertThat(t.syscall(Sysno.GETRUSAGE, 5, m + 128)).isEqualTo(HostLibc.raw(Sysno.GETRUSAGE, 5, 0)).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void when_affinityIsAsked_then_theMaskHoldsTheClustersCpus_andBadLengthsAndPidsAreEinvalOrEsrch() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        int cpus = 3 * Runtime.getRuntime().availableProcessors();
        long size = t.syscall(Sysno.SCHED_GETAFFINITY, 0, 128, m);
        assertThat(size).isEqualTo(((cpus + 63) / 64) * 8L);
        assertThat(java.util.BitSet.valueOf(bytes(t, m, (int) size)).cardinality()).isEqualTo(cpus);
        assertThat(t.syscall(Sysno.SCHED_GETAFFINITY, t.gtid(), 128, m)).isEqualTo(size);
        assertThat(t.syscall(Sysno.SCHED_GETAFFINITY, 0, 12, m)).as("not a multiple of 8").isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.SCHED_GETAFFINITY, 0x7ffffff0L, 128, m)).isEqualTo(-Errno.ESRCH);
        t.memory().writeLong(m, 1);
        assertThat(t.syscall(Sysno.SCHED_SETAFFINITY, 0, 8, m)).isZero();
        t.memory().writeLong(m, 0);
        assertThat(t.syscall(Sysno.SCHED_SETAFFINITY, 0, 8, m)).isEqualTo(-Errno.EINVAL);
        t.memory().writeInt(m, -1);
        t.memory().writeInt(m + 4, -1);
        assertThat(t.syscall(Sysno.GETCPU, m, m + 4, 0)).isZero();
        assertThat(t.memory().readInt(m)).isZero();
        assertThat(t.memory().readInt(m + 4)).isZero();
    }

    @Test
    void when_prctlNamesAThread_then_getNameReturnsIt_andUnknownOptionsAreEinvalAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        string(t, m, "worker-one-with-a-long-name");
        assertThat(t.syscall(Sysno.PRCTL, 15 /* PR_SET_NAME */, m)).isZero();
        assertThat(t.syscall(Sysno.PRCTL, 16 /* PR_GET_NAME */, m + 64)).isZero();
        assertThat(field(bytes(t, m + 64, 16))).isEqualTo("worker-one-with");
        assertThat(t.syscall(Sysno.PRCTL, 3 /* PR_GET_DUMPABLE */)).isEqualTo(1);
        assertThat(t.syscall(Sysno.PRCTL, 9999)).isEqualTo(HostLibc.raw(Sysno.PRCTL, 9999)).isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.PRCTL, 16, 0x10)).isEqualTo(-Errno.EFAULT);
    }

    @Test
    void when_ioctlAsksForATerminal_then_enottyUnlessTheClientsStreamIsOne_andFioclexSetsCloseOnExec() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        long file = open(t, m, "/i", O_RDWR_CREAT, 0644);
        for (long fd : new long[] {0, 1, 2, file}) {
            assertThat(t.syscall(Sysno.IOCTL, fd, 0x5401 /* TCGETS */, m + 64)).as("fd %d", fd).isEqualTo(-Errno.ENOTTY);
            assertThat(t.syscall(Sysno.IOCTL, fd, 0x5413 /* TIOCGWINSZ */, m + 64)).isEqualTo(-Errno.ENOTTY);
        }
        assertThat(t.syscall(Sysno.IOCTL, 99, 0x5401, m + 64)).isEqualTo(-Errno.EBADF);
        assertThat(t.syscall(Sysno.IOCTL, file, 0x5451 /* FIOCLEX */, 0)).isZero();
        assertThat(t.syscall(Sysno.FCNTL, file, 1 /* F_GETFD */, 0)).isEqualTo(1);

        GuestThread main = nodes.startProcess(new ClientStreams() {
            @Override public long write(int stream, byte[] data) { return data.length; }
            @Override public long read(byte[] into) { return 0; }
            @Override public boolean isTerminal(int stream) { return stream == STDOUT; }
            @Override public int[] windowSize(int stream) { return new int[] {50, 132}; }
        });
        GuestThread tty = nodes.threadOn(1, main);
        long n = scratch(tty);
        assertThat(tty.syscall(Sysno.IOCTL, 1, 0x5401, n)).isZero();
        assertThat(tty.memory().readInt(n + 12) & 2).as("c_lflag ICANON").isEqualTo(2);
        assertThat(tty.syscall(Sysno.IOCTL, 1, 0x5413, n + 64)).isZero();
        assertThat(tty.memory().readShort(n + 64)).isEqualTo((short) 50);
        assertThat(tty.memory().readShort(n + 66)).isEqualTo((short) 132);
        assertThat(tty.syscall(Sysno.IOCTL, 0, 0x5401, n)).as("stdin is not").isEqualTo(-Errno.ENOTTY);
    }

    @Test
    void when_clockNanosleepIsRelativeOrAbsolute_then_itSleepsUntilThatTime_andBadArgumentsAreEinvalAsOnTheHost() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        t.memory().write(m, le(0L, 30_000_000L), 0, 16);
        long start = System.nanoTime();
        assertThat(t.syscall(Sysno.CLOCK_NANOSLEEP, 0 /* CLOCK_REALTIME */, 0, m, 0)).isZero();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(30_000_000L);
        assertThat(t.syscall(Sysno.CLOCK_GETTIME, 1, m + 32)).isZero();
        long deadline = t.memory().readLong(m + 32) * 1_000_000_000L + t.memory().readLong(m + 40) + 40_000_000L;
        t.memory().write(m, le(deadline / 1_000_000_000L, deadline % 1_000_000_000L), 0, 16);
        start = System.nanoTime();
        assertThat(t.syscall(Sysno.CLOCK_NANOSLEEP, 1 /* CLOCK_MONOTONIC */, 1 /* TIMER_ABSTIME */, m, 0)).isZero();
        assertThat(System.nanoTime() - start).as("until the process clock's deadline")
                .isGreaterThanOrEqualTo(40_000_000L - 2 * nodes.node(1).syscalls().monotonicError(nodes.home()));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ts = a.allocate(16);
            ts.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, 2_000_000_000L);
            t.memory().write(m, le(0L, 2_000_000_000L), 0, 16);
            assertThat(t.syscall(Sysno.CLOCK_NANOSLEEP, 1, 0, m, 0))
                    .isEqualTo(HostLibc.raw(Sysno.CLOCK_NANOSLEEP, 1, 0, ts.address(), 0)).isEqualTo(-Errno.EINVAL);
            ts.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, 0);
            assertThat(t.syscall(Sysno.CLOCK_NANOSLEEP, 3 /* THREAD_CPUTIME */, 0, m + 64, 0))
                    .isEqualTo(HostLibc.raw(Sysno.CLOCK_NANOSLEEP, 3, 0, ts.address(), 0)).isEqualTo(-Errno.EOPNOTSUPP);
            assertThat(t.syscall(Sysno.CLOCK_NANOSLEEP, 99, 0, m + 64, 0))
                    .isEqualTo(HostLibc.raw(Sysno.CLOCK_NANOSLEEP, 99, 0, ts.address(), 0)).isEqualTo(-Errno.EINVAL);
        }
    }

    @Test
    void when_pselect6IsForwarded_then_theSetsKeepTheReadyFds_andATimeoutReturnsZero() {
        GuestThread t = nodes.processWithThreadOn(1);
        long m = scratch(t);
        assertThat(t.syscall(Sysno.PIPE2, m, 0)).isZero();
        int rd = t.memory().readInt(m);
        int wr = t.memory().readInt(m + 4);
        long readSet = m + 64;
        long writeSet = m + 128;
        long timeout = m + 192;
        t.memory().writeLong(readSet, 1L << rd);
        t.memory().writeLong(writeSet, 1L << wr);
        t.memory().write(timeout, le(0L, 0L), 0, 16);
        assertThat(t.syscall(Sysno.PSELECT6, wr + 1, readSet, writeSet, 0, timeout, 0)).isEqualTo(1);
        assertThat(t.memory().readLong(readSet)).as("the empty pipe is not readable").isZero();
        assertThat(t.memory().readLong(writeSet)).isEqualTo(1L << wr);
        t.memory().writeLong(readSet, 1L << rd);
        t.memory().write(timeout, le(0L, 40_000_000L), 0, 16);
        long start = System.nanoTime();
        assertThat(t.syscall(Sysno.PSELECT6, rd + 1, readSet, 0, 0, timeout, 0)).isZero();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(40_000_000L);
        t.memory().writeByte(m + 300, (byte) 'x');
        assertThat(t.syscall(Sysno.WRITE, wr, m + 300, 1)).isEqualTo(1);
        t.memory().writeLong(readSet, 1L << rd);
        assertThat(t.syscall(Sysno.PSELECT6, rd + 1, readSet, 0, 0, 0, 0)).isEqualTo(1);
        assertThat(t.memory().readLong(readSet)).isEqualTo(1L << rd);
        t.memory().writeLong(readSet, 1L << 40);
        assertThat(t.syscall(Sysno.PSELECT6, 41, readSet, 0, 0, timeout, 0)).as("fd 40 not open").isEqualTo(-Errno.EBADF);
        t.memory().write(timeout, le(-1L, 0L), 0, 16);
        assertThat(t.syscall(Sysno.PSELECT6, 1, 0, 0, 0, timeout, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(t.syscall(Sysno.PSELECT6, -1, 0, 0, 0, 0, 0)).isEqualTo(-Errno.EINVAL);
    }
}
