package io.procshare.node.guest.riscv;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unmodified static riscv64 Linux binaries under procshare, compared with qemu-riscv64 (issue 12):
 * every corpus program ({@code tests/riscv}) and every third-party program (Lua, the SQLite shell)
 * runs once under {@code qemu-riscv64-static} and once under {@code procshare run} on one 3-node
 * loopback cluster for the class, each in a fresh directory with the same arguments and stdin;
 * stdout and stderr must be byte-identical and the exit status the same, and the threads of a
 * threaded program must have run on at least 2 nodes (from {@code --threads-report}).
 *
 * <p>The contract with {@code procshare run} this relies on: {@code scripts/procshare run --dir D
 * --placement spread --threads-report FILE BINARY ARGS...} with the program's stdin as its own; it
 * prints the program's stdout and stderr unchanged on its own and nothing else, exits with the
 * program's exit status, runs the program in a fresh sandbox as its working directory with argv[0]
 * the binary's file name and the environment {@code PATH=/usr/bin:/bin HOME=<sandbox> LANG=C}, and
 * after the process ends writes {@code {"pid":P,"status":S,"threads":[{"gtid":G,"node":"node1"},...]}}
 * to FILE. Under qemu the program gets the same argv[0] and environment (RiscvCorpus).
 *
 * <p>The qemu half always runs. The procshare half is skipped, by an assumption saying so, only
 * while the jar has no {@code run} command at all (a branch before it was merged); any other
 * failure of {@code run} fails the test.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RiscvCorpusIT {

    private static final long PID = ProcessHandle.current().pid();
    private static final Path CLUSTER = RiscvCorpus.ROOT.resolve("node/target/it-riscv-" + PID);
    private static final Path SCRATCH = RiscvCorpus.ROOT.resolve("node/target/it-riscv-runs-" + PID);
    private static final Duration QEMU_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROCSHARE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private static boolean clusterStarted;

    @BeforeAll
    static void buildAndStart() throws Exception {
        // the corpus script takes about 2 s and keeps the binaries current; the third-party one is cached
        RiscvCorpus.buildCorpus(RiscvCorpus.CORPUS_DIR);
        RiscvCorpus.buildThirdParty();
        Files.createDirectories(SCRATCH);
        RiscvCorpus.Outcome start = procshare(List.of("cluster", "start", "--nodes", "3", "--dir", CLUSTER.toString()),
                COMMAND_TIMEOUT);
        clusterStarted = true;
        assertThat(start.exit()).as(start.describe()).isZero();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (clusterStarted) {
            RiscvCorpus.Outcome stop = procshare(List.of("cluster", "stop", "--dir", CLUSTER.toString()), COMMAND_TIMEOUT);
            assertThat(stop.exit()).as(stop.describe()).isZero();
        }
    }

    static Stream<RiscvCorpus.Case> allCases() {
        return RiscvCorpus.allCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void when_aRiscvProgramRunsUnderProcshare_then_itsOutputAndStatusAreExactlyQemus(RiscvCorpus.Case c) throws Exception {
        RiscvCorpus.Outcome qemu = RiscvCorpus.runUnderQemu(c, SCRATCH, QEMU_TIMEOUT);
        assertThat(qemu.exit()).as("under qemu: " + c + "\n" + qemu.describe()).isEqualTo(c.exit());

        Path report = SCRATCH.resolve(c.id() + "-threads.json");
        List<String> args = new ArrayList<>(List.of("run", "--dir", CLUSTER.toString(), "--placement", "spread",
                "--threads-report", report.toString(), c.binary().toString()));
        args.addAll(c.args());
        RiscvCorpus.Outcome got = procshare(c, args, PROCSHARE_TIMEOUT);

        String both = "\n=== qemu:\n" + qemu.describe() + "\n=== procshare:\n" + got.describe();
        assertThat(got.exit()).as("exit status of " + c + both).isEqualTo(qemu.exit());
        assertThat(got.outText()).as("stdout of " + c + both).isEqualTo(qemu.outText());
        assertThat(got.out()).as("stdout bytes of " + c).isEqualTo(qemu.out());
        assertThat(got.errText()).as("stderr of " + c + both).isEqualTo(qemu.errText());
        assertThat(got.err()).as("stderr bytes of " + c).isEqualTo(qemu.err());

        assertThat(report).as("--threads-report file of " + c).exists();
        JsonObject json = new JsonObject(Files.readString(report, StandardCharsets.UTF_8));
        assertThat(json.getLong("pid")).as(json.encode()).isPositive();
        assertThat(json.getInteger("status")).as(json.encode()).isEqualTo(qemu.exit());
        JsonArray threads = json.getJsonArray("threads");
        Set<String> nodes = new TreeSet<>();
        Set<Long> gtids = new TreeSet<>();
        for (int i = 0; i < threads.size(); i++) {
            nodes.add(threads.getJsonObject(i).getString("node"));
            gtids.add(threads.getJsonObject(i).getLong("gtid"));
        }
        assertThat(nodes).as(json.encode()).allMatch(n -> n.matches("node[123]"));
        assertThat(gtids).as("distinct gtids in " + json.encode()).hasSize(threads.size());
        if (c.threaded()) {
            assertThat(threads.size()).as("threads of " + c + ": " + json.encode()).isGreaterThanOrEqualTo(5);
            assertThat(nodes).as("nodes the threads of " + c + " ran on: " + json.encode()).hasSizeGreaterThanOrEqualTo(2);
        } else {
            assertThat(threads.size()).as("threads of " + c + ": " + json.encode()).isEqualTo(1);
        }
    }

    /** {@code scripts/procshare ARGS} with an empty stdin, from the repository root. */
    private static RiscvCorpus.Outcome procshare(List<String> args, Duration timeout) throws IOException, InterruptedException {
        return procshare(null, args, timeout);
    }

    /**
     * {@code scripts/procshare ARGS} with the case's stdin (empty when {@code c} is null), its
     * stdout and stderr kept in files under the scratch directory.
     */
    private static RiscvCorpus.Outcome procshare(RiscvCorpus.Case c, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(RiscvCorpus.ROOT.resolve("scripts/procshare").toString());
        cmd.addAll(args);
        Path client = Files.createTempDirectory(SCRATCH, (c == null ? args.getFirst() : c.id()) + "-procshare-");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(client.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        RiscvCorpus.Outcome r = RiscvCorpus.run(pb, c == null ? null : c.stdinFile(),
                client.resolveSibling(client.getFileName() + ".out"), timeout);
        System.out.println("$ procshare " + String.join(" ", args) + (c == null || c.stdin() == null ? "" : " < " + c.stdin())
                + "   (exit " + r.exit() + ")\n" + r.outText() + r.errText());
        return r;
    }
}
