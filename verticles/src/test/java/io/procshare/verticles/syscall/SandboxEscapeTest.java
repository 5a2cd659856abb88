package io.procshare.verticles.syscall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.procshare.verticles.syscall.Fs.CWD;
import static io.procshare.verticles.syscall.Fs.c;
import static io.procshare.verticles.syscall.host.GuestAbi.AT_REMOVEDIR;
import static io.procshare.verticles.syscall.host.GuestAbi.AT_SYMLINK_NOFOLLOW;
import static io.procshare.verticles.syscall.host.GuestAbi.O_CREAT;
import static io.procshare.verticles.syscall.host.GuestAbi.O_DIRECTORY;
import static io.procshare.verticles.syscall.host.GuestAbi.O_PATH;
import static io.procshare.verticles.syscall.host.GuestAbi.O_WRONLY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guest cannot reach anything outside its sandbox (DESIGN §10, issue 4 "done when"): every
 * path resolves as under RESOLVE_IN_ROOT, so ".." stops at the sandbox root, absolute paths and
 * absolute symlinks start at it, and /proc magic links are not followed. Runs as root: every
 * check also verifies the outside file is untouched.
 */
class SandboxEscapeTest {

    @TempDir
    Path tmp;
    private Path box;
    private Path secret;
    private HostProcess p;

    @BeforeEach
    void setUp() throws Exception {
        box = tmp.resolve("a/b/box");
        Files.createDirectories(tmp.resolve("outside"));
        secret = Files.writeString(tmp.resolve("outside/secret"), "secret");
        p = HostProcess.start(HostProcessConfig.of(box), ClientStreams.detached());
    }

