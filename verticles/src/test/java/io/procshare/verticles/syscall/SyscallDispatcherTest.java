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
import java.util.List;

import static io.procshare.verticles.syscall.host.GuestAbi.AT_FDCWD;
import static io.procshare.verticles.syscall.host.GuestAbi.O_CREAT;
import static io.procshare.verticles.syscall.host.GuestAbi.O_RDWR;
import static org.assertj.core.api.Assertions.assertThat;

/** The table-driven dispatcher over a fake guest memory, directly and through argument shipping. */
class SyscallDispatcherTest {

    private static final long BASE = 0x10000;

    @TempDir
    Path tmp;
    private HostProcess files;
    private ProcessCalls calls;
    private final SyscallDispatcher d = new SyscallDispatcher(SyscallTable.linuxGeneric());
    private final ArrayAccess mem = new ArrayAccess(BASE, 64 * 1024);

    @BeforeEach
    void setUp() throws Exception {
        files = HostProcess.start(HostProcessConfig.of(tmp.resolve("box")), ClientStreams.detached());
        calls = new FilesOnly(files);
    }

    @AfterEach
    void tearDown() {
        files.close();
    }

    private long call(int nr, long... a) {
        long[] args = new long[6];
        System.arraycopy(a, 0, args, 0, a.length);
        return d.execute(7, 1, nr, args, mem, calls);
    }

    /** As a forwarded call with shipping: inputs shipped from {@code mem}, outputs stored back from the reply. */
    private long shipped(int nr, long... a) {
        long[] args = new long[6];
        System.arraycopy(a, 0, args, 0, a.length);
        SyscallSpec spec = d.table().lookup(nr);
        ShippedAccess home = new ShippedAccess(spec == null ? List.of() : Arguments.ship(spec, args, mem));
        long ret = d.execute(7, 1, nr, args, home, calls);
        for (GuestBytes out : home.output()) {
            if (!mem.write(out.address(), out.bytes())) {
                ret = -Errno.EFAULT;
            }
        }
        return ret;
    }

    @Test
    void when_numberIsUnknown_then_enosys() {
        assertThat(call(999)).isEqualTo(-Errno.ENOSYS);
        assertThat(call(-1)).isEqualTo(-Errno.ENOSYS);
    }

    @Test
    void when_openWriteSeekRead_then_outputIsStoredAtTheBufferAndTheCountReturned() throws Exception {
        long path = mem.string(BASE, "/f");
        long fd = call(Sysno.OPENAT, AT_FDCWD, path, O_CREAT | O_RDWR, 0644);
        assertThat(fd).isEqualTo(3);
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        mem.write(BASE + 100, data);
        assertThat(call(Sysno.WRITE, fd, BASE + 100, 5)).isEqualTo(5);
        assertThat(call(Sysno.LSEEK, fd, 0, 0)).isZero();
        assertThat(call(Sysno.READ, fd, BASE + 200, 64)).isEqualTo(5);
        assertThat(mem.at(BASE + 200, 5)).isEqualTo(data);
        assertThat(mem.at(BASE + 205, 1)).containsExactly(0); // only the returned count is stored
        assertThat(Files.readString(tmp.resolve("box/f"))).isEqualTo("hello");
    }

    @Test
    void when_pointerIsOutsideTheMemory_then_efault() {
        assertThat(call(Sysno.OPENAT, AT_FDCWD, 0x10, 0, 0)).isEqualTo(-Errno.EFAULT);
        long fd = call(Sysno.OPENAT, AT_FDCWD, mem.string(BASE, "/g"), O_CREAT | O_RDWR, 0644);
        assertThat(call(Sysno.WRITE, fd, 0x10, 5)).isEqualTo(-Errno.EFAULT);
        assertThat(call(Sysno.FSTAT, fd, 0x10)).isEqualTo(-Errno.EFAULT);
        assertThat(call(Sysno.WRITE, fd, 0x10, 0)).isZero(); // nothing to read, nothing to fault on
    }

    @Test
    void when_writevAndReadvScatter_then_shippedAndDirectAgree() {
        for (boolean ship : new boolean[] {false, true}) {
            String name = ship ? "/v1" : "/v2";
            long fd = ship ? shipped(Sysno.OPENAT, AT_FDCWD, mem.string(BASE, name), O_CREAT | O_RDWR, 0644)
                    : call(Sysno.OPENAT, AT_FDCWD, mem.string(BASE, name), O_CREAT | O_RDWR, 0644);
            mem.write(BASE + 300, "abc".getBytes());
            mem.write(BASE + 400, "defgh".getBytes());
            iovecs(BASE + 500, BASE + 300, 3, BASE + 400, 5);
            assertThat(ship ? shipped(Sysno.WRITEV, fd, BASE + 500, 2) : call(Sysno.WRITEV, fd, BASE + 500, 2)).isEqualTo(8);
            call(Sysno.LSEEK, fd, 0, 0);
            iovecs(BASE + 600, BASE + 700, 2, BASE + 800, 10);
            assertThat(ship ? shipped(Sysno.READV, fd, BASE + 600, 2) : call(Sysno.READV, fd, BASE + 600, 2)).isEqualTo(8);
            assertThat(new String(mem.at(BASE + 700, 2))).isEqualTo("ab");
            assertThat(new String(mem.at(BASE + 800, 6))).isEqualTo("cdefgh");
            mem.write(BASE + 700, new byte[200]);
            call(Sysno.CLOSE, fd);
        }
    }

