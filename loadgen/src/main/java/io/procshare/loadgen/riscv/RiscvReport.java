package io.procshare.loadgen.riscv;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code riscv} experiment's part of report.md, and its goal (issue 12), from its results.json
 * rows alone (so that a test can feed it hand-made rows).
 */
public final class RiscvReport {

    /** The goal: our engine at least this fraction of qemu's speed (set for the interpreter alone). */
    public static final double GOAL_RATIO = 1.0 / 8;
    public static final String GOAL_ID = "riscv-speed";
    public static final String GOAL_FORMULA = "riscv engine: guest instructions/s ≥ 1/8 of qemu-riscv64-static's "
            + "on every single-thread benchmark (median of the rounds' ours / qemu, wall time)";

    /**
     * How the run went, for the text.
     *
     * @param runs        timed runs per benchmark and condition (K)
     * @param warmupRuns  untimed runs of each before them
     * @param nodes       nodes of the cluster
     * @param loadBefore  load average before the experiment
     * @param loadAfter   load average after it
     * @param cpus        CPUs of the machine
     */
    public record Context(int runs, int warmupRuns, int nodes, String loadBefore, String loadAfter, int cpus) {
    }

    private RiscvReport() {
    }

    /** Met when every single-thread benchmark's procshare row has a ratio ≥ {@link #GOAL_RATIO}. */
    public static Goal goal(List<JsonObject> rows) {
        List<String> parts = new ArrayList<>();
        boolean met = true;
        for (Benchmark b : Benchmark.SINGLE_THREAD) {
            Optional<JsonObject> ours = RiscvRows.find(rows, b.op(), "pack");
            if (ours.isEmpty() || !ours.get().containsKey("ratio")) {
                return new Goal(Goal.Verdict.NOT_EVALUATED, "needs the riscv rows of " + b.op()
                        + " under qemu and procshare in this run");
            }
            double r = ours.get().getDouble("ratio");
            met &= r >= GOAL_RATIO;
            parts.add(String.format(Locale.ROOT, "%s %.3f (1/%.1f; rounds %.3f-%.3f)%s", b.op(), r, 1 / r,
                    ours.get().getDouble("ratio_min"), ours.get().getDouble("ratio_max"), r >= GOAL_RATIO ? "" : " ✗"));
        }
        return new Goal(met ? Goal.Verdict.MET : Goal.Verdict.MISSED, String.join("; ", parts)
                + String.format(Locale.ROOT, " vs %.3f", GOAL_RATIO));
    }

    /** A verdict and the numbers behind it. */
    public record Goal(Verdict verdict, String numbers) {
        /** The outcome. */
        public enum Verdict { MET, MISSED, NOT_EVALUATED }
    }

