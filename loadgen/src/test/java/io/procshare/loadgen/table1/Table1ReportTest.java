package io.procshare.loadgen.table1;

import io.procshare.loadgen.probe.LatencyRow;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Table 1's ratios with their spread over the repeats, from hand-made rows: no cluster, no timing. */
class Table1ReportTest {

    private static Table1Row row(String op, String condition, String shipping, double p50, Double... p50s) {
        return new Table1Row(op, condition, shipping, new LatencyRow(op, condition + "/" + shipping, 30, p50, p50, p50,
                p50), List.of(p50s), 0);
    }

    /** open: (B − A) / A −31, −23, −12 % per repeat; close: −5, +25, +40 % (includes 0); the pooled p50s apart. */
    private static List<Table1Row> rows() {
        List<Table1Row> rows = new ArrayList<>();
        for (String op : Table1Probes.OPS) {
            boolean open = op.equals("open");
            boolean close = op.equals("close");
            rows.add(row(op, "A", "none", 10, 10.0, 10.0, 10.0));
            for (String shipping : List.of("ship", "noship")) {
                if (open) {
                    rows.add(row(op, "B", shipping, 7.9, 6.9, 7.7, 8.8));
                } else if (close) {
                    rows.add(row(op, "B", shipping, 12.5, 9.5, 12.5, 14.0));
                } else {
                    rows.add(row(op, "B", shipping, 11, 11.0, 11.0, 11.0));
                }
                rows.add(row(op, "C", shipping, 160, 150.0, 160.0, 170.0));
            }
        }
        return rows;
    }

    @Test
    void when_repeatsDiffer_then_eachRatioShowsItsRangeBeside() {
        List<Table1Row> rows = rows();

        // the median of the repeats (B 7.7 of A 10), not the pooled p50s (7.9 of 10)
        assertThat(Table1Report.overheadCell(rows, "open", "ship")).isEqualTo("-23.0 % (-31 … -12)");
        assertThat(Table1Report.overheadCell(rows, "close", "ship")).isEqualTo("25.0 % (-5 … +40)");
        assertThat(Table1Report.forwardings(rows, "open", "ship").values())
                .containsExactly(new double[] {143.1, 152.3, 161.2}, within(1e-9));
    }

    @Test
    void when_rendered_then_theTableCarriesTheRangesAndTheCautionNamesTheRatiosWithinNoise() {
        String md = Table1Report.render(rows(), List.of(), new LatencyRow("eventbus-16", "remote", 30, 120, 130, 140, 150));

        assertThat(md).contains("3 interleaved repeats (each 1/3 of the iterations", "| -23.0 % (-31 … -12) / -23.0 % (-31 … -12) |",
                "| 152.3 (143 … 161) / 152.3 (143 … 161) |");
        assertThat(md).contains("Caution: a (B−A)/A or C−B whose range over the repeats includes 0 is not "
                + "distinguishable from noise on this run; here: (B−A)/A of close ship, (B−A)/A of close noship.");
        assertThat(Table1Report.caution(List.of())).endsWith("(none here).");
    }

    @Test
    void when_rowsWritten_then_bAndCRowsCarryTheirRatioAndItsRange() {
        List<Table1Row> rows = rows();

        JsonObject b = Table1Report.toJson(rows.get(1), rows);
        JsonObject c = Table1Report.toJson(rows.get(2), rows);
        JsonObject a = Table1Report.toJson(rows.getFirst(), rows);

        assertThat(b.getString("condition")).isEqualTo("B");
        assertThat(b.getDouble("overhead")).isEqualTo(-0.23);
        assertThat(b.getDouble("overhead_min")).isEqualTo(-0.31);
        assertThat(b.getDouble("overhead_max")).isEqualTo(-0.12);
        assertThat(b.getJsonArray("p50_runs").getList()).containsExactly(6.9, 7.7, 8.8);
        assertThat(c.getDouble("forwarding_us")).isEqualTo(152.3);
        assertThat(c.getDouble("forwarding_us_min")).isEqualTo(143.1);
        assertThat(c.getDouble("forwarding_us_max")).isEqualTo(161.2);
        assertThat(a.fieldNames()).doesNotContain("overhead", "forwarding_us").contains("p50_runs", "p50", "shipping");
    }
}
