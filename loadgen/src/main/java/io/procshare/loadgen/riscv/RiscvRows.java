package io.procshare.loadgen.riscv;

import io.procshare.loadgen.probe.Spread;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results.json rows of the {@code riscv} experiment, one per benchmark and condition, from its
 * samples. DESIGN §9's row, extended (all times in µs):
 * <pre>
 * {"op": "matmul" | "sha256" | "sort" | "matmul-mt4",
 *  "condition": "qemu" | "pack" | "spread",   // qemu-riscv64-static, or procshare run with that placement
 *  "n": K,                  // timed runs
 *  "args": "400",           // the program's arguments
 *  "p50", "min", "max",     // wall time of one run over the K runs, µs
 *  "runs_us": [...],        // every run's wall time, µs, in round order
 *  "cpu_p50": µs,           // median CPU time of a run (qemu's process; procshare: the nodes' whole JVM)
 *  "instructions": count,   // guest instructions of one run: the nodes' riscv.instructions delta
 *                           // (median of the runs); qemu's rows carry the pack runs' count
 *  "ips", "ips_min", "ips_max",  // instructions / wall time, per run: median, least, most
 *  "ips_cpu": ...,          // instructions / CPU time, median
 *  "output": "...",         // what every run printed (the same for every run and condition)
 *  // procshare rows of the single-thread benchmarks:
 *  "ratio", "ratio_min", "ratio_max",  // ips ours / ips qemu of the same round, median, least, most
 *  "ratio_cpu",             // ips_cpu ours / ips_cpu qemu (medians)
 *  // procshare rows:
 *  "thread_nodes": ["n0", ...],  // where each guest thread ran (first run)
 *  "per_node": {"n0": {"instructions", "threads", "faults", "invalidations", "page_forwards",
 *               "syscalls_forwarded", "syscalls_direct", "syscalls_executed"}, ...}  // mean per run
 *  // the spread row of matmul-mt4:
 *  "wall_vs_pack": p50 spread / p50 pack}
 * </pre>
 * There are no p90/p99: K is a handful of runs, whose every value is in {@code runs_us}.
 */
public final class RiscvRows {

    private RiscvRows() {
    }

