package io.procshare.node.syscall;

import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.syscall.Errno;
import io.procshare.verticles.syscall.Fs;
import io.procshare.verticles.syscall.Sysno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.procshare.node.syscall.ThreeNodes.bytes;
import static io.procshare.node.syscall.ThreeNodes.scratch;
import static io.procshare.node.syscall.ThreeNodes.string;
import static io.procshare.verticles.syscall.host.GuestAbi.LOCK_EX;
import static io.procshare.verticles.syscall.host.GuestAbi.LOCK_UN;
import static io.procshare.verticles.syscall.host.GuestAbi.O_CREAT;
import static io.procshare.verticles.syscall.host.GuestAbi.O_DIRECTORY;
import static io.procshare.verticles.syscall.host.GuestAbi.O_EXCL;
import static io.procshare.verticles.syscall.host.GuestAbi.O_RDWR;
import static io.procshare.verticles.syscall.host.GuestAbi.O_WRONLY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The done-when tests of issue 4: threads of one process on three nodes share a directory
 * (create, write, flock, rename, read) with results identical to the same threads on one node;
 * and a guest thread on a node other than the home cannot reach a file outside its sandbox.
 */
@ExtendWith(ThreeNodes.Extension.class)
class CrossNodeFilesTest {

    private static final int CWD = Fs.CWD;
    private static final int O_RDONLY = 0;
    private static final int SEEK_END = 2;
    private static final int ROUNDS = 25;

    private final ThreeNodes nodes;

    CrossNodeFilesTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    // ------------------------------------------------------------------ shared directory

