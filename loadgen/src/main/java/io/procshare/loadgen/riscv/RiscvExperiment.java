package io.procshare.loadgen.riscv;

import io.procshare.loadgen.probe.Experiments;
import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Progress;
import io.procshare.node.NodeConfig;
import io.procshare.node.client.BridgeClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The {@code riscv} experiment (issue 12, item 9): (a) guest instructions per second of our
 * engine (interpreter and block compiler) against qemu-riscv64-static on the same single-thread binaries in the same run, and
 * their ratio; (b) the 4-thread matrix multiply with its threads on one node ({@code pack}) and
 * spread over three, with the faults, invalidations and forwarded system calls each node counted.
 *
 * <p>The benchmarks are compiled into {@code --out}/riscv-bench first. Each runs
 * {@code min(W, 1)} untimed times under every condition, then K = {@code --runs} timed rounds;
 * a round runs every benchmark under every condition once, in a freshly shuffled order. A run
 * whose output differs from qemu's, or that exits with a status other than 0, fails the
 * experiment: a benchmark that computes something else is no benchmark.
 */
public final class RiscvExperiment {

    public static final String NAME = "riscv";
    /** spread needs three nodes. */
    public static final int MIN_NODES = 3;
    /** Single-thread programs run on the home alone. */
    static final String PACK = "pack";
    static final String SPREAD = "spread";
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    /** What the experiment measured, and how the machine was meanwhile. */
    public record Result(List<Sample> samples, RiscvReport.Context context) {
    }

    private RiscvExperiment() {
    }

    public static Result run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
        Toolchain.requireAll();
        String loadBefore = Experiments.loadAverage();
        Path dir = options.out().resolve("riscv-bench");
        Map<Benchmark, Path> binaries = new EnumMap<>(Benchmark.class);
        for (Benchmark b : Benchmark.values()) {
            progress.note("[riscv] compiling " + b.source() + " into " + dir);
            binaries.put(b, Toolchain.build(b, dir));
        }
        int warmups = Math.min(options.warmup(), 1);
        int runs = options.runs();
        List<Job> single = new ArrayList<>();
        for (Benchmark b : Benchmark.SINGLE_THREAD) {
            single.add(new Job(b, Sample.QEMU));
            single.add(new Job(b, PACK));
        }
        List<Job> multi = List.of(new Job(Benchmark.MATMUL_MT4, Sample.QEMU), new Job(Benchmark.MATMUL_MT4, PACK),
                new Job(Benchmark.MATMUL_MT4, SPREAD));
        NodeConfig.HostPort bridge = NodeConfig.parseHostPort("bridge", cluster.node(0).identity().bridgeAddress());
        List<Sample> samples = new ArrayList<>();
        try (BridgeClient client = BridgeClient.connect(bridge.host(), bridge.port(), CONNECT_TIMEOUT_MS)) {
            Rounds rounds = new Rounds(new BenchRunner(cluster, client), binaries, options.work(), warmups, runs,
                    new Random(runs * 31L + warmups), new EnumMap<>(Benchmark.class), progress);
            samples.addAll(rounds.run("single thread: qemu and procshare (pack)", single));
            samples.addAll(rounds.run("matmul-mt4: qemu, pack and spread over " + cluster.size() + " nodes", multi));
        }
        return new Result(samples, new RiscvReport.Context(runs, warmups, cluster.size(), loadBefore,
                Experiments.loadAverage(), Runtime.getRuntime().availableProcessors()));
    }

    /** One benchmark under one condition: {@code qemu}, or a placement on the cluster. */
    private record Job(Benchmark b, String condition) {
    }

    /** Runs jobs in rounds: the warm-ups (untimed), then K timed rounds, each in a fresh shuffled order. */
    private record Rounds(BenchRunner runner, Map<Benchmark, Path> binaries, double work, int warmups, int runs,
                          Random order, Map<Benchmark, String> expected, Progress progress) {

        List<Sample> run(String label, List<Job> part) throws Exception {
            List<Sample> samples = new ArrayList<>();
            progress.row(NAME, label, (long) (warmups + runs) * part.size());
            int done = 0;
            for (int round = -warmups; round < runs; round++) {
                List<Job> jobs = new ArrayList<>(part);
                Collections.shuffle(jobs, order);
                for (Job j : jobs) {
                    List<String> args = j.b().args(work);
                    Path bin = binaries.get(j.b());
                    Sample s = Sample.QEMU.equals(j.condition()) ? runner.qemu(j.b(), bin, args, round)
                            : runner.cluster(j.b(), bin, args, j.condition(), round);
                    check(s, expected);
                    if (round >= 0) {
                        samples.add(s);
                    }
                    progress.advance(++done);
                    progress.note(String.format(Locale.ROOT, "[riscv] %s %s %s: %.2f s%s", round < 0 ? "warm-up"
                                    : "round " + (round + 1), j.b().op(), j.condition(),
                            TimeUnit.NANOSECONDS.toMillis(s.wallNs()) / 1000.0, s.instructions() >= 0
                                    ? String.format(Locale.ROOT, ", %,d instructions", s.instructions()) : ""));
                }
            }
            progress.done();
            return samples;
        }
    }

    /** Every run of a benchmark prints what its first run printed (qemu's or ours alike). */
    private static void check(Sample s, Map<Benchmark, String> expected) {
        String first = expected.putIfAbsent(s.benchmark(), s.stdout());
        if (first != null && !first.equals(s.stdout())) {
            throw new IllegalStateException(s.benchmark().op() + " under " + s.condition() + " printed '"
                    + s.stdout().strip() + "' where an earlier run printed '" + first.strip() + "'");
        }
    }
}
