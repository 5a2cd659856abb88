package io.procshare.loadgen.suite;

import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Progress;
import io.procshare.loadgen.probe.Section;
import io.procshare.loadgen.throughput.ThroughputProbes;
import io.procshare.loadgen.throughput.ThroughputRow;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code throughput} experiment as the suite runs it: {@link ThroughputProbes} measures (up to
 * {@code --threads} concurrent threads), this turns its rows into a section of report.md.
 */
final class ThroughputSection {

    static final String NAME = ThroughputProbes.EXPERIMENT;

    private ThroughputSection() {
    }

    static Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
        List<ThroughputRow> rows = ThroughputProbes.run(cluster, options, progress);
        return new Section(NAME, rows.stream().map(ThroughputRow::toJson).toList(), List.of(), List.of(), List.of(),
                markdown(rows));
    }

    static String markdown(List<ThroughputRow> rows) {
        StringBuilder b = new StringBuilder();
        b.append("T threads, each in a closed loop (one operation outstanding), on the nodes other than the home "
                + "(node 0): `syscall` a forwarded lseek (no memory argument), `page-fault` a remote read fault, "
                + "`eventbus-16` a 16 B event-bus request/reply to the home's echo verticle. ops/s = operations "
                + "over the wall time of the level; p50/p99 of one operation in microseconds.\n\n");
        b.append("| threads | syscall ops/s | page-fault ops/s | eventbus-16 ops/s | syscall / eventbus | "
                + "syscall p50 / p99 | page-fault p50 / p99 | eventbus-16 p50 / p99 |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        TreeSet<Integer> levels = new TreeSet<>();
        rows.forEach(r -> levels.add(r.threads()));
        for (int t : levels) {
            Optional<ThroughputRow> sys = find(rows, ThroughputProbes.SYSCALL, t);
            Optional<ThroughputRow> pf = find(rows, ThroughputProbes.PAGE_FAULT, t);
            Optional<ThroughputRow> bus = find(rows, ThroughputProbes.EVENTBUS, t);
            b.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s |%n", t, rate(sys), rate(pf),
                    rate(bus), sys.isPresent() && bus.isPresent() && bus.get().opsPerSec() > 0
                            ? String.format(Locale.ROOT, "%.0f %%", 100 * sys.get().opsPerSec() / bus.get().opsPerSec())
                            : "–", lat(sys), lat(pf), lat(bus)));
        }
        b.append("\n| op | condition | threads | n | ops/s | p50 | p90 | p99 | max |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach(r -> b.append(r.markdown()));
        return b.toString();
    }

    private static Optional<ThroughputRow> find(List<ThroughputRow> rows, String op, int threads) {
        return rows.stream().filter(r -> r.op().equals(op) && r.threads() == threads).findFirst();
    }

    private static String rate(Optional<ThroughputRow> r) {
        return r.map(x -> String.format(Locale.ROOT, "%.0f", x.opsPerSec())).orElse("–");
    }

    private static String lat(Optional<ThroughputRow> r) {
        return r.map(x -> String.format(Locale.ROOT, "%.1f / %.1f", x.p50(), x.p99())).orElse("–");
    }
}