    /**
     * What thread {@code i} does, and what it sees: every return value that does not depend on
     * how the threads interleave (a lseek to the end does, so only its sign is kept).
     */
    private static List<String> workload(GuestThread t, int i, CyclicBarrier start) {
        long m = scratch(t);
        List<String> seen = new ArrayList<>();
        await(start);
        long mkdir = t.syscall(Sysno.MKDIRAT, CWD, string(t, m, "/w"), 0755);
        seen.add("mkdir " + (mkdir == 0 || mkdir == -Errno.EEXIST ? "0|EEXIST" : mkdir));
        long tmp = t.syscall(Sysno.OPENAT, CWD, string(t, m, "/w/t" + i + ".tmp"), O_CREAT | O_EXCL | O_WRONLY, 0644);
        seen.add("create " + (tmp >= 3 ? "fd" : tmp));
        byte[] body = ("thread " + i + " was here\n").repeat(10 + i).getBytes(StandardCharsets.UTF_8);
        t.memory().write(m + 8192, body, 0, body.length);
        seen.add("write " + t.syscall(Sysno.WRITE, tmp, m + 8192, body.length));
        seen.add("close " + t.syscall(Sysno.CLOSE, tmp));
        seen.add("rename " + t.syscall(Sysno.RENAMEAT2, CWD, string(t, m, "/w/t" + i + ".tmp"), CWD,
                string(t, m + 4096, "/w/t" + i + ".txt"), 0));
        seen.add("rename again " + t.syscall(Sysno.RENAMEAT2, CWD, string(t, m, "/w/t" + i + ".tmp"), CWD,
                string(t, m + 4096, "/w/t" + i + ".txt"), 0));
        long log = t.syscall(Sysno.OPENAT, CWD, string(t, m, "/w/log"), O_CREAT | O_RDWR, 0644);
        long counter = t.syscall(Sysno.OPENAT, CWD, string(t, m, "/w/counter"), O_CREAT | O_RDWR, 0644);
        seen.add("open log " + (log >= 3) + " counter " + (counter >= 3));
        for (int r = 0; r < ROUNDS; r++) {
            // an append and a read-modify-write under LOCK_EX: a lock that did not exclude would tear
            // lines or lose increments, whatever the order the threads get it in
            List<Long> round = new ArrayList<>();
            round.add(t.syscall(Sysno.FLOCK, log, LOCK_EX));
            round.add(Long.signum(t.syscall(Sysno.LSEEK, log, 0, SEEK_END)) >= 0 ? 0L : -1L);
            byte[] line = ("t" + i + " r" + r + "\n").getBytes(StandardCharsets.UTF_8);
            t.memory().write(m + 12288, line, 0, line.length);
            round.add(t.syscall(Sysno.WRITE, log, m + 12288, line.length));
            long got = t.syscall(Sysno.PREAD64, counter, m + 16384, 8, 0);
            long value = got == 8 ? t.memory().readLong(m + 16384) : 0;
            round.add(got == 0 || got == 8 ? 0L : got);
            t.memory().writeLong(m + 16384, value + 1);
            round.add(t.syscall(Sysno.PWRITE64, counter, m + 16384, 8, 0));
            round.add(t.syscall(Sysno.FLOCK, log, LOCK_UN));
            seen.add("round " + round);
        }
        long own = t.syscall(Sysno.OPENAT, CWD, string(t, m, "/w/t" + i + ".txt"), O_RDONLY, 0);
        long n = t.syscall(Sysno.READ, own, m + 20480, 4096);
        seen.add("read back " + n + " " + Arrays.equals(bytes(t, m + 20480, (int) Math.max(0, n)), body));
        seen.add("stat " + t.syscall(Sysno.NEWFSTATAT, CWD, string(t, m, "/w/t" + i + ".txt"), m + 24576, 0)
                + " size " + t.memory().readLong(m + 24576 + 48));
        seen.add("close " + t.syscall(Sysno.CLOSE, own) + t.syscall(Sysno.CLOSE, log) + t.syscall(Sysno.CLOSE, counter));
        return seen;
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the threads did not start together", e);
        }
    }

    /** The directory as the main thread (on the home) reads it after every thread is done. */
    private static Map<String, String> finalState(GuestThread main) {
        long m = scratch(main);
        Map<String, String> state = new TreeMap<>();
        long dir = main.syscall(Sysno.OPENAT, CWD, string(main, m, "/w"), O_RDONLY | O_DIRECTORY, 0);
        long dn = main.syscall(Sysno.GETDENTS64, dir, m + 8192, 8192);
        state.put("listing", Fs.dirents(bytes(main, m + 8192, (int) Math.max(0, dn))).toString());
        main.syscall(Sysno.CLOSE, dir);
        for (String name : List.of("log", "counter", "t0.txt", "t1.txt", "t2.txt")) {
            long fd = main.syscall(Sysno.OPENAT, CWD, string(main, m, "/w/" + name), O_RDONLY, 0);
            long n = main.syscall(Sysno.READ, fd, m + 16384, 32768);
            byte[] b = bytes(main, m + 16384, (int) Math.max(0, n));
            main.syscall(Sysno.CLOSE, fd);
            String content = switch (name) {
                // the order of the lines depends on who got the lock first; the set of lines does not
                case "log" -> new String(b, StandardCharsets.UTF_8).lines().sorted().toList().toString();
                case "counter" -> Long.toString(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong());
                default -> new String(b, StandardCharsets.UTF_8);
            };
            state.put(name, n + ":" + content);
        }
        return state;
    }

    /** Runs the workload with thread i on node {@code placement[i]}; returns per-thread results and the final state. */
    private Map<String, Object> run(int... placement) throws Exception {
        GuestThread main = nodes.startProcess();
        CyclicBarrier start = new CyclicBarrier(placement.length);
        List<CompletableFuture<List<String>>> threads = new ArrayList<>();
        for (int i = 0; i < placement.length; i++) {
            GuestThread t = nodes.threadOn(placement[i], main);
            int self = i;
            threads.add(CompletableFuture.supplyAsync(() -> workload(t, self, start), r -> Thread.ofPlatform().start(r)));
        }
        Map<String, Object> out = new TreeMap<>();
        for (int i = 0; i < threads.size(); i++) {
            out.put("thread " + i, threads.get(i).get(60, TimeUnit.SECONDS));
        }
        out.putAll(finalState(main));
        return out;
    }

    @Test
    void when_threadsOnThreeNodesShareADirectory_then_everyResultIsWhatThreeThreadsOnOneNodeGet() throws Exception {
        Map<String, Object> spread = run(0, 1, 2);
        Map<String, Object> oneNode = run(0, 0, 0);

        assertThat(spread).isEqualTo(oneNode);
        assertThat(spread.get("counter")).as("no increment lost under LOCK_EX").isEqualTo("8:" + 3 * ROUNDS);
        assertThat(spread.get("listing")).isEqualTo("[. 4, .. 4, counter 8, log 8, t0.txt 8, t1.txt 8, t2.txt 8]");
        assertThat((String) spread.get("log")).contains("t2 r" + (ROUNDS - 1));
        @SuppressWarnings("unchecked")
        List<String> thread1 = (List<String>) spread.get("thread 1");
        assertThat(thread1).contains("rename 0", "rename again -2", "round [0, 0, 6, 0, 8, 0]", "round [0, 0, 7, 0, 8, 0]", "read back 198 true");
    }

    // ------------------------------------------------------------------ sandbox

    /** Every regular file and directory under {@code root} but the sandbox: path -> size and mtime. */
    private static Map<String, String> outside(Path root, Path sandbox) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.startsWith(sandbox)).forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    files.put(root.relativize(p).toString(), a.size() + "@" + a.lastModifiedTime().toMillis());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    @ParameterizedTest(name = "argument shipping {0}")
    @ValueSource(booleans = {true, false})
    void when_aRemoteThreadAimsOutsideItsSandbox_then_everyPathFailsOrStaysInside_andNothingOutsideChanges(boolean shipping)
            throws Exception {
        GuestThread main = nodes.startProcess();
        Path sandbox = nodes.sandbox(main.pid());
        // canaries a climbing path would reach without RESOLVE_IN_ROOT: <sandboxes>/canary and <node data>/canary
        Files.writeString(sandbox.resolveSibling("canary"), "outside");
        Files.writeString(sandbox.getParent().resolveSibling("canary"), "outside");
        Map<String, String> before = outside(nodes.dataDir(), sandbox);
        byte[] passwd = Files.readAllBytes(Path.of("/etc/passwd"));

        try (AutoCloseable s = nodes.shipping(1, shipping)) {
            GuestThread t = nodes.threadOn(1, main);
            long m = scratch(t);
            assertThat(t.syscall(Sysno.SYMLINKAT, string(t, m, "/etc/passwd"), CWD, string(t, m + 4096, "abs"))).isZero();
            assertThat(t.syscall(Sysno.SYMLINKAT, string(t, m, "../../canary"), CWD, string(t, m + 4096, "rel"))).isZero();
            assertThat(t.syscall(Sysno.SYMLINKAT, string(t, m, "/etc"), CWD, string(t, m + 4096, "etcdir"))).isZero();
            assertThat(t.syscall(Sysno.SYMLINKAT, string(t, m, "../.."), CWD, string(t, m + 4096, "up"))).isZero();

            Map<String, Long> reads = new TreeMap<>();
            for (String p : List.of("../../etc/passwd", "/etc/passwd", "../../../../../../../../../etc/passwd", "../canary",
                    "../../canary", "abs", "rel", "etcdir/passwd", "up/canary", "/proc/self/root/etc/passwd")) {
                reads.put(p, t.syscall(Sysno.OPENAT, CWD, string(t, m, p), O_RDONLY, 0));
                assertThat(t.syscall(Sysno.NEWFSTATAT, CWD, string(t, m, p), m + 8192, 0)).as("stat %s", p).isEqualTo(-Errno.ENOENT);
            }
            assertThat(reads).as("open for reading").allSatisfy((p, r) -> assertThat(r).as(p).isEqualTo(-Errno.ENOENT));

            // mutations aimed outside: they fail, or land inside
            assertThat(t.syscall(Sysno.UNLINKAT, CWD, string(t, m, "../canary"), 0)).isEqualTo(-Errno.ENOENT);
            assertThat(t.syscall(Sysno.UNLINKAT, CWD, string(t, m, "rel"), 0)).as("removes the link, not its target").isZero();
            assertThat(t.syscall(Sysno.RENAMEAT2, CWD, string(t, m, "../../canary"), CWD, string(t, m + 4096, "stolen"), 0))
                    .isEqualTo(-Errno.ENOENT);
            assertThat(t.syscall(Sysno.OPENAT, CWD, string(t, m, "../../escaped"), O_CREAT | O_WRONLY, 0644)).isNotNegative();
            assertThat(t.syscall(Sysno.MKDIRAT, CWD, string(t, m, "/../../made"), 0755)).isZero();
            assertThat(t.syscall(Sysno.OPENAT, CWD, string(t, m, "up/through-link"), O_CREAT | O_WRONLY, 0644)).isNotNegative();
            assertThat(t.syscall(Sysno.CHDIR, string(t, m, "/proc/self/root"))).isEqualTo(-Errno.ENOENT);
            assertThat(t.syscall(Sysno.CHDIR, string(t, m, "../../.."))).isZero();
            long n = t.syscall(Sysno.GETCWD, m + 8192, 4096);
            assertThat(new String(bytes(t, m + 8192, (int) n), StandardCharsets.UTF_8)).isEqualTo("/\0");
        }

        assertThat(outside(nodes.dataDir(), sandbox)).as("nothing outside the sandbox changed").isEqualTo(before);
        assertThat(Files.readAllBytes(Path.of("/etc/passwd"))).isEqualTo(passwd);
        assertThat(sandbox.resolve("escaped")).exists();
        assertThat(sandbox.resolve("made")).isDirectory();
        assertThat(sandbox.resolve("through-link")).exists();
    }
}
