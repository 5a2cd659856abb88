package io.procshare.verticles.syscall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static io.procshare.verticles.syscall.host.GuestAbi.F_GETFD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file syscall made twice, directly on this host (libc, in a temp directory) and through
 * the sandboxed HostProcess, with the same arguments: return values, errnos and output bytes
 * (after ABI translation) must be the same (issue 4 item 6). The scenarios are {@link FsScenarios},
 * shared with the forwarding conformance test in node.
 */
class HostProcessConformanceTest {

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

    @Test
    void openat_resultsAndErrnosMatchTheHost() {
        List<Object> o = same(FsScenarios::openat);
        assertThat(o.subList(0, 9)).containsExactly("fd", -2L, -17L, -20L, -21L, -40L, "fd", -20L, -36L);
        assertThat(o.get(18)).isEqualTo(-9L);
    }

    @Test
    void close_matchesTheHost() {
        assertThat(same(FsScenarios::close)).containsExactly(0L, -9L, -9L, -9L);
    }

    @Test
    void readAndWrite_matchTheHost() {
        List<Object> o = same(FsScenarios::readAndWrite);
        assertThat(o).containsExactly(0L, "3:68656c", "2:6c6f", "0:", 0L, -9L, "-9:", 1L, "6:68656c6c6f21", "-21:", "-9:");
    }

    @Test
    void preadAndPwrite_matchTheHost() {
        List<Object> o = same(FsScenarios::preadAndPwrite);
        assertThat(o).containsExactly(2L, "8:61620000000079 7a".replace(" ", ""), "3:00797a", 2L, "-22:", -22L, "-29:", -29L);
    }

    @Test
    void readvAndWritev_matchTheHost() {
        List<Object> o = same(FsScenarios::readvAndWritev);
        assertThat(o).containsExactly(5L, 0L, "5:6162636465", 1L, "2:6263", "-22:", "0:", -9L, -9L);
    }

    @Test
    void lseek_matchesTheHost() {
        List<Object> o = same(FsScenarios::lseek);
        assertThat(o).containsExactly(7L, 9L, -22L, -22L, 0L, 10L, -6L, -29L, -9L);
    }

    @Test
    void mkdirat_matchesTheHost() {
        List<Object> o = same(FsScenarios::mkdirat);
        assertThat(o.subList(0, 12)).containsExactly(0L, -17L, -2L, 0L, 0L, -17L, -17L, -17L, -20L, -17L, -36L, -2L);
        assertThat(o.getLast()).isEqualTo(-20L);
    }

    @Test
    void unlinkat_matchesTheHost() {
        List<Object> o = same(FsScenarios::unlinkat);
        assertThat(o).containsExactly(0L, -2L, -21L, -20L, -39L, -22L, -39L, -21L, -20L, -22L, -20L, 0L,
                "mode=100644 nlink=1 size=0 blksize=4096 blocks=0", 0L, 0L, -2L);
    }

    @Test
    void symlinkatAndReadlinkat_matchTheHost() {
        List<Object> o = same(FsScenarios::symlinkatAndReadlinkat);
        assertThat(o.subList(0, 12)).containsExactly(0L, -17L, -2L, -2L, 0L, "17:7461726765742f776974682f7061727473",
                "6:746172676574", "-22:", "-22:", "-2:", "-22:", "-2:");
    }

    @Test
    void renameat2_matchesTheHost() {
        List<Object> o = same(FsScenarios::renameat2);
        assertThat(o.subList(0, 16)).containsExactly(0L, -2L, -17L, 0L, "1:41", -22L, -22L, -22L, -16L, -21L, -39L,
                -20L, 0L, -2L, -2L, 0L);
    }

    @Test
    void newfstatatAndFstat_matchTheHost() {
        List<Object> o = same(FsScenarios::newfstatatAndFstat);
        assertThat(o.get(0)).isEqualTo("mode=100644 nlink=1 size=5 blksize=4096 blocks=8");
        assertThat(o.get(4)).asString().startsWith("mode=120777 nlink=1 size=1 ");
        assertThat(o.subList(5, 11)).containsExactly(-2L, o.get(6), -2L, -20L, -2L, -22L);
        assertThat(o.subList(12, 14)).containsExactly(-20L, -9L);
    }

    @Test
    void getdents64_matchesTheHostAfterDecoding() {
        List<Object> o = same(FsScenarios::getdents64);
        assertThat(o.get(1).toString()).isEqualTo("[. 4, .. 4, a 8, bb 8, ccc 8, ln 10, sub 4]");
        assertThat(o.subList(2, 7)).containsExactly("0:", 0L, "-22:", "-20:", "-9:");
    }


    @Test
    void ftruncateAndFsync_matchTheHost() {
        List<Object> o = same(FsScenarios::ftruncateAndFsync);
        assertThat(o).containsExactly(0L, "mode=100644 nlink=1 size=100 blksize=4096 blocks=8", 0L, "2:6865",
                -22L, -22L, -9L, 0L, -9L, -22L, -22L);
    }

    @Test
    void flock_matchesTheHost() {
        List<Object> o = same(FsScenarios::flock);
        assertThat(o).containsExactly(0L, -11L, -11L, 0L, 0L, 0L, -11L, -22L, -22L, -9L);
    }

    @Test
    void fcntl_matchesTheHost() {
        List<Object> o = same(FsScenarios::fcntl);
        assertThat(o.subList(0, 6)).containsExactly("102002", 0L, "104002", 1L, 0L, 0L);
    }

    @Test
    void dup3_matchesTheHost() {
        // host fd 1000 must be free in this JVM for the direct half
        assertThat(direct.fcntl(1000, F_GETFD, 0)).isEqualTo(-9L);
        List<Object> o = same(FsScenarios::dup3);
        assertThat(o).containsExactly(1000L, 1L, 1000L, 0L, "3:78797a", -22L, -22L, -9L, -9L, 0L, -9L);
    }

    @Test
    void pipe2_matchesTheHost() {
        List<Object> o = same(FsScenarios::pipe2);
        assertThat(o).containsExactly(0L, 1L, "-11:", 3L, "3:616263", -9L, "mode=10600 ", -22L, -32L);
    }
}
