package io.procshare.verticles.syscall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.procshare.verticles.syscall.Fs.CWD;
import static io.procshare.verticles.syscall.Fs.c;
import static io.procshare.verticles.syscall.host.GuestAbi.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Behaviour of HostProcess that has no direct host twin: cwd, the guest fd table, client streams, bad arguments. */
class HostProcessTest {

    @TempDir
    Path tmp;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final byte[] stdin = "typed input".getBytes(StandardCharsets.UTF_8);
    private int stdinAt;
    private HostProcess p;

    private final ClientStreams streams = new ClientStreams() {
        @Override
        public synchronized long write(int stream, byte[] data) {
            (stream == STDOUT ? stdout : stderr).writeBytes(data);
            return data.length;
        }

        @Override
        public synchronized long read(byte[] into) {
            int n = Math.min(into.length, stdin.length - stdinAt);
            System.arraycopy(stdin, stdinAt, into, 0, n);
            stdinAt += n;
            return n;
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        p = HostProcess.start(new HostProcessConfig(tmp.resolve("box"), 16, 4096), streams);
    }

    @AfterEach
    void tearDown() {
        p.close();
    }

    private String cwd() {
        SyscallResult r = p.getcwd(4096);
        return r.isError() ? String.valueOf(r.value()) : new String(r.output(), StandardCharsets.UTF_8);
    }

    @Test
    void when_processStarts_then_cwdIsTheSandboxRoot() {
        assertThat(cwd()).isEqualTo("/\0");
        assertThat(p.getcwd(4096).value()).isEqualTo(2);
    }

    @Test
    void when_chdirMoves_then_getcwdReportsThePathFromTheRootAndRelativePathsFollow() {
        assertThat(p.mkdirat(CWD, c("a"), 0755)).isZero();
        assertThat(p.mkdirat(CWD, c("a/b"), 0755)).isZero();
        assertThat(p.chdir(c("a/b"))).isZero();
        assertThat(cwd()).isEqualTo("/a/b\0");
        assertThat(p.openat(CWD, c("here"), O_CREAT | O_WRONLY, 0600)).isGreaterThanOrEqualTo(3);
        assertThat(tmp.resolve("box/a/b/here")).exists();
        assertThat(p.mkdirat(CWD, c("../sib"), 0755)).isZero();
        assertThat(tmp.resolve("box/a/sib")).isDirectory();
        assertThat(p.chdir(c(".."))).isZero();
        assertThat(cwd()).isEqualTo("/a\0");
        assertThat(p.chdir(c("/a/b/../../a/sib"))).isZero();
        assertThat(cwd()).isEqualTo("/a/sib\0");
    }

    @Test
    void when_chdirTargetIsBad_then_linuxErrnos() {
        p.close((int) p.openat(CWD, c("f"), O_CREAT | O_WRONLY, 0600));
        assertThat(p.chdir(c("f"))).isEqualTo(-20);
        assertThat(p.chdir(c("missing"))).isEqualTo(-2);
        assertThat(p.chdir(c(""))).isEqualTo(-2);
        assertThat(p.chdir(null)).isEqualTo(-14);
        assertThat(cwd()).isEqualTo("/\0");
    }

    @Test
    void when_getcwdBufferIsSmallOrCwdIsGone_then_erangeOrEnoent() {
        assertThat(p.mkdirat(CWD, c("abc"), 0755)).isZero();
        assertThat(p.chdir(c("abc"))).isZero();
        assertThat(p.getcwd(5).value()).isEqualTo(5);
        assertThat(p.getcwd(4).value()).isEqualTo(-34);
        assertThat(p.getcwd(0).value()).isEqualTo(-34);
        assertThat(p.getcwd(-1).value()).isEqualTo(5);      // size_t: huge
        assertThat(p.unlinkat(CWD, c("/abc"), AT_REMOVEDIR)).isZero();
        assertThat(p.getcwd(4096).value()).isEqualTo(-2);
        assertThat(p.openat(CWD, c("x"), O_CREAT | O_WRONLY, 0600)).isEqualTo(-2);
    }

    @Test
    void when_cwdIsRenamed_then_getcwdFollowsIt() {
        p.mkdirat(CWD, c("old"), 0755);
        p.chdir(c("old"));
        assertThat(p.renameat2(CWD, c("/old"), CWD, c("/new"), 0)).isZero();
        assertThat(cwd()).isEqualTo("/new\0");
    }

    @Test
    void when_fdsAreOpened_then_lowestFreeNumberIsUsedUntilEmfile() {
        assertThat(p.openat(CWD, c("/"), O_DIRECTORY, 0)).isEqualTo(3);
        assertThat(p.openat(CWD, c("/"), O_DIRECTORY, 0)).isEqualTo(4);
        assertThat(p.close(3)).isZero();
        assertThat(p.openat(CWD, c("/"), O_DIRECTORY, 0)).isEqualTo(3);
        for (int fd = 5; fd < 16; fd++) {
            assertThat(p.openat(CWD, c("/"), O_DIRECTORY, 0)).isEqualTo(fd);
        }
        assertThat(p.openat(CWD, c("/"), O_DIRECTORY, 0)).isEqualTo(-24);
        assertThat(p.openat(CWD, c("/missing"), 0, 0)).isEqualTo(-24);   // Linux allocates the fd before the lookup
        assertThat(p.fcntl(3, F_DUPFD, 0)).isEqualTo(-24);
        assertThat(p.fcntl(3, F_DUPFD, 16)).isEqualTo(-22);
        assertThat(p.dup3(3, 16, 0)).isEqualTo(-9);
        assertThat(p.pipe2(0).value()).isEqualTo(-24);
        assertThat(p.dup(3)).isEqualTo(-24);
    }

    @Test
    void when_processCloses_then_everyHostFdIsClosed() throws Exception {
        long before = hostFdCount();
        HostProcess q = HostProcess.start(HostProcessConfig.of(tmp.resolve("q")), ClientStreams.detached());
        for (int i = 0; i < 5; i++) {
            q.openat(CWD, c("f" + i), O_CREAT | O_RDWR, 0600);
        }
        q.pipe2(0);
        q.dup(3);
        q.mkdirat(CWD, c("d"), 0755);
        q.chdir(c("d"));
        assertThat(hostFdCount()).isGreaterThan(before);
        q.close();
        assertThat(hostFdCount()).isEqualTo(before);
        assertThat(q.openFdCount()).isZero();
    }

    private static long hostFdCount() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void when_guestUsesFds012_then_theyAreTheClientStreams() {
        assertThat(p.write(1, "out".getBytes(StandardCharsets.UTF_8))).isEqualTo(3);
        assertThat(p.writev(2, new byte[][] {"e".getBytes(StandardCharsets.UTF_8), "rr".getBytes(StandardCharsets.UTF_8)})).isEqualTo(3);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("out");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("err");
        assertThat(new String(p.read(0, 5).output(), StandardCharsets.UTF_8)).isEqualTo("typed");
        assertThat(new String(p.readv(0, new long[] {1, 2}).output(), StandardCharsets.UTF_8)).isEqualTo(" in");
        assertThat(p.read(1, 5).value()).isEqualTo(-9);
        assertThat(p.write(0, new byte[1])).isEqualTo(-9);
        assertThat(p.lseek(1, 0, 0)).isEqualTo(-29);
        assertThat(p.pread64(0, 1, 0).value()).isEqualTo(-29);
        assertThat(p.fstat(1).output()).hasSize(128);
        assertThat(GuestAbi_mode(p.fstat(1).output()) & S_IFMT).isEqualTo(S_IFIFO);
        assertThat(p.fcntl(1, F_GETFL, 0)).isEqualTo(O_WRONLY);
        assertThat(p.getdents64(0, 4096).value()).isEqualTo(-20);
        // dup of a stream is a stream; closing 1 frees the number for the next open
        assertThat(p.dup3(1, 7, 0)).isEqualTo(7);
        assertThat(p.write(7, "7".getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(p.close(1)).isZero();
        assertThat(p.openat(CWD, c("f"), O_CREAT | O_WRONLY, 0600)).isEqualTo(1);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("out7");
    }

    private static int GuestAbi_mode(byte[] st) {
        return ByteBuffer.wrap(st).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
    }

    @Test
    void when_pathBytesAreBad_then_efaultOrEnametoolong() {
        assertThat(p.openat(CWD, null, 0, 0)).isEqualTo(-14);
        assertThat(p.openat(CWD, "no-nul".getBytes(StandardCharsets.UTF_8), 0, 0)).isEqualTo(-14);
        byte[] full = new byte[4096];
        Arrays.fill(full, (byte) 'a');
        assertThat(p.openat(CWD, full, 0, 0)).isEqualTo(-36);
        assertThat(p.mkdirat(CWD, full, 0755)).isEqualTo(-36);
        byte[] max = Arrays.copyOf(full, 4096);
        max[0] = '/';
        for (int i = 2; i < 4095; i += 2) {
            max[i] = '/';
        }
        max[4095] = 0;                                          // 4095 bytes + NUL: accepted, then not found
        assertThat(p.openat(CWD, max, 0, 0)).isEqualTo(-2);
        assertThat(p.openat(CWD, c("x\0ignored"), O_CREAT | O_WRONLY, 0600)).isGreaterThanOrEqualTo(3);
        assertThat(tmp.resolve("box/x")).exists();
        assertThat(p.symlinkat(null, CWD, c("l"))).isEqualTo(-14);
        assertThat(p.renameat2(CWD, c("x"), CWD, null, 0)).isEqualTo(-14);
        assertThat(p.readlinkat(CWD, full, 10).value()).isEqualTo(-36);
        assertThat(p.newfstatat(CWD, null, 0).value()).isEqualTo(-14);
    }

    @Test
    void when_lengthsAreBad_then_linuxErrnos() {
        long f = p.openat(CWD, c("f"), O_CREAT | O_RDWR, 0600);
        assertThat(p.read((int) f, -1).value()).isEqualTo(-14);
        assertThat(p.readv((int) f, new long[1025]).value()).isEqualTo(-22);
        assertThat(p.writev((int) f, new byte[1025][])).isEqualTo(-22);
        assertThat(p.readv((int) f, new long[] {1, -1}).value()).isEqualTo(-22);           // negative as ssize_t
        // a huge length is clamped as Linux clamps to MAX_RW_COUNT (an unmapped buffer is the forwarder's EFAULT)
        assertThat(p.readv((int) f, new long[] {Long.MAX_VALUE, 1}).value()).isZero();
        assertThat(p.readlinkat(CWD, c("f"), 0).value()).isEqualTo(-22);
        assertThat(p.readlinkat(CWD, c("f"), -5).value()).isEqualTo(-22);
        assertThat(p.write((int) f, null)).isEqualTo(-14);
        assertThat(p.write(-1, new byte[1])).isEqualTo(-9);
        assertThat(p.fcntl(Integer.MIN_VALUE, F_GETFD, 0)).isEqualTo(-9);
    }

    @Test
    void when_readAsksForMoreThanMaxTransfer_then_itIsAShortRead() {
        long f = p.openat(CWD, c("big"), O_CREAT | O_RDWR, 0600);
        assertThat(p.write((int) f, new byte[10_000])).isEqualTo(10_000);
        assertThat(p.pread64((int) f, 1 << 30, 0).value()).isEqualTo(4096);
        assertThat(p.readv((int) f, new long[] {3000, 3000}).value()).isEqualTo(0);   // offset is at the end
        p.lseek((int) f, 0, 0);
        assertThat(p.readv((int) f, new long[] {3000, 3000}).value()).isEqualTo(4096);
    }

    @Test
    void when_oneThreadBlocksInFlock_then_otherThreadsSyscallsProceed() throws Exception {
        long a = p.openat(CWD, c("lock"), O_CREAT | O_RDWR, 0600);
        long b = p.openat(CWD, c("lock"), O_RDWR, 0);
        assertThat(p.flock((int) a, LOCK_EX)).isZero();
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> p.flock((int) b, LOCK_EX));
        Thread.sleep(200);
        assertThat(waiter).isNotDone();
        // another thread of the same process is not held up
        assertThat(p.mkdirat(CWD, c("meanwhile"), 0755)).isZero();
        assertThat(p.write((int) a, new byte[] {1})).isEqualTo(1);
        assertThat(p.flock((int) a, LOCK_UN)).isZero();
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void when_fdIsClosedDuringABlockingRead_then_theReadFinishesOnTheOriginalFile() throws Exception {
        SyscallResult pipe = p.pipe2(0);
        ByteBuffer fds = ByteBuffer.wrap(pipe.output()).order(ByteOrder.LITTLE_ENDIAN);
        int rd = fds.getInt();
        int wr = fds.getInt();
        CompletableFuture<SyscallResult> reader = CompletableFuture.supplyAsync(() -> p.read(rd, 10));
        Thread.sleep(200);
        assertThat(reader).isNotDone();
        assertThat(p.close(rd)).isZero();                     // the host fd stays open under the read
        assertThat(p.openat(CWD, c("/"), O_DIRECTORY, 0)).isEqualTo(rd);
        assertThat(p.write(wr, new byte[] {42})).isEqualTo(1);
        assertThat(reader.get(5, TimeUnit.SECONDS).output()).containsExactly(42);
    }

    @Test
    void when_fileIsStatted_then_theGuestStructHasTheHostValuesInTheGenericLayout() throws Exception {
        long f = p.openat(CWD, c("s"), O_CREAT | O_RDWR, 0640);
        p.write((int) f, new byte[12345]);
        p.symlinkat(c("s"), CWD, c("l"));
        Path host = tmp.resolve("box/s");
        ByteBuffer g = ByteBuffer.wrap(p.newfstatat(CWD, c("s"), 0).output()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(g.getLong(8)).isEqualTo(((Number) Files.getAttribute(host, "unix:ino")).longValue());
        assertThat(g.getInt(16)).isEqualTo(Files.getAttribute(host, "unix:mode"));
        assertThat(g.getInt(20)).isEqualTo(Files.getAttribute(host, "unix:nlink"));
        assertThat(g.getInt(24)).isEqualTo(Files.getAttribute(host, "unix:uid"));
        assertThat(g.getInt(28)).isEqualTo(Files.getAttribute(host, "unix:gid"));
        assertThat(g.getLong(48)).isEqualTo(12345);
        assertThat(g.getLong(88) * 1_000_000_000L + g.getLong(96))
                .isEqualTo(Files.getLastModifiedTime(host).to(TimeUnit.NANOSECONDS));
        assertThat(g.getInt(120)).isZero();
        assertThat(p.fstat((int) f).output()).isEqualTo(p.newfstatat(CWD, c("s"), 0).output());
        assertThat(p.newfstatat(CWD, c("l"), 0).output()).isEqualTo(p.fstat((int) f).output());
    }
}