    @Test
    void when_shipped_then_sameResultsAsDirect_forErrorsAndStat() {
        long p = mem.string(BASE, "/missing");
        assertThat(shipped(Sysno.OPENAT, AT_FDCWD, p, 0, 0)).isEqualTo(call(Sysno.OPENAT, AT_FDCWD, p, 0, 0)).isEqualTo(-Errno.ENOENT);
        assertThat(shipped(Sysno.OPENAT, AT_FDCWD, 0x10, 0, 0)).isEqualTo(-Errno.EFAULT);
        assertThat(shipped(999)).isEqualTo(-Errno.ENOSYS);
        long fd = shipped(Sysno.OPENAT, AT_FDCWD, mem.string(BASE, "/s"), O_CREAT | O_RDWR, 0644);
        assertThat(shipped(Sysno.FSTAT, fd, BASE + 1000)).isZero();
        byte[] viaShip = mem.at(BASE + 1000, SyscallTable.GUEST_STAT_SIZE);
        assertThat(call(Sysno.FSTAT, fd, BASE + 2000)).isZero();
        assertThat(mem.at(BASE + 2000, SyscallTable.GUEST_STAT_SIZE)).isEqualTo(viaShip);
        assertThat(shipped(Sysno.GETCWD, BASE + 3000, 100)).isEqualTo(2);
        assertThat(mem.at(BASE + 3000, 2)).containsExactly('/', 0);
    }

    @Test
    void when_localCallsRun_then_tidPidAndClockAreAnswered() {
        assertThat(call(Sysno.GETTID)).isEqualTo(1);
        assertThat(call(Sysno.GETPID)).isEqualTo(7);
        assertThat(call(Sysno.CLOCK_GETTIME, 0, BASE + 64)).isZero();
        long sec = ByteBuffer.wrap(mem.at(BASE + 64, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(sec).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        assertThat(call(Sysno.CLOCK_GETTIME, 99, BASE + 64)).isEqualTo(-Errno.EINVAL);
        mem.write(BASE + 96, SyscallDispatcher.timespec(0, 1_000_000));
        assertThat(call(Sysno.NANOSLEEP, BASE + 96, 0)).isZero();
        mem.write(BASE + 96, SyscallDispatcher.timespec(0, 2_000_000_000L));
        assertThat(call(Sysno.NANOSLEEP, BASE + 96, 0)).isEqualTo(-Errno.EINVAL);
    }

    private void iovecs(long at, long b0, long l0, long b1, long l1) {
        mem.write(at, ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putLong(b0).putLong(l0).putLong(b1).putLong(l1).array());
    }

    /** ProcessCalls with only files; the rest is not exercised here. */
    static final class FilesOnly implements ProcessCalls {
        final HostProcess files;
        final List<String> calls = new ArrayList<>();

        FilesOnly(HostProcess files) {
            this.files = files;
        }

        @Override public HostProcess files() { return files; }
        @Override public long futex(long g, long u, int op, int v, long t, long u2, int v3) { return -Errno.ENOSYS; }
        @Override public long mmap(long a, long l, int p, int f, int fd, long o) { return -Errno.ENOMEM; }
        @Override public long munmap(long a, long l) { return 0; }
        @Override public long mprotect(long a, long l, int p) { return 0; }
        @Override public long brk(long a) { return 0; }
        @Override public long madvise(long a, long l, int adv) { return 0; }
        @Override public long exit(long g, int s) { return 0; }
        @Override public long exitGroup(long g, int s) { return 0; }
        @Override public long setTidAddress(long g, long a) { return g; }
        @Override public long clone(long g, long f, long s, long p, long t, long c) { return -Errno.ENOSYS; }
        final Signals signals = new Signals();
        final ResourceLimits rlimits = new ResourceLimits(HostProcessConfig.DEFAULT_MAX_FDS, 16);
        @Override public Signals signals() { return signals; }
        @Override public ResourceLimits rlimits() { return rlimits; }
        @Override public long signal(long g, long target, int sig, boolean wide) { return 0; }
        @Override public void deliverPending(long g) { }
        @Override public long mremap(long a, long o, long n, int f, long na) { return -Errno.ENOMEM; }
        @Override public GuestAccess memory() { return null; }
        @Override public int cpus() { return 1; }
        @Override public boolean isLiveThread(long g) { return g == 1; }
        @Override public byte[] threadName(long g) { return new byte[16]; }
        @Override public void setThreadName(long g, byte[] n) { }
    }
}
