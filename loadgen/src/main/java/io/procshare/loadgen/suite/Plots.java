package io.procshare.loadgen.suite;

import io.procshare.loadgen.probe.Cdf;
import io.procshare.loadgen.probe.Section;
import io.vertx.core.json.JsonObject;
import io.procshare.loadgen.riscv.RiscvPlot;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PNG plots of a run (xchart, headless, {@link BitmapEncoder}); each only when the run has its
 * rows:
 * <ul>
 *   <li>{@code latency-cdf.png}: CDF of every page-fault and baseline row (x: latency in µs, log);</li>
 *   <li>{@code table1-cdf.png}: CDF of table1's forwarded calls (C, shipping on) and of the
 *   event-bus 16 B request/reply they ride on;</li>
 *   <li>{@code read-size.png}: p50 of a forwarded read against its size, ship and noship;</li>
 *   <li>{@code throughput.png}: operations per second against concurrent threads (log 2), mechanism
 *   (forwarded syscalls, remote page faults) and event bus;</li>
 *   <li>{@code riscv.png}: guest instructions per second, qemu beside procshare ({@link RiscvPlot}).</li>
 * </ul>
 */
final class Plots {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 650;
    /** Log axes cannot show 0; a sample this small (µs) is below the clock's resolution anyway. */
    private static final double MIN_US = 0.1;

    private Plots() {
    }

    /** Writes every plot the sections have data for into {@code out}; returns the file names written. */
    static List<String> write(Path out, List<Section> sections) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> written = new ArrayList<>();
        List<Cdf> latency = new ArrayList<>();
        List<Cdf> table1 = new ArrayList<>();
        List<JsonObject> readSize = new ArrayList<>();
        List<JsonObject> throughput = new ArrayList<>();
        List<JsonObject> riscv = new ArrayList<>();
        for (Section s : sections) {
            switch (s.experiment()) {
                case "page-fault", "baseline" -> latency.addAll(s.cdfs());
                case "table1" -> table1.addAll(s.cdfs());
                case "read-size" -> readSize.addAll(s.rows());
                case "throughput" -> throughput.addAll(s.rows());
                case "riscv" -> riscv.addAll(s.rows());
                default -> {
                }
            }
        }
        if (!latency.isEmpty()) {
            save(cdf("Latency CDF: page faults and baselines", latency), out, "latency-cdf", written);
        }
        if (!table1.isEmpty()) {
            save(cdf("Latency CDF: Table-1 syscalls forwarded (C, shipping on) and the event-bus round trip", table1),
                    out, "table1-cdf", written);
        }
        if (!readSize.isEmpty()) {
            save(readSize(readSize), out, "read-size", written);
        }
        if (!throughput.isEmpty()) {
            save(throughput(throughput), out, "throughput", written);
        }
        Optional<CategoryChart> speeds = RiscvPlot.chart(riscv);
        if (speeds.isPresent()) {
            save(speeds.get(), out, "riscv", written);
        }
        return written;
    }

    static XYChart cdf(String title, List<Cdf> cdfs) {
        XYChart chart = chart(title, "latency (µs, log scale)", "cumulative fraction of operations");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        double[] y = Cdf.fractions();
        for (Cdf c : cdfs) {
            double[] x = c.us();
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.max(MIN_US, x[i]);
            }
            XYSeries s = chart.addSeries(unique(chart, c.op() + " " + c.condition()), x, y);
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    static XYChart readSize(List<JsonObject> rows) {
        XYChart chart = chart("Forwarded read: p50 latency against read size", "read size (KiB)", "p50 latency (µs)");
        chart.getStyler().setYAxisMin(0.0);
        Map<String, List<double[]>> byCondition = new LinkedHashMap<>();
        for (JsonObject r : rows) {
            String op = r.getString("op");
            double kib = Double.parseDouble(op.substring("read-".length(), op.length() - 1));
            byCondition.computeIfAbsent(r.getString("condition"), k -> new ArrayList<>())
                    .add(new double[] {kib, r.getDouble("p50")});
        }
        byCondition.forEach((condition, points) -> {
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            chart.addSeries(condition.equals("ship") ? "ship (bytes in the reply)" : condition.equals("noship")
                    ? "noship (pages through the DSM)" : condition, column(points, 0), column(points, 1));
        });
        return chart;
    }

    static XYChart throughput(List<JsonObject> rows) {
        XYChart chart = chart("Throughput against concurrent threads", "concurrent threads (log scale)",
                "operations per second");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        Map<String, List<double[]>> bySeries = new LinkedHashMap<>();
        for (JsonObject r : rows) {
            bySeries.computeIfAbsent(r.getString("op") + " (" + r.getString("condition") + ")", k -> new ArrayList<>())
                    .add(new double[] {r.getInteger("threads"), r.getDouble("ops_per_s")});
        }
        bySeries.forEach((name, points) -> {
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            chart.addSeries(name, column(points, 0), column(points, 1));
        });
        return chart;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    private static void save(Chart<?, ?> chart, Path out, String name, List<String> written) throws IOException {
        BitmapEncoder.saveBitmap(chart, out.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(name + ".png");
    }

    /** xchart refuses two series of one name. */
    private static String unique(XYChart chart, String name) {
        String n = name;
        for (int i = 2; chart.getSeries(n) != null; i++) {
            n = name + " (" + i + ")";
        }
        return n;
    }

    private static double[] column(List<double[]> points, int c) {
        return points.stream().mapToDouble(p -> p[c]).toArray();
    }
}
