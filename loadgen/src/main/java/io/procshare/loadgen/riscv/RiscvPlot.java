package io.procshare.loadgen.riscv;

import io.vertx.core.json.JsonObject;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code riscv.png}: millions of guest instructions per second (median over the rounds, wall time)
 * of every benchmark, qemu-riscv64-static beside procshare (single thread: pack; the 4-thread
 * multiply: pack and spread).
 */
public final class RiscvPlot {

    private RiscvPlot() {
    }

    /** The chart, or empty when {@code rows} has no riscv row with a speed. */
    public static Optional<CategoryChart> chart(List<JsonObject> rows) {
        List<String> categories = new ArrayList<>();
        List<Double> qemu = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        for (Benchmark b : Benchmark.values()) {
            Optional<JsonObject> q = RiscvRows.find(rows, b.op(), Sample.QEMU);
            for (String placement : b == Benchmark.MATMUL_MT4 ? List.of("pack", "spread") : List.of("pack")) {
                Optional<JsonObject> o = RiscvRows.find(rows, b.op(), placement);
                if (q.isEmpty() && o.isEmpty()) {
                    continue;
                }
                categories.add(b == Benchmark.MATMUL_MT4 ? b.op() + " " + placement : b.op());
                qemu.add(q.map(r -> r.getDouble("ips") / 1e6).orElse(0.0));
                ours.add(o.map(r -> r.getDouble("ips") / 1e6).orElse(0.0));
            }
        }
        if (categories.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(650)
                .title("riscv64 guest instructions per second: qemu-riscv64-static and procshare's engine")
                .xAxisTitle("benchmark (placement)").yAxisTitle("million instructions per second (median, wall time)")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("qemu-riscv64-static", categories, qemu);
        chart.addSeries("procshare", categories, ours);
        return Optional.of(chart);
    }
}
