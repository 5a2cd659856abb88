package io.procshare.loadgen.suite;

import io.procshare.loadgen.probe.Spread;
import io.procshare.loadgen.table1.PaperTable1;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The goals of issue 6, decided from the rows of one run (results.json's {@code rows}, each tagged
 * with its {@code experiment}), so that every verdict rests on numbers measured in the same run. A
 * goal whose rows the run does not have (the experiment was not run, or the row was skipped) is
 * {@linkplain Goal.Verdict#NOT_EVALUATED not evaluated}, with the reason.
 *
 * <p>Conventions: every latency is a p50; table1's B and C are taken with argument shipping on
 * (the nodes' default; B does not depend on it); the event-bus 16 B round trip against which
 * forwarding is judged is the one table1 measured interleaved with the forwarded calls, else the
 * baseline's.
 *
 * <p>Noise (issue 14 item 6): where the rows carry {@code p50_runs} (table1's, measured in
 * interleaved repeats) a goal's ratio is also taken per repeat, and its numbers give the least and
 * most; a range that includes the goal's bound is flagged as not distinguishable from noise on this
 * run (the verdict stays the one of the p50s over all iterations).
 */
public final class Goals {

    /** (C − B) of close over the event-bus 16 B request/reply. */
    static final double FORWARD_OVER_ECHO = 1.2;
    /** (C − B) of open over (C − B) of close. */
    static final double OPEN_OVER_CLOSE = 1.2;
    /** (B − A) / A of every Table-1 syscall. */
    static final double B_OVERHEAD = 0.02;
    /** Forwarded read of 64 KiB over 4 KiB, shipping on. */
    static final double READ_64_OVER_4 = 1.5;
    /** Mechanism syscalls/s over event-bus request/replies/s at the same concurrency. */
    static final double THROUGHPUT_SHARE = 0.8;

    private static final String SHIP = "ship";

    private final List<JsonObject> rows;

    private Goals(JsonArray rows) {
        this.rows = rows.stream().map(JsonObject.class::cast).toList();
    }

    /** Every goal of issue 6, in the order, decided from {@code rows}. */
    public static List<Goal> evaluate(JsonArray rows) {
        Goals g = new Goals(rows);
        return List.of(g.forwardingOverhead(), g.openOverClose(), g.localOverhead(), g.readSize(), g.readFault(),
                g.throughput());
    }

    private Goal forwardingOverhead() {
        String id = "forwarding-overhead";
        String formula = String.format(Locale.ROOT, "forwarding overhead (C − B) of close ≤ %.1f × event-bus 16 B "
                + "request/reply", FORWARD_OVER_ECHO);
        Optional<Double> c = table1("close", "C", SHIP);
        Optional<Double> b = table1("close", "B", SHIP);
        Optional<Double> echo = p50(r -> is(r, "table1", "eventbus-16"));
        String echoFrom = "measured by table1 interleaved with the forwarded calls";
        if (echo.isEmpty()) {
            echo = p50(r -> is(r, "baseline", "eventbus-16"));
            echoFrom = "the baseline's";
        }
        if (c.isEmpty() || b.isEmpty() || echo.isEmpty()) {
            return notEvaluated(id, formula, "needs table1's close B and C rows and an eventbus-16 row (table1 or "
                    + "baseline)");
        }
        double overhead = c.get() - b.get();
        StringBuilder numbers = new StringBuilder(String.format(Locale.ROOT, "C %.1f us − B %.1f us = %.1f us vs "
                        + "%.1f × %.1f us (event-bus 16 B, %s) = %.1f us: %.2f× the event bus", c.get(), b.get(), overhead,
                FORWARD_OVER_ECHO, echo.get(), echoFrom, FORWARD_OVER_ECHO * echo.get(), overhead / echo.get()));
        if (echoFrom.startsWith("measured")) {
            numbers.append(noise(perRepeat(t -> (t[0] - t[1]) / t[2], table1Row("close", "C", SHIP),
                    table1Row("close", "B", SHIP), row(r -> is(r, "table1", "eventbus-16"))), FORWARD_OVER_ECHO, "%.2f×"));
            p50(r -> is(r, "baseline", "eventbus-16")).ifPresent(x -> numbers.append(String.format(Locale.ROOT,
                    "; the baseline's event-bus 16 B, measured alone: %.1f us", x)));
        }
        return new Goal(id, formula, Goal.Verdict.of(overhead <= FORWARD_OVER_ECHO * echo.get()), numbers.toString());
    }

    private Goal openOverClose() {
        String id = "open-vs-close";
        double[] po = PaperTable1.ms("open");
        double[] pc = PaperTable1.ms("close");
        String formula = String.format(Locale.ROOT, "open forwarded ≤ %.1f × close forwarded, forwarding overhead "
                        + "(C − B) at p50 with shipping (the paper: (%.3f − %.3f) / (%.3f − %.3f) = %.2f×)",
                OPEN_OVER_CLOSE, po[2], po[1], pc[2], pc[1], (po[2] - po[1]) / (pc[2] - pc[1]));
        Optional<Double> co = table1("open", "C", SHIP);
        Optional<Double> bo = table1("open", "B", SHIP);
        Optional<Double> cc = table1("close", "C", SHIP);
        Optional<Double> bc = table1("close", "B", SHIP);
        if (co.isEmpty() || bo.isEmpty() || cc.isEmpty() || bc.isEmpty()) {
            return notEvaluated(id, formula, "needs table1's open and close B and C rows");
        }
        double open = co.get() - bo.get();
        double close = cc.get() - bc.get();
        String numbers = String.format(Locale.ROOT, "open %.1f − %.1f = %.1f us, close %.1f − %.1f = %.1f us: "
                        + "%.2f× (C alone: %.1f / %.1f us = %.2f×, the paper %.2f×)", co.get(), bo.get(), open, cc.get(),
                bc.get(), close, open / close, co.get(), cc.get(), co.get() / cc.get(), po[2] / pc[2])
                + noise(perRepeat(t -> (t[0] - t[1]) / (t[2] - t[3]), table1Row("open", "C", SHIP),
                table1Row("open", "B", SHIP), table1Row("close", "C", SHIP), table1Row("close", "B", SHIP)),
                OPEN_OVER_CLOSE, "%.2f×");
        Optional<Double> cn = table1("open", "C", "noship");
        Optional<Double> ccn = table1("close", "C", "noship");
        Optional<Double> bn = table1("open", "B", "noship");
        Optional<Double> bcn = table1("close", "B", "noship");
        if (cn.isPresent() && ccn.isPresent() && bn.isPresent() && bcn.isPresent()) {
            numbers += String.format(Locale.ROOT, "; without shipping (the paper's behaviour) %.2f×",
                    (cn.get() - bn.get()) / (ccn.get() - bcn.get()));
        }
        return new Goal(id, formula, Goal.Verdict.of(open <= OPEN_OVER_CLOSE * close), numbers);
    }

    private Goal localOverhead() {
        String id = "local-overhead";
        String formula = String.format(Locale.ROOT, "(B − A) / A ≤ %.0f %% at p50 for every Table-1 syscall "
                + "(the paper: 0.1-1.4 %%, 0.5 %% typical)", 100 * B_OVERHEAD);
        List<String> parts = new ArrayList<>();
        boolean met = true;
        int repeats = 0;
        for (String op : PaperTable1.OPS) {
            Optional<Double> a = table1(op, "A", "none");
            Optional<Double> b = table1(op, "B", SHIP);
            if (a.isEmpty() || b.isEmpty()) {
                return notEvaluated(id, formula, "needs table1's A and B rows of " + op);
            }
            double o = (b.get() - a.get()) / a.get();
            met &= o <= B_OVERHEAD;
            double[] p = PaperTable1.ms(op);
            Spread s = perRepeat(t -> 100 * (t[1] - t[0]) / t[0], table1Row(op, "A", "none"), table1Row(op, "B", SHIP));
            String range = s.range("%+.0f");
            parts.add(String.format(Locale.ROOT, "%s %.1f → %.1f us %+.1f %%%s (paper %+.1f %%)%s%s", op, a.get(),
                    b.get(), 100 * o, range.isEmpty() ? "" : " " + range.replace("(", "(repeats ")
                            .replace(")", String.format(Locale.ROOT, " %%, median %+.0f)", s.median())),
                    100 * (p[1] - p[0]) / p[0], o <= B_OVERHEAD ? "" : " ✗", s.includes(100 * B_OVERHEAD) ? " (noise)" : ""));
            repeats = Math.max(repeats, s.n());
        }
        String numbers = String.join("; ", parts);
        if (repeats > 1) {
            numbers += String.format(Locale.ROOT, ". Repeats: least … most of the %d repeats; (noise): that "
                    + "range includes the bound %.0f %%, not distinguishable from noise on this run", repeats,
                    100 * B_OVERHEAD);
        }
        return new Goal(id, formula, Goal.Verdict.of(met), numbers);
    }

    private Goal readSize() {
        String id = "read-64k-vs-4k";
        String formula = String.format(Locale.ROOT, "forwarded read of 64 KiB ≤ %.1f × forwarded read of 4 KiB, "
                + "p50 with shipping", READ_64_OVER_4);
        Optional<Double> r64 = p50(r -> is(r, "read-size", "read-64k") && SHIP.equals(r.getString("condition")));
        Optional<Double> r4 = p50(r -> is(r, "read-size", "read-4k") && SHIP.equals(r.getString("condition")));
        if (r64.isEmpty() || r4.isEmpty()) {
            return notEvaluated(id, formula, "needs read-size's read-4k and read-64k ship rows");
        }
        String numbers = String.format(Locale.ROOT, "%.1f us vs %.1f × %.1f us = %.1f us: %.2f×", r64.get(),
                READ_64_OVER_4, r4.get(), READ_64_OVER_4 * r4.get(), r64.get() / r4.get());
        Optional<Double> n64 = p50(r -> is(r, "read-size", "read-64k") && "noship".equals(r.getString("condition")));
        Optional<Double> n4 = p50(r -> is(r, "read-size", "read-4k") && "noship".equals(r.getString("condition")));
        if (n64.isPresent() && n4.isPresent()) {
            numbers += String.format(Locale.ROOT, " (without shipping: %.1f vs %.1f us, %.2f×)", n64.get(), n4.get(),
                    n64.get() / n4.get());
        }
        return new Goal(id, formula, Goal.Verdict.of(r64.get() <= READ_64_OVER_4 * r4.get()), numbers);
    }

    private Goal readFault() {
        String id = "read-fault-vs-imap";
        String formula = "remote 4 KiB read fault ≤ Hazelcast IMap.get of 4 KiB, p50";
        Optional<JsonObject> fault = row(r -> is(r, "page-fault", "read-fault") && "remote".equals(r.getString("condition")));
        if (fault.isEmpty()) {
            fault = row(r -> is(r, "page-fault", "read-fault"));
        }
        Optional<Double> imap = p50(r -> is(r, "baseline", "imap-get-4096"));
        if (fault.isEmpty() || imap.isEmpty()) {
            return notEvaluated(id, formula, "needs page-fault's read-fault and baseline's imap-get-4096 rows");
        }
        double f = fault.get().getDouble("p50");
        StringBuilder numbers = new StringBuilder(String.format(Locale.ROOT, "read-fault (%s) %.1f us vs IMap.get "
                + "%.1f us: %.2f×", fault.get().getString("condition"), f, imap.get(), f / imap.get()));
        for (JsonObject other : rows) {
            if (is(other, "page-fault", "read-fault") && other != fault.get()) {
                numbers.append(String.format(Locale.ROOT, "; read-fault (%s) %.1f us, %.2f×", other.getString("condition"),
                        other.getDouble("p50"), other.getDouble("p50") / imap.get()));
            }
        }
        return new Goal(id, formula, Goal.Verdict.of(f <= imap.get()), numbers.toString());
    }

    private Goal throughput() {
        String id = "throughput";
        String formula = String.format(Locale.ROOT, "mechanism throughput (forwarded syscalls/s) ≥ %.0f %% of event-bus "
                + "16 B request/replies/s at the same concurrency, at every level", 100 * THROUGHPUT_SHARE);
        TreeSet<Integer> levels = new TreeSet<>();
        rows.stream().filter(r -> is(r, "throughput", "syscall")).forEach(r -> levels.add(r.getInteger("threads")));
        if (levels.isEmpty()) {
            return notEvaluated(id, formula, "needs throughput's syscall and eventbus-16 rows");
        }
        List<String> parts = new ArrayList<>();
        boolean met = true;
        for (int t : levels) {
            Optional<Double> mech = rate("syscall", t);
            Optional<Double> bus = rate("eventbus-16", t);
            if (mech.isEmpty() || bus.isEmpty()) {
                return notEvaluated(id, formula, "needs throughput's syscall and eventbus-16 rows at " + t + " threads");
            }
            double share = mech.get() / bus.get();
            met &= share >= THROUGHPUT_SHARE;
            parts.add(String.format(Locale.ROOT, "%d threads %.0f vs %.0f /s = %.0f %%%s", t, mech.get(), bus.get(),
                    100 * share, share >= THROUGHPUT_SHARE ? "" : " ✗"));
        }
        return new Goal(id, formula, Goal.Verdict.of(met), String.join("; ", parts));
    }

    private Optional<Double> rate(String op, int threads) {
        return row(r -> is(r, "throughput", op) && r.getInteger("threads", -1) == threads)
                .map(r -> r.getDouble("ops_per_s"));
    }

    /**
     * {@code f} of the terms' p50s taken per repeat (repeat k of every term together), from their
     * {@code p50_runs}; empty when a term is missing or the counts differ.
     */
    static Spread perRepeat(Function<double[], Double> f, Optional<?>... terms) {
        List<List<Double>> runs = new ArrayList<>();
        for (Optional<?> t : terms) {
            JsonArray a = t.map(JsonObject.class::cast).map(r -> r.getJsonArray("p50_runs")).orElse(null);
            if (a == null || (!runs.isEmpty() && a.size() != runs.getFirst().size())) {
                return new Spread(new double[0]);
            }
            runs.add(a.stream().map(x -> ((Number) x).doubleValue()).toList());
        }
        double[] v = new double[runs.isEmpty() ? 0 : runs.getFirst().size()];
        for (int k = 0; k < v.length; k++) {
            double[] at = new double[runs.size()];
            for (int i = 0; i < at.length; i++) {
                at[i] = runs.get(i).get(k);
            }
            v[k] = f.apply(at);
        }
        return new Spread(v);
    }

    /**
     * {@code ; per repeat 1.05× … 1.22× (3 repeats, median 1.10×)} and, when that range includes {@code bound}, that
     * the verdict is not distinguishable from noise; empty with fewer than 2 repeats.
     */
    static String noise(Spread s, double bound, String format) {
        if (s.n() < 2) {
            return "";
        }
        return String.format(Locale.ROOT, "; per repeat " + format + " … " + format + " (%d repeats, median "
                + format + ")%s", s.min(), s.max(), s.n(), s.median(), s.includes(bound) ? String.format(Locale.ROOT, " (noise: the range includes the bound "
                        + format + ", not distinguishable from noise on this run)", bound) : "");
    }

    /** table1's row of {@code op} under {@code condition} with {@code shipping}. */
    private Optional<JsonObject> table1Row(String op, String condition, String shipping) {
        return row(r -> is(r, "table1", op) && condition.equals(r.getString("condition"))
                && shipping.equals(r.getString("shipping")));
    }

    /** p50 of table1's {@code op} under {@code condition} with {@code shipping}. */
    private Optional<Double> table1(String op, String condition, String shipping) {
        return p50(r -> is(r, "table1", op) && condition.equals(r.getString("condition"))
                && shipping.equals(r.getString("shipping")));
    }

    private Optional<Double> p50(Predicate<JsonObject> which) {
        return row(which).map(r -> r.getDouble("p50"));
    }

    private Optional<JsonObject> row(Predicate<JsonObject> which) {
        return rows.stream().filter(which).findFirst();
    }

    private static boolean is(JsonObject row, String experiment, String op) {
        return experiment.equals(row.getString("experiment")) && op.equals(row.getString("op"));
    }

    private static Goal notEvaluated(String id, String formula, String why) {
        return new Goal(id, formula, Goal.Verdict.NOT_EVALUATED, why + " in this run");
    }
}