    public static String markdown(List<JsonObject> rows, Context c) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Static riscv64 programs of our own (loadgen/src/main/resources/riscv-bench, "
                + "built with `%s %s`), each run K = %d times under qemu-riscv64-static and K times with `procshare run`'s "
                + "client code (`RunClient`) against node n0 of the %d in-JVM nodes of this run, after %d untimed run(s) "
                + "of each; the rounds interleave the conditions in a shuffled order, so that the machine's load falls "
                + "on all of them alike. Wall time: qemu's process from start to end; procshare from the first byte of "
                + "the upload to the exit at the client. Instructions: the delta of the nodes' `riscv.instructions` "
                + "counters over a run (what `procshare status --json` shows per node); the programs are "
                + "deterministic RV64GC code, so qemu retires the same count and its instructions/s are that count "
                + "over its time. Every run's output was compared with qemu's and is identical.%n%n",
                Toolchain.GCC, String.join(" ", Toolchain.CFLAGS), c.runs(), c.nodes(), c.warmupRuns()));

        b.append("### Single thread: our engine against qemu\n\n");
        b.append("procshare runs them with placement `pack` (the one thread on the home, n0). Mips = millions of "
                + "guest instructions per second of wall time, median over the K runs (least-most); ours / qemu "
                + "pairs the runs of the same round; by CPU: the same with CPU time instead of wall time (qemu: its "
                + "process; ours: the nodes' whole JVM, JIT compiler and GC included), as the kernel accounts it: "
                + "in a virtual machine it may leave time out, so the goal is judged on wall time.\n\n");
        b.append("| benchmark | args | instructions | qemu s | ours s | qemu Mips | ours Mips | ours / qemu | 1/x | "
                + "by CPU | output |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Benchmark bm : Benchmark.SINGLE_THREAD) {
            Optional<JsonObject> q = RiscvRows.find(rows, bm.op(), "qemu");
            Optional<JsonObject> o = RiscvRows.find(rows, bm.op(), "pack");
            if (q.isEmpty() || o.isEmpty()) {
                continue;
            }
            JsonObject ours = o.get();
            b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s | %s | %s | %s | %s | %s | `%s` |%n", bm.op(),
                    ours.getString("args"), ours.getLong("instructions"), seconds(q.get()), seconds(ours),
                    mips(q.get()), mips(ours), ratio(ours), ours.containsKey("ratio")
                            ? String.format(Locale.ROOT, "%.1f", 1 / ours.getDouble("ratio")) : "–",
                    ours.containsKey("ratio_cpu") ? String.format(Locale.ROOT, "%.3f", ours.getDouble("ratio_cpu")) : "–",
                    ours.getString("output")));
        }

        Optional<JsonObject> pack = RiscvRows.find(rows, Benchmark.MATMUL_MT4.op(), "pack");
        Optional<JsonObject> spread = RiscvRows.find(rows, Benchmark.MATMUL_MT4.op(), "spread");
        Optional<JsonObject> mtQemu = RiscvRows.find(rows, Benchmark.MATMUL_MT4.op(), "qemu");
        if (pack.isPresent() || spread.isPresent()) {
            b.append("\n### Four threads: one node against three\n\n");
            b.append("`matmul_mt` with 4 worker threads (each a block of rows of C) besides the main thread, which "
                    + "fills A and B and joins them. `pack`: every thread on the home n0; `spread`: round-robin from "
                    + "the node after the home. Counters are per node, mean per run: faults = page requests the node "
                    + "sent, invalidations = copies it was told to drop, page forwards = copies it sent as owner, "
                    + "syscalls forwarded = system calls it sent to the home, direct = run on the home by its own "
                    + "threads, executed = forwarded calls the home ran. qemu runs the same 4 threads as host "
                    + "threads (reference).\n\n");
            b.append("| condition | threads on | wall s | Mips | instructions | vs pack |\n|---|---|---:|---:|---:|---:|\n");
            for (Optional<JsonObject> r : List.of(mtQemu, pack, spread)) {
                r.ifPresent(x -> b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %,d | %s |%n",
                        x.getString("condition"), threadsOn(x), seconds(x), mips(x), x.getLong("instructions"),
                        x.containsKey("wall_vs_pack") ? String.format(Locale.ROOT, "%.2f×", x.getDouble("wall_vs_pack"))
                                : "–")));
            }
            b.append("\n| condition | node | threads | instructions | faults | invalidations | page forwards | "
                    + "syscalls forwarded | direct | executed |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Optional<JsonObject> r : List.of(pack, spread)) {
                r.ifPresent(x -> {
                    JsonObject perNode = x.getJsonObject("per_node", new JsonObject());
                    for (String node : perNode.fieldNames()) {
                        JsonObject n = perNode.getJsonObject(node);
                        b.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %,.0f | %.1f | %.1f | %.1f | %.1f | %.1f "
                                        + "| %.1f |%n", x.getString("condition"), node, n.getDouble("threads"),
                                n.getDouble("instructions"), n.getDouble("faults"), n.getDouble("invalidations"),
                                n.getDouble("page_forwards"), n.getDouble("syscalls_forwarded"),
                                n.getDouble("syscalls_direct"), n.getDouble("syscalls_executed")));
                    }
                });
            }
        }

        b.append("\n### What the numbers say\n\n");
        b.append(plainNote(rows, c));
        return b.toString();
    }

    /** The plain-language reading: the ratios against the goal, the spread, the machine's load. */
    static String plainNote(List<JsonObject> rows, Context c) {
        StringBuilder b = new StringBuilder();
        List<String> ratios = new ArrayList<>();
        List<String> rounds = new ArrayList<>();
        List<String> speeds = new ArrayList<>();
        for (Benchmark bm : Benchmark.SINGLE_THREAD) {
            Optional<JsonObject> o = RiscvRows.find(rows, bm.op(), "pack");
            Optional<JsonObject> q = RiscvRows.find(rows, bm.op(), Sample.QEMU);
            if (o.isPresent() && q.isPresent() && o.get().containsKey("ratio")) {
                JsonObject r = o.get();
                ratios.add(String.format(Locale.ROOT, "%s %.1f %%", bm.op(), 100 * r.getDouble("ratio")));
                rounds.add(String.format(Locale.ROOT, "%s %.3f-%.3f", bm.op(), r.getDouble("ratio_min"),
                        r.getDouble("ratio_max")));
                speeds.add(String.format(Locale.ROOT, "%s %.0f against %.0f", bm.op(), q.get().getDouble("ips") / 1e6,
                        r.getDouble("ips") / 1e6));
            }
        }
        if (!ratios.isEmpty()) {
            Goal g = goal(rows);
            b.append(String.format(Locale.ROOT, "Our engine ran the single-thread programs at %s of qemu's speed "
                            + "(median of the rounds); the goal is at least %.1f %% (1/8): %s. ",
                    String.join(", ", ratios), 100 * GOAL_RATIO, g.verdict() == Goal.Verdict.MET ? "met"
                            : g.verdict() == Goal.Verdict.MISSED ? "missed" : "not evaluated"));
            b.append(String.format(Locale.ROOT, "Millions of instructions per second, qemu against ours: %s; the gap "
                    + "depends on the kind of code as much as on the engine. Round by round, ours / qemu ranged over "
                    + "%s. ",
                    String.join(", ", speeds), String.join(", ", rounds)));
        }
        b.append(String.format(Locale.ROOT, "The machine has %d CPUs and was shared with other jobs (load average "
                + "%s before, %s after): a wall time here includes the time a run waited for a CPU, which is why "
                + "qemu and ours run interleaved, round by round, and why the ratio by CPU time is given beside "
                + "(ours includes the JVM's JIT compiler and GC, qemu its translator).", c.cpus(), c.loadBefore(),
                c.loadAfter()));
        Optional<JsonObject> spread = RiscvRows.find(rows, Benchmark.MATMUL_MT4.op(), "spread");
        if (spread.isPresent() && spread.get().containsKey("wall_vs_pack")) {
            JsonObject s = spread.get();
            double faults = s.getJsonObject("per_node", new JsonObject()).stream()
                    .mapToDouble(e -> ((JsonObject) e.getValue()).getDouble("faults")).sum();
            double invalidations = s.getJsonObject("per_node", new JsonObject()).stream()
                    .mapToDouble(e -> ((JsonObject) e.getValue()).getDouble("invalidations")).sum();
            double forwarded = s.getJsonObject("per_node", new JsonObject()).stream()
                    .mapToDouble(e -> ((JsonObject) e.getValue()).getDouble("syscalls_forwarded")).sum();
            b.append(String.format(Locale.ROOT, " Spread over %d nodes, the 4-thread multiply took %.2f× the time of "
                            + "one node (%s): its threads ran on every node, with %.0f page faults, %.0f invalidations and "
                            + "%.0f forwarded system calls per run; all nodes of this run share the same %d CPUs, so "
                            + "spreading adds the protocol's work without adding any CPU.", c.nodes(),
                    s.getDouble("wall_vs_pack"), s.getDouble("wall_vs_pack") < 1 ? "faster" : "slower", faults,
                    invalidations, forwarded, c.cpus()));
        }
        return b.append('\n').toString();
    }

    private static String threadsOn(JsonObject row) {
        JsonArray nodes = row.getJsonArray("thread_nodes");
        return nodes == null || nodes.isEmpty() ? "host threads" : String.join(" ", nodes.stream().map(String::valueOf)
                .toList());
    }

    private static String seconds(JsonObject r) {
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", r.getDouble("p50") / 1e6, r.getDouble("min") / 1e6,
                r.getDouble("max") / 1e6);
    }

    private static String mips(JsonObject r) {
        return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", r.getDouble("ips") / 1e6, r.getDouble("ips_min") / 1e6,
                r.getDouble("ips_max") / 1e6);
    }

    private static String ratio(JsonObject r) {
        return r.containsKey("ratio") ? String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", r.getDouble("ratio"),
                r.getDouble("ratio_min"), r.getDouble("ratio_max")) : "–";
    }
}
