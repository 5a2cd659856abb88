package io.procshare.loadgen.table1;

import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.Experiments;
import io.procshare.loadgen.probe.LatencyRow;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * report.md of a table1 run: every row; the paper's Table 1 (DESIGN §1) beside ours with B−A and
 * C−B per syscall; the goals of issue 6 that Table 1 decides, met or missed, with the numbers of
 * this run; and where B's and C's extra time goes.
 */
final class Table1Report {

    /** The paper's Table 1 (Core i7 2.8 GHz, 1 GbE, NFS), milliseconds: A, B, C. */
    static final Map<String, double[]> PAPER_MS = Map.of(
            "open", new double[] {0.353, 0.358, 0.717},
            "close", new double[] {0.368, 0.370, 0.460},
            "mkdir", new double[] {1.124, 1.130, 1.402},
            "rmdir", new double[] {1.036, 1.037, 1.416},
            "symlink", new double[] {1.521, 1.530, 1.884},
            "flock", new double[] {0.981, 0.982, 1.099});

    /** Goal: (B − A) / A at p50, per syscall. */
    static final double MAX_B_OVERHEAD = 0.02;
    /** Goal: open forwarded / close forwarded at p50. */
    static final double MAX_OPEN_OVER_CLOSE = 1.2;
    /** Goal: (C − B) of close / event-bus 16 B request/reply, at p50. */
    static final double MAX_FORWARD_OVER_ECHO = 1.2;

    private static final String[] SHIPPING = {"ship", "noship"};

    private Table1Report() {
    }

    static String render(ExperimentOptions o, String transport, String loadBefore, List<Table1Row> rows,
                         List<Table1Row> diagnostics, LatencyRow echo) {
        StringBuilder b = new StringBuilder("# table1\n\n");
        b.append(String.format(Locale.ROOT, "%s; %d nodes in one JVM on loopback, transport %s; K = %d recorded "
                        + "iterations after W = %d warm-up per row, %d us idle before every timed call; Java %s, %d CPUs. "
                        + "Times in microseconds, measured on the issuing thread.%n%n", Instant.now(),
                Table1Experiment.NODES, transport, o.iterations(), o.warmup(), o.pauseUs(), Runtime.version(),
                Runtime.getRuntime().availableProcessors()));
        b.append("Load average (1, 5, 15 min) before the run: ").append(loadBefore).append("; after: ")
                .append(Experiments.loadAverage()).append(".\n\n```\njava <JvmFlags.FLAGS> -cp loadgen/target/benchmarks.jar ")
                .append(Table1Experiment.MAIN).append(" --iterations ").append(o.iterations()).append(" --warmup ")
                .append(o.warmup()).append(" --pause-us ").append(o.pauseUs()).append(" --out ").append(o.out())
                .append("\n```\n\n");
        b.append("A: the libc call made directly on the host, relative to an O_PATH fd of a host directory. "
                + "B: a guest thread on the process's home (node 0) through the mechanism, not forwarded. "
                + "C: a guest thread on node 1, forwarded to the home. `ship`/`noship`: argument shipping on/off "
                + "(B never ships: it reads guest memory where it runs). Target: `a/b/c/d/e/{file,dir,link}`; "
                + "paths in guest memory, rewritten by the issuing thread before every call (untimed).\n\n");

        b.append("## Results\n\n| op | condition | shipping | n | p50 | p90 | p99 | max | home faults / iteration |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach(r -> appendRow(b, r));
        appendRow(b, echo.op(), echo.condition(), "none", echo, "");

        b.append("\n## Table 1: the paper beside this run (p50)\n\n");
        b.append("| syscall | paper A ms | paper B ms | paper C ms | paper (B−A)/A | paper C−B ms "
                + "| A us | B us (ship / noship) | C us (ship / noship) | (B−A)/A (ship / noship) | C−B us (ship / noship) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String op : Table1Probes.OPS) {
            double[] p = PAPER_MS.get(op);
            double a = p50(rows, op, "A", "none");
            b.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.1f %% | %.3f | %.1f | %.1f / %.1f | "
                            + "%.1f / %.1f | %.0f %% / %.0f %% | %.1f / %.1f |%n", op, p[0], p[1], p[2],
                    100 * (p[1] - p[0]) / p[0], p[2] - p[1], a,
                    p50(rows, op, "B", "ship"), p50(rows, op, "B", "noship"),
                    p50(rows, op, "C", "ship"), p50(rows, op, "C", "noship"),
                    100 * overhead(rows, op, "ship"), 100 * overhead(rows, op, "noship"),
                    forwarding(rows, op, "ship"), forwarding(rows, op, "noship")));
        }

        b.append("\n## Goals (issue 6)\n\n").append(goals(rows, echo));

