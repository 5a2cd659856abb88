package io.procshare.loadgen.suite;

import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LatencyRow;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Progress;
import io.procshare.loadgen.probe.Section;
import io.procshare.loadgen.readsize.ReadSizeProbes;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code read-size} experiment as the suite runs it: {@link ReadSizeProbes} measures, this
 * turns its rows into a section of report.md (the paper's Figure 9 as a table: p50 per size, ship
 * beside noship, and the cost of each further KiB).
 */
final class ReadSizeSection {

    static final String NAME = ReadSizeProbes.EXPERIMENT;

    private ReadSizeSection() {
    }

    static Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
        List<LatencyRow> rows = ReadSizeProbes.run(cluster, options, progress);
        return new Section(NAME, rows.stream().map(LatencyRow::toJson).toList(), List.of(), List.of(), List.of(),
                markdown(rows));
    }

    static String markdown(List<LatencyRow> rows) {
        StringBuilder b = new StringBuilder();
        b.append("A `pread64` of S KiB issued by a guest thread on node 1, forwarded to the process's home on "
                + "node 0 (condition C of Table 1), with argument shipping on (`ship`: the bytes come back in the "
                + "reply) and off (`noship`: the home stores them into guest memory through the DSM, one page "
                + "transfer per 4 KiB, as in the paper's Figure 9). All rows ran interleaved.\n\n");
        b.append("| size KiB | ship p50 | ship p99 | noship p50 | noship p99 | noship − ship p50 |\n"
                + "|---:|---:|---:|---:|---:|---:|\n");
        for (int kib : ReadSizeProbes.SIZES_KIB) {
            Optional<LatencyRow> ship = find(rows, kib, ReadSizeProbes.SHIP);
            Optional<LatencyRow> noship = find(rows, kib, ReadSizeProbes.NOSHIP);
            b.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n", kib,
                    fmt(ship.map(LatencyRow::p50)), fmt(ship.map(LatencyRow::p99)),
                    fmt(noship.map(LatencyRow::p50)), fmt(noship.map(LatencyRow::p99)),
                    ship.isPresent() && noship.isPresent() ? fmt(Optional.of(noship.get().p50() - ship.get().p50())) : "–"));
        }
        b.append("\n| op | condition | n | p50 | p90 | p99 | max |\n|---|---|---:|---:|---:|---:|---:|\n");
        rows.forEach(r -> b.append(r.markdown()));
        return b.toString();
    }

    private static Optional<LatencyRow> find(List<LatencyRow> rows, int kib, String condition) {
        return rows.stream().filter(r -> r.op().equals(ReadSizeProbes.op(kib)) && r.condition().equals(condition))
                .findFirst();
    }

    private static String fmt(Optional<Double> v) {
        return v.map(x -> String.format(Locale.ROOT, "%.1f", x)).orElse("–");
    }
}