    @AfterEach
    void tearDown() throws Exception {
        p.close();
        assertThat(Files.readString(secret)).isEqualTo("secret");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(x -> x.getFileName().toString())).containsExactlyInAnyOrder("a", "outside");
        }
    }

    private String inside() {
        return secret.toString();
    }

    private long open(String path) {
        return p.openat(CWD, c(path), 0, 0);
    }

    @Test
    void when_pathClimbsWithDotDot_then_itStopsAtTheSandboxRoot() throws Exception {
        assertThat(open("../../../outside/secret")).isEqualTo(-2);
        assertThat(open("../../../../../../../../etc/passwd")).isEqualTo(-2);
        Files.createDirectories(box.resolve("etc"));
        Files.writeString(box.resolve("etc/passwd"), "inside");
        long fd = open("../../../../../../../../etc/passwd");
        assertThat(new String(p.read((int) fd, 100).output(), StandardCharsets.UTF_8)).isEqualTo("inside");
    }

    @Test
    void when_pathIsAbsolute_then_itStartsAtTheSandboxRoot() {
        assertThat(open("/etc/passwd")).isEqualTo(-2);
        assertThat(open(inside())).isEqualTo(-2);
        assertThat(p.newfstatat(CWD, c("/etc"), 0).value()).isEqualTo(-2);
        assertThat(p.openat(CWD, c("/new"), O_CREAT | O_WRONLY, 0600)).isGreaterThanOrEqualTo(3);
        assertThat(box.resolve("new")).exists();
    }

    @Test
    void when_absoluteSymlinkPointsOut_then_itResolvesInsideTheSandbox() throws Exception {
        assertThat(p.symlinkat(c("/etc/passwd"), CWD, c("l1"))).isZero();
        assertThat(p.symlinkat(c(inside()), CWD, c("l2"))).isZero();
        assertThat(p.symlinkat(c("/"), CWD, c("rootlink"))).isZero();
        assertThat(open("l1")).isEqualTo(-2);
        assertThat(open("l2")).isEqualTo(-2);
        assertThat(p.newfstatat(CWD, c("l2"), 0).value()).isEqualTo(-2);
        assertThat(open("rootlink/../../outside/secret")).isEqualTo(-2);
        // the link text is returned verbatim, as Linux does; it says nothing about the outside
        assertThat(new String(p.readlinkat(CWD, c("l2"), 4096).output(), StandardCharsets.UTF_8)).isEqualTo(inside());
        // writing through a dangling absolute link creates the file inside
        Files.createDirectories(box.resolve("etc"));
        assertThat(p.openat(CWD, c("l1"), O_CREAT | O_WRONLY, 0600)).isGreaterThanOrEqualTo(3);
        assertThat(box.resolve("etc/passwd")).exists();
    }

    @Test
    void when_relativeSymlinkClimbsOut_then_itStopsAtTheSandboxRoot() {
        assertThat(p.mkdirat(CWD, c("d"), 0755)).isZero();
        assertThat(p.symlinkat(c("../../../../outside/secret"), CWD, c("d/up"))).isZero();
        assertThat(p.symlinkat(c(".."), CWD, c("d/parent"))).isZero();
        assertThat(open("d/up")).isEqualTo(-2);
        assertThat(open("d/parent/parent/../../../outside/secret")).isEqualTo(-2);
        assertThat(p.openat(CWD, c("d/parent/parent"), O_DIRECTORY, 0)).isEqualTo(-2);   // d/parent is "/", which has no "parent"
        assertThat(p.openat(CWD, c("d/parent/d/parent/d"), O_DIRECTORY, 0)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void when_pathGoesThroughProcMagicLinks_then_itDoesNotLeave() {
        long fd = open("/");
        assertThat(open("/proc/self/root/etc/passwd")).isEqualTo(-2);
        assertThat(open("/proc/self/fd/" + fd)).isEqualTo(-2);
        assertThat(open("/proc/self/cwd")).isEqualTo(-2);
        assertThat(p.symlinkat(c("/proc/self/root"), CWD, c("pr"))).isZero();
        assertThat(open("pr/etc/passwd")).isEqualTo(-2);
        assertThat(p.chdir(c("/proc/self/root"))).isEqualTo(-2);
    }

    @Test
    void when_mutatingCallsAimOutside_then_theyActInsideOrFail() {
        assertThat(p.mkdirat(CWD, c("../../../made"), 0755)).isZero();
        assertThat(box.resolve("made")).isDirectory();
        assertThat(p.unlinkat(CWD, c("../../../outside/secret"), 0)).isEqualTo(-2);
        assertThat(p.unlinkat(CWD, c(inside()), 0)).isEqualTo(-2);
        assertThat(p.unlinkat(CWD, c(".."), AT_REMOVEDIR)).isEqualTo(-39);
        assertThat(p.symlinkat(c("x"), CWD, c("../../outside/evil"))).isEqualTo(-2);
        assertThat(p.mkdirat(CWD, c(tmp.resolve("outside/evil").toString()), 0755)).isEqualTo(-2);
        long f = p.openat(CWD, c("f"), O_CREAT | O_WRONLY, 0600);
        p.close((int) f);
        assertThat(p.renameat2(CWD, c("f"), CWD, c("../../../outside/f"), 0)).isEqualTo(-2);
        assertThat(p.renameat2(CWD, c("f"), CWD, c(tmp.resolve("outside/f").toString()), 0)).isEqualTo(-2);
        assertThat(p.renameat2(CWD, c("f"), CWD, c("/../../f2"), 0)).isZero();
        assertThat(box.resolve("f2")).exists();
        assertThat(p.renameat2(CWD, c("../../../outside/secret"), CWD, c("stolen"), 0)).isEqualTo(-2);
    }

    @Test
    void when_symlinkedParentPointsOut_then_atCallsStayInside() {
        assertThat(p.symlinkat(c(tmp.resolve("outside").toString()), CWD, c("out"))).isZero();
        assertThat(p.mkdirat(CWD, c("out/x"), 0755)).isEqualTo(-2);
        assertThat(p.unlinkat(CWD, c("out/secret"), 0)).isEqualTo(-2);
        assertThat(p.newfstatat(CWD, c("out/secret"), AT_SYMLINK_NOFOLLOW).value()).isEqualTo(-2);
        assertThat(p.readlinkat(CWD, c("out/secret"), 100).value()).isEqualTo(-2);
        assertThat(p.symlinkat(c("/"), CWD, c("out2"))).isZero();
        assertThat(p.mkdirat(CWD, c("out2/viaroot"), 0755)).isZero();
        assertThat(box.resolve("viaroot")).isDirectory();
    }

    @Test
    void when_cwdClimbsAboveTheRoot_then_itStaysAtTheRoot() {
        assertThat(p.chdir(c(".."))).isZero();
        assertThat(p.chdir(c("/../.."))).isZero();
        assertThat(new String(p.getcwd(4096).output(), StandardCharsets.UTF_8)).isEqualTo("/\0");
        assertThat(open("outside/secret")).isEqualTo(-2);
        assertThat(p.openat(CWD, c("."), O_PATH, 0)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void when_guestAsksForLinkat_then_itIsUnknown() {
        // hard links are not offered: a guest cannot link a file it does not see into its sandbox anyway
        assertThat(SyscallTable.linuxGeneric().lookup(37)).isNull();
    }
}