        b.append("\n## Where B's time goes\n\n`A-sandbox` calls the home's sandboxed host execution "
                + "(`HostProcess`: guest fd table, openat2 RESOLVE_IN_ROOT from the sandbox root, parent O_PATH "
                + "open + *at call + close for mkdir/rmdir/symlink) directly, without syscall table, thread table "
                + "or guest memory. p50, us:\n\n| syscall | A | A-sandbox | B (ship) | sandbox: A-sandbox − A "
                + "| mechanism: B − A-sandbox |\n|---|---:|---:|---:|---:|---:|\n");
        for (String op : Table1Probes.OPS) {
            double a = p50(rows, op, "A", "none");
            double s = p50(diagnostics, op, "A-sandbox", "none");
            double bs = p50(rows, op, "B", "ship");
            b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %+.1f | %+.1f |%n", op, a, s, bs, s - a, bs - s));
        }
        b.append("\n| op | condition | shipping | n | p50 | p90 | p99 | max | home faults / iteration |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        diagnostics.forEach(r -> appendRow(b, r));

        b.append(String.format(Locale.ROOT, "%n## Where C's time goes%n%nThe event-bus 16 B request/reply from "
                + "node 1 to node 0 (p50 %.1f us) is the round trip a forwarded call adds. C − B close (no memory "
                + "argument): ship %.1f us, noship %.1f us. Without shipping, a call whose path the issuing thread "
                + "has just written makes the home fetch that page through the DSM (home faults / iteration above; "
                + "for close and rmdir they come from the untimed open/mkdir of the set-up): open C noship − C ship "
                + "= %.1f us.%n", echo.p50(), forwarding(rows, "close", "ship"), forwarding(rows, "close", "noship"),
                p50(rows, "open", "C", "noship") - p50(rows, "open", "C", "ship")));
        return b.toString();
    }

    /** The goal verdicts Table 1 decides, one line each, for report.md and stderr. */
    static String goals(List<Table1Row> rows, LatencyRow echo) {
        StringBuilder b = new StringBuilder();
        for (String shipping : SHIPPING) {
            for (String op : Table1Probes.OPS) {
                double o = overhead(rows, op, shipping);
                b.append(String.format(Locale.ROOT, "- (B − A) / A <= %.0f %% at p50, %s (%s): B %.1f us, A %.1f us: "
                                + "%.1f %%: **%s**%n", 100 * MAX_B_OVERHEAD, op, shipping, p50(rows, op, "B", shipping),
                        p50(rows, op, "A", "none"), 100 * o, verdict(o <= MAX_B_OVERHEAD)));
            }
        }
        for (String shipping : SHIPPING) {
            double open = p50(rows, "open", "C", shipping);
            double close = p50(rows, "close", "C", shipping);
            b.append(String.format(Locale.ROOT, "- open C <= %.1f x close C at p50 (%s): %.1f us vs %.1f us = %.2fx "
                            + "(the paper: %.2fx): **%s**%n", MAX_OPEN_OVER_CLOSE, shipping, open, close, open / close,
                    PAPER_MS.get("open")[2] / PAPER_MS.get("close")[2], verdict(open <= MAX_OPEN_OVER_CLOSE * close)));
        }
        for (String shipping : SHIPPING) {
            double f = forwarding(rows, "close", shipping);
            b.append(String.format(Locale.ROOT, "- (C − B) close <= %.1f x event-bus 16 B request/reply at p50 (%s): "
                            + "%.1f us vs %.1f x %.1f = %.1f us: **%s**%n", MAX_FORWARD_OVER_ECHO, shipping, f,
                    MAX_FORWARD_OVER_ECHO, echo.p50(), MAX_FORWARD_OVER_ECHO * echo.p50(),
                    verdict(f <= MAX_FORWARD_OVER_ECHO * echo.p50())));
        }
        return b.toString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "missed";
    }

    /** (B − A) / A at p50. */
    private static double overhead(List<Table1Row> rows, String op, String shipping) {
        double a = p50(rows, op, "A", "none");
        return (p50(rows, op, "B", shipping) - a) / a;
    }

    /** C − B at p50, in microseconds. */
    private static double forwarding(List<Table1Row> rows, String op, String shipping) {
        return p50(rows, op, "C", shipping) - p50(rows, op, "B", shipping);
    }

    private static double p50(List<Table1Row> rows, String op, String condition, String shipping) {
        return find(rows, op, condition, shipping).map(Table1Row::p50).orElse(Double.NaN);
    }

    private static Optional<Table1Row> find(List<Table1Row> rows, String op, String condition, String shipping) {
        return rows.stream().filter(r -> r.op().equals(op) && r.condition().equals(condition)
                && r.shipping().equals(shipping)).findFirst();
    }

    private static void appendRow(StringBuilder b, Table1Row r) {
        appendRow(b, r.op(), r.condition(), r.shipping(), r.stats(), String.format(Locale.ROOT, "%.2f", r.homeFaults()));
    }

    private static void appendRow(StringBuilder b, String op, String condition, String shipping, LatencyRow s,
                                  String homeFaults) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %s |%n", op, condition,
                shipping, s.n(), s.p50(), s.p90(), s.p99(), s.max(), homeFaults));
    }
}
