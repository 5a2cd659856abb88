package io.procshare.node.syscall;

import io.procshare.verticles.exec.SyscallCounters;
import io.procshare.verticles.syscall.DirectFs;
import io.procshare.verticles.syscall.Fs;
import io.procshare.verticles.syscall.FsScenarios;
import io.procshare.verticles.syscall.SyscallResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.procshare.verticles.syscall.host.GuestAbi.O_CREAT;
import static io.procshare.verticles.syscall.host.GuestAbi.O_DIRECTORY;
import static io.procshare.verticles.syscall.host.GuestAbi.O_RDWR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4 item 6 through forwarding: every file syscall issued by a guest thread on node 1 of
 * three, whose process is homed on node 0, so each call is one execution request to the home
 * (condition C), with argument shipping on and off. The same scenario
 * ({@link FsScenarios}, shared with {@code HostProcessConformanceTest}) runs directly on this host
 * in a temp directory; return values, errnos and the bytes the call stored into guest memory must
 * be the same.
 */
@ExtendWith(ThreeNodes.Extension.class)
class ForwardedFileCallsTest {

    /** How the calls of the guest thread on node 1 reach the home. */
    enum Via {
        /** Argument shipping on: paths and input bytes ride in the request, output in the reply. */
        SHIPPED(true),
        /** Argument shipping off (the paper): the home reads and fills guest memory through the DSM. */
        DSM(false);

        final boolean shipping;

        Via(boolean shipping) {
            this.shipping = shipping;
        }
    }

    private static final int REMOTE = 1;

    private final ThreeNodes nodes;
    @TempDir
    Path tmp;

    ForwardedFileCallsTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    @BeforeEach
    void homeIsNodeZero() {
        assertThat(nodes.node(REMOTE).identity().nodeId()).isNotEqualTo(nodes.home());
    }