    /** Rows in the order of {@code samples}' first appearance of each benchmark and condition. */
    public static List<JsonObject> rows(List<Sample> samples) {
        Map<String, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample s : samples) {
            groups.computeIfAbsent(s.benchmark().op() + "\n" + s.condition(), k -> new ArrayList<>()).add(s);
        }
        List<JsonObject> rows = new ArrayList<>();
        for (List<Sample> g : groups.values()) {
            rows.add(row(g, samples));
        }
        for (JsonObject r : rows) {
            if (!Sample.QEMU.equals(r.getString("condition"))) {
                ratios(r, rows, samples);
            }
        }
        return rows;
    }

    private static JsonObject row(List<Sample> g, List<Sample> all) {
        Sample first = g.getFirst();
        Benchmark b = first.benchmark();
        long instructions = instructions(b, first.condition(), all);
        double[] wall = g.stream().mapToDouble(s -> s.wallNs() / 1e3).toArray();
        double[] ips = g.stream().mapToDouble(s -> instructions / (s.wallNs() / 1e9)).toArray();
        JsonObject row = new JsonObject()
                .put("op", b.op())
                .put("condition", first.condition())
                .put("n", g.size())
                .put("args", first.args())
                .put("p50", round1(median(wall)))
                .put("min", round1(Arrays.stream(wall).min().orElse(0)))
                .put("max", round1(Arrays.stream(wall).max().orElse(0)))
                .put("runs_us", new JsonArray(Arrays.stream(wall).mapToObj(RiscvRows::round1).toList()));
        double[] cpu = g.stream().filter(s -> s.cpuNs() >= 0).mapToDouble(s -> s.cpuNs() / 1e3).toArray();
        if (cpu.length > 0) {
            row.put("cpu_p50", round1(median(cpu)));
            row.put("ips_cpu", Math.round(instructions / (median(cpu) / 1e6)));
        }
        row.put("instructions", instructions)
                .put("ips", Math.round(median(ips)))
                .put("ips_min", Math.round(Arrays.stream(ips).min().orElse(0)))
                .put("ips_max", Math.round(Arrays.stream(ips).max().orElse(0)))
                .put("output", first.stdout().strip());
        if (!Sample.QEMU.equals(first.condition())) {
            long[] counts = g.stream().mapToLong(Sample::instructions).distinct().toArray();
            if (counts.length > 1) {
                row.put("instructions_min", Arrays.stream(counts).min().orElse(0))
                        .put("instructions_max", Arrays.stream(counts).max().orElse(0));
            }
            row.put("thread_nodes", new JsonArray(new ArrayList<>(first.threadNodes())));
            JsonObject perNode = new JsonObject();
            for (String node : first.nodes().keySet()) {
                JsonObject c = new JsonObject();
                RiscvCounters.FIELDS.forEach((name, field) -> c.put(field, round1(g.stream()
                        .mapToLong(s -> s.nodes().getOrDefault(node, Map.of()).getOrDefault(name, 0L)).average()
                        .orElse(0))));
                perNode.put(node, c);
            }
            row.put("per_node", perNode);
        }
        return row;
    }

    /**
     * The instructions one run of {@code b} retires: the median count of its procshare runs under
     * {@code condition}, or for qemu (which counts none) of its pack runs, else of any procshare run.
     * The program is deterministic, so qemu retires the same instructions.
     */
    static long instructions(Benchmark b, String condition, List<Sample> all) {
        List<Sample> mine = all.stream().filter(s -> s.benchmark() == b && s.condition().equals(condition)
                && s.instructions() >= 0).toList();
        if (mine.isEmpty()) {
            mine = all.stream().filter(s -> s.benchmark() == b && "pack".equals(s.condition())).toList();
        }
        if (mine.isEmpty()) {
            mine = all.stream().filter(s -> s.benchmark() == b && s.instructions() >= 0).toList();
        }
        if (mine.isEmpty()) {
            throw new IllegalArgumentException(b.op() + ": no procshare run counted its instructions");
        }
        return Math.round(median(mine.stream().mapToDouble(Sample::instructions).toArray()));
    }

    /** ours / qemu per round (the same machine state), and the spread row's wall time against pack's. */
    private static void ratios(JsonObject row, List<JsonObject> rows, List<Sample> samples) {
        String op = row.getString("op");
        String condition = row.getString("condition");
        Optional<JsonObject> qemu = find(rows, op, Sample.QEMU);
        if (qemu.isPresent() && Benchmark.SINGLE_THREAD.stream().anyMatch(b -> b.op().equals(op))) {
            List<Double> paired = new ArrayList<>();
            long ours = row.getLong("instructions");
            long theirs = qemu.get().getLong("instructions");
            for (Sample s : samples) {
                if (s.benchmark().op().equals(op) && s.condition().equals(condition)) {
                    samples.stream().filter(q -> q.benchmark() == s.benchmark() && Sample.QEMU.equals(q.condition())
                            && q.round() == s.round()).findFirst().ifPresent(q -> paired.add(
                            (ours / (s.wallNs() / 1e9)) / (theirs / (q.wallNs() / 1e9))));
                }
            }
            double[] r = paired.stream().mapToDouble(Double::doubleValue).toArray();
            if (r.length > 0) {
                row.put("ratio", round4(median(r)))
                        .put("ratio_min", round4(Arrays.stream(r).min().orElse(0)))
                        .put("ratio_max", round4(Arrays.stream(r).max().orElse(0)));
            }
            if (row.containsKey("ips_cpu") && qemu.get().containsKey("ips_cpu")) {
                row.put("ratio_cpu", round4(row.getDouble("ips_cpu") / qemu.get().getDouble("ips_cpu")));
            }
        }
        if ("spread".equals(condition)) {
            find(rows, op, "pack").ifPresent(p -> row.put("wall_vs_pack",
                    round4(row.getDouble("p50") / p.getDouble("p50"))));
        }
    }

    static Optional<JsonObject> find(List<JsonObject> rows, String op, String condition) {
        return rows.stream().filter(r -> op.equals(r.getString("op")) && condition.equals(r.getString("condition")))
                .findFirst();
    }

    static double median(double[] v) {
        return Spread.median(v);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
