package io.procshare.loadgen.table1;

import io.procshare.loadgen.probe.LatencyRow;
import io.procshare.loadgen.probe.Spread;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The table1 part of report.md: every row; the paper's Table 1 (DESIGN §1) beside ours with B−A and
 * C−B per syscall, each with its range over the interleaved repeats (the noise, issue 14 item 6);
 * and where B's and C's extra time goes. The goals Table 1 decides are evaluated
 * with the others' (see {@code io.procshare.loadgen.suite.Goals}).
 */
final class Table1Report {

    private Table1Report() {
    }

    static String render(List<Table1Row> rows, List<Table1Row> diagnostics, LatencyRow echo) {
        StringBuilder b = new StringBuilder();
        b.append("A: the libc call made directly on the host, relative to an O_PATH fd of a host directory. "
                + "B: a guest thread on the process's home (node 0) through the mechanism, not forwarded. "
                + "C: a guest thread on node 1, forwarded to the home. `ship`/`noship`: argument shipping on/off "
                + "(B never ships: it reads guest memory where it runs, so B ship and B noship are the same code "
                + "measured twice). Target: `a/b/c/d/e/{file,dir,link}` (5 directories deep, as in the paper); "
                + "paths in guest memory, rewritten by the issuing thread before every call (untimed). The "
                + "home-local rows (A, B, A-sandbox) ran interleaved, and so did the forwarded rows (C) with the "
                + "event-bus 16 B request/reply from node 1 to node 0.\n\n");

        b.append("| op | condition | shipping | n | p50 | p90 | p99 | max | home faults / iteration |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach(r -> appendRow(b, r));
        appendRow(b, echo.op(), echo.condition(), "none", echo, "");

        b.append("\n### Table 1: the paper beside this run (p50)\n\n");
        b.append("The paper: Core i7 2.8 GHz, 1 GbE, NFS, Linux 2.6.33, milliseconds. This run: microseconds, "
                + "local disk, loopback.\n\n");
        int repeats = rows.isEmpty() ? 0 : rows.getFirst().p50s().size();
        if (repeats > 1) {
            b.append(String.format(Locale.ROOT, "(B−A)/A and C−B: taken in each of the %d interleaved repeats (each "
                    + "1/%d of the iterations, every condition interleaved in each), the median of the repeats, then in "
                    + "parentheses their least and most: the noise of this run. (B−A)/A pairs rows of the same repeat; "
                    + "C−B pairs repeat k of the home-local group with repeat k of the forwarded group, which ran after "
                    + "it.%n%n", repeats, repeats));
        }
        b.append("| syscall | paper A ms | paper B ms | paper C ms | paper (B−A)/A | paper C−B ms "
                + "| A us | B us (ship / noship) | C us (ship / noship) | (B−A)/A (ship / noship) | C−B us (ship / noship) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> noise = new ArrayList<>();
        for (String op : Table1Probes.OPS) {
            double[] p = PaperTable1.ms(op);
            double a = p50(rows, op, "A", "none");
            b.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.1f %% | %.3f | %.1f | %.1f / %.1f | "
                            + "%.1f / %.1f | %s / %s | %s / %s |%n", op, p[0], p[1], p[2],
                    100 * (p[1] - p[0]) / p[0], p[2] - p[1], a,
                    p50(rows, op, "B", "ship"), p50(rows, op, "B", "noship"),
                    p50(rows, op, "C", "ship"), p50(rows, op, "C", "noship"),
                    overheadCell(rows, op, "ship"), overheadCell(rows, op, "noship"),
                    forwardingCell(rows, op, "ship"), forwardingCell(rows, op, "noship")));
            for (String shipping : List.of("ship", "noship")) {
                if (overheads(rows, op, shipping).includes(0)) {
                    noise.add("(B−A)/A of " + op + " " + shipping);
                }
                if (forwardings(rows, op, shipping).includes(0)) {
                    noise.add("C−B of " + op + " " + shipping);
                }
            }
        }
        if (repeats > 1) {
            b.append('\n').append(caution(noise)).append('\n');
        }

        b.append("\n### Where B's time goes\n\n`A-sandbox` calls the home's sandboxed host execution "
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

        b.append(String.format(Locale.ROOT, "%n### Where C's time goes%n%nThe event-bus 16 B request/reply from "
                + "node 1 to node 0 (p50 %.1f us) is the round trip a forwarded call adds. C − B close (no memory "
                + "argument): ship %.1f us, noship %.1f us. Without shipping, a call whose path the issuing thread "
                + "has just written makes the home fetch that page through the DSM (home faults / iteration above; "
                + "for close and rmdir they come from the untimed open/mkdir of the set-up): open C noship − C ship "
                + "= %.1f us.%n", echo.p50(), forwarding(rows, "close", "ship"), forwarding(rows, "close", "noship"),
                p50(rows, "open", "C", "noship") - p50(rows, "open", "C", "ship")));
        return b.toString();
    }

    /**
     * The caution under Table 1: a ratio whose range over the repeats includes 0 is not told from
     * noise; {@code noise} names those of this run ("(B−A)/A of open ship", …).
     */
    static String caution(List<String> noise) {
        return "Caution: a (B−A)/A or C−B whose range over the repeats includes 0 is not distinguishable from noise "
                + "on this run" + (noise.isEmpty() ? " (none here)." : "; here: " + String.join(", ", noise) + ".");
    }

    /**
     * The results.json row of {@code r}; a B row adds its (B − A) / A ({@code overhead}, median of the
     * repeats) and their least and most, a C row its C − B ({@code forwarding_us}) likewise.
     */
    static JsonObject toJson(Table1Row r, List<Table1Row> rows) {
        JsonObject json = r.toJson();
        if (r.condition().equals("B")) {
            Spread s = overheads(rows, r.op(), r.shipping());
            json.put("overhead", round4(overhead(rows, r.op(), r.shipping())));
            if (s.n() > 0) {
                json.put("overhead_min", round4(s.min())).put("overhead_max", round4(s.max()));
            }
        } else if (r.condition().equals("C")) {
            Spread s = forwardings(rows, r.op(), r.shipping());
            json.put("forwarding_us", round1(forwarding(rows, r.op(), r.shipping())));
            if (s.n() > 0) {
                json.put("forwarding_us_min", round1(s.min())).put("forwarding_us_max", round1(s.max()));
            }
        }
        return json;
    }

    /**
     * {@code −23.4 % (−31 … −12)}: (B − A) / A, the median of the repeats and their range (as the
     * riscv experiment gives its ratios); with one repeat the p50s' ratio alone.
     */
    static String overheadCell(List<Table1Row> rows, String op, String shipping) {
        String range = overheads(rows, op, shipping).times(100).range("%+.0f");
        return String.format(Locale.ROOT, "%.1f %%", 100 * overhead(rows, op, shipping))
                + (range.isEmpty() ? "" : " " + range);
    }

    private static String forwardingCell(List<Table1Row> rows, String op, String shipping) {
        String range = forwardings(rows, op, shipping).range("%.0f");
        return String.format(Locale.ROOT, "%.1f", forwarding(rows, op, shipping)) + (range.isEmpty() ? "" : " " + range);
    }

    /** (B − A) / A: the median of the repeats when there are 2 or more, else of the p50s. */
    private static double overhead(List<Table1Row> rows, String op, String shipping) {
        Spread s = overheads(rows, op, shipping);
        if (s.n() > 1) {
            return s.median();
        }
        double a = p50(rows, op, "A", "none");
        return (p50(rows, op, "B", shipping) - a) / a;
    }

    /** (B − A) / A of every repeat, a fraction like {@link #overhead}. */
    static Spread overheads(List<Table1Row> rows, String op, String shipping) {
        return Spread.perRepeat(p50s(rows, op, "A", "none"), p50s(rows, op, "B", shipping), (a, b) -> (b - a) / a);
    }

    /** C − B in microseconds: the median of the repeats when there are 2 or more, else of the p50s. */
    private static double forwarding(List<Table1Row> rows, String op, String shipping) {
        Spread s = forwardings(rows, op, shipping);
        return s.n() > 1 ? s.median() : p50(rows, op, "C", shipping) - p50(rows, op, "B", shipping);
    }

    /** C − B of every repeat, in microseconds. */
    static Spread forwardings(List<Table1Row> rows, String op, String shipping) {
        return Spread.perRepeat(p50s(rows, op, "B", shipping), p50s(rows, op, "C", shipping), (b, c) -> c - b);
    }

    private static List<Double> p50s(List<Table1Row> rows, String op, String condition, String shipping) {
        return find(rows, op, condition, shipping).map(Table1Row::p50s).orElse(List.of());
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
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
