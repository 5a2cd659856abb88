package io.procshare.loadgen.riscv;

import com.sun.management.OperatingSystemMXBean;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.node.cli.RunClient;
import io.procshare.node.client.BridgeClient;
import io.procshare.verticles.NodeCounters;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs one benchmark once, timed: under qemu-riscv64-static as a child process, or on the
 * cluster as {@code procshare run} does (the node's own client code, {@link RunClient}, through
 * node 0's bridge: node 0 is the home), with the nodes' counters read before and after.
 */
final class BenchRunner {

    /** A run that takes longer than this is killed (qemu) or reported as failed. */
    static final int RUN_TIMEOUT_S = 1_800;
    /**
     * A thread adds its retired instructions to its node's counter when it ends, which may be just
     * after the exit reached the client: the counters are read again until they stay the same this
     * long (at most {@link #SETTLE_DEADLINE_MS}).
     */
    static final long SETTLE_QUIET_MS = 100;
    static final long SETTLE_DEADLINE_MS = 10_000;

    private final LocalCluster cluster;
    private final BridgeClient client;
    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    BenchRunner(LocalCluster cluster, BridgeClient client) {
        this.cluster = cluster;
        this.client = client;
    }

    /** One run under qemu: wall time from the process's start to its reaping, CPU from getrusage. */
    Sample qemu(Benchmark b, Path binary, List<String> args, int round) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Toolchain.QEMU, binary.toString()));
        cmd.addAll(args);
        long cpu0 = ChildCpu.nanos();
        long t0 = System.nanoTime();
        Toolchain.Exec r = Toolchain.exec(cmd, RUN_TIMEOUT_S);
        long wall = System.nanoTime() - t0;
        long cpu1 = ChildCpu.nanos();
        if (r.status() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited with status " + r.status() + ": "
                    + r.stderr().strip());
        }
        return new Sample(b, Sample.QEMU, round, String.join(" ", args), wall, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0,
                r.stdout(), r.status(), new LinkedHashMap<>(), List.of());
    }

    /**
     * One run on the cluster with {@code placement}: wall time from the first byte of the upload to
     * the exit message, CPU of this whole JVM (every node and this client) meanwhile.
     */
    Sample cluster(Benchmark b, Path binary, List<String> args, String placement, int round) throws IOException,
            InterruptedException {
        byte[] image = Files.readAllBytes(binary);
        List<Map<String, Long>> before = snapshot();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        RunClient.Result r = RunClient.run(client, binary.getFileName().toString(), image, args, placement, null);
        long wall = System.nanoTime() - t0;
        long cpu1 = os.getProcessCpuTime();
        if (r.status() != 0) {
            throw new IllegalStateException("procshare run " + binary.getFileName() + " " + String.join(" ", args)
                    + " (placement " + placement + ") exited with status " + r.status() + ": " + r.message() + " "
                    + new String(r.stderr(), StandardCharsets.UTF_8).strip());
        }
        List<Map<String, Long>> after = settled(before);
        SequencedMap<String, Map<String, Long>> nodes = new LinkedHashMap<>();
        for (int i = 0; i < cluster.size(); i++) {
            Map<String, Long> d = new LinkedHashMap<>();
            for (String name : RiscvCounters.NAMES) {
                d.put(name, after.get(i).get(name) - before.get(i).get(name));
            }
            nodes.put(cluster.node(i).identity().name(), d);
        }
        return new Sample(b, placement, round, String.join(" ", args), wall, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0,
                new String(r.stdout(), StandardCharsets.ISO_8859_1), r.status(), nodes, r.threadNodes());
    }

    /** The counters read until they stay the same for {@link #SETTLE_QUIET_MS} and the instructions moved. */
    private List<Map<String, Long>> settled(List<Map<String, Long>> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_DEADLINE_MS);
        List<Map<String, Long>> last = snapshot();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(10); // polling a counter: nothing to wait on
            List<Map<String, Long>> now = snapshot();
            if (!now.equals(last)) {
                last = now;
                quietSince = System.nanoTime();
            } else if (retired(now) > retired(before)
                    && System.nanoTime() - quietSince >= TimeUnit.MILLISECONDS.toNanos(SETTLE_QUIET_MS)) {
                return now;
            }
        }
        throw new IllegalStateException("the nodes' " + RiscvCounters.RETIRED + " counters did not settle within "
                + SETTLE_DEADLINE_MS + " ms after the program's exit");
    }

    private static long retired(List<Map<String, Long>> counters) {
        return counters.stream().mapToLong(c -> c.get(RiscvCounters.RETIRED)).sum();
    }

    private List<Map<String, Long>> snapshot() {
        List<Map<String, Long>> all = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            NodeCounters c = cluster.node(i).counters();
            Map<String, Long> m = new LinkedHashMap<>();
            for (String name : RiscvCounters.NAMES) {
                m.put(name, c.get(name));
            }
            all.add(m);
        }
        return all;
    }
}