    /** Runs the scenario on the host and through a forwarding guest thread; asserts equal; returns them. */
    private List<Object> same(Via via, Function<Fs, List<Object>> scenario) throws Exception {
        List<Object> direct;
        try (DirectFs host = new DirectFs(Files.createDirectory(tmp.resolve("host")))) {
            direct = scenario.apply(host);
        }
        long forwardedBefore = nodes.node(REMOTE).counters().get(SyscallCounters.FORWARDED);
        List<Object> forwarded;
        try (AutoCloseable s = nodes.shipping(REMOTE, via.shipping); ForwardedFs guest = new ForwardedFs(nodes, REMOTE)) {
            forwarded = scenario.apply(guest);
        }
        assertThat(forwarded).as("forwarded (%s) vs direct", via).isEqualTo(direct);
        assertThat(nodes.node(REMOTE).counters().get(SyscallCounters.FORWARDED) - forwardedBefore)
                .as("every call went to the home").isGreaterThanOrEqualTo(forwarded.size());
        return forwarded;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_openatIsForwarded_then_fdsAndErrnosMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::openat)).contains(-2L, -17L, -20L, -21L, -40L, -36L, -9L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_closeIsForwarded_then_resultsMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::close)).containsExactly(0L, -9L, -9L, -9L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_readAndWriteAreForwarded_then_bytesAndErrnosMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::readAndWrite)).contains("3:68656c", "6:68656c6c6f21");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_preadAndPwriteAreForwarded_then_bytesAndErrnosMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::preadAndPwrite)).contains("3:00797a", -29L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_readvAndWritevAreForwarded_then_scatteredBytesMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::readvAndWritev)).contains("5:6162636465", "2:6263");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_lseekIsForwarded_then_offsetsAndErrnosMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::lseek)).containsExactly(7L, 9L, -22L, -22L, 0L, 10L, -6L, -29L, -9L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_mkdiratIsForwarded_then_resultsMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::mkdirat)).startsWith(0L, -17L, -2L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_unlinkatWithAndWithoutRemovedirIsForwarded_then_resultsMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::unlinkat)).contains(-21L, -39L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_symlinkatAndReadlinkatAreForwarded_then_targetsMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::symlinkatAndReadlinkat)).contains("17:7461726765742f776974682f7061727473");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_renameat2IsForwarded_then_resultsMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::renameat2)).contains("1:41", -16L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_newfstatatAndFstatAreForwarded_then_theGuestStatMatchesTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::newfstatatAndFstat)).contains("mode=100644 nlink=1 size=5 blksize=4096 blocks=8");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_getdents64IsForwarded_then_theEntriesMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::getdents64).get(1).toString())
                .isEqualTo("[. 4, .. 4, a 8, bb 8, ccc 8, ln 10, sub 4]");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_ftruncateAndFsyncAreForwarded_then_resultsMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::ftruncateAndFsync)).contains("2:6865");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_flockIsForwarded_then_conflictsAndErrnosMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::flock)).containsExactly(0L, -11L, -11L, 0L, 0L, 0L, -11L, -22L, -22L, -9L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_fcntlGetflSetflDupfdDupfdCloexecAreForwarded_then_resultsMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::fcntl)).startsWith("102002", 0L, "104002", 1L, 0L, 0L, "fd>=50", 0L, "fd", 1L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_dup3IsForwarded_then_resultsMatchTheHost(Via via) throws Exception {
        // host fd 1000 must be free in this JVM for the direct half
        try (DirectFs probe = new DirectFs(tmp)) {
            assertThat(probe.fcntl(1000, io.procshare.verticles.syscall.host.GuestAbi.F_GETFD, 0)).isEqualTo(-9L);
        }
        assertThat(same(via, FsScenarios::dup3)).containsExactly(1000L, 1L, 1000L, 0L, "3:78797a", -22L, -22L, -9L, -9L, 0L, -9L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_pipe2IsForwarded_then_theFdPairAndItsBehaviourMatchTheHost(Via via) throws Exception {
        assertThat(same(via, FsScenarios::pipe2)).containsExactly(0L, 1L, "-11:", 3L, "3:616263", -9L, "mode=10600 ", -22L, -32L);
    }

    /**
     * chdir and getcwd: the host twin runs with this JVM's working directory at the temp directory
     * (put back after); getcwd is compared relative to that directory, which is the guest's "/".
     * The syscall returns the length with the NUL, which is checked; compared as strings. (DirectFs's
     * AT_FDCWD is its own directory, not the JVM's cwd: the host's relative open is made apart.)
     */
    private static List<Object> chdirAndGetcwd(Fs fs, Function<String, Long> chdir, Function<Long, String> getcwd,
                                               Function<String, Long> openDirAtCwd) {
        List<Object> r = new ArrayList<>();
        fs.mkdirat(Fs.CWD, "a", 0755);
        fs.mkdirat(Fs.CWD, "a/b", 0755);
        fs.close(fs.openat(Fs.CWD, "f", O_CREAT | O_RDWR, 0644));
        r.add(chdir.apply("a/b"));
        r.add(getcwd.apply(4096L));
        r.add(chdir.apply(".."));
        r.add(getcwd.apply(4096L));
        r.add(FsScenarios.fd(openDirAtCwd.apply("b")));                  // relative paths follow the cwd
        r.add(chdir.apply("missing"));
        r.add(chdir.apply("../f"));
        r.add(chdir.apply(""));
        r.add(getcwd.apply(1L));
        r.add(getcwd.apply(0L));
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Via.class)
    void when_chdirAndGetcwdAreForwarded_then_theyMatchTheHostRelativeToTheRoot(Via via) throws Exception {
        Path host = Files.createDirectory(tmp.resolve("host")).toRealPath();
        List<Object> direct;
        try (DirectFs fs = new DirectFs(host)) {
            direct = HostLibc.inCwd(host.toString(), d -> chdirAndGetcwd(fs, HostLibc::chdir, size -> {
                String cwd = HostLibc.getcwd(size);
                return cwd.startsWith("-") ? cwd : "/" + host.relativize(Path.of(cwd));
            }, HostLibc::openDirAtCwd));
        }
        List<Object> forwarded;
        try (AutoCloseable s = nodes.shipping(REMOTE, via.shipping); ForwardedFs guest = new ForwardedFs(nodes, REMOTE)) {
            forwarded = chdirAndGetcwd(guest, guest::chdir, size -> {
                SyscallResult r = guest.getcwd(size);
                if (r.isError()) {
                    return Long.toString(r.value());
                }
                String cwd = new String(r.output(), StandardCharsets.UTF_8);
                assertThat(cwd).as("getcwd returns the length with the NUL").endsWith("\0");
                return cwd.substring(0, cwd.length() - 1);
            }, p -> guest.openat(Fs.CWD, p, O_DIRECTORY, 0));
        }
        // the host's "/" + "" is the root itself
        assertThat(forwarded).isEqualTo(direct);
        assertThat(forwarded).containsExactly(0L, "/a/b", 0L, "/a", "fd", -2L, -20L, -2L, "-34", "-34");
    }
}
