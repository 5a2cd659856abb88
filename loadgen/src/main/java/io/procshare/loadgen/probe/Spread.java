package io.procshare.loadgen.probe;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;

/**
 * The noise of a quantity measured in K interleaved repeats (issue 14 item 6): its value in each
 * repeat, the median and the least and most of them. A ratio or difference is computed per repeat
 * (both of its terms measured in the same repeat, under the same machine load) and then summarised
 * here; a range that includes the reference a reader compares it with (0, or a goal's bound) means
 * this run cannot tell the quantity from noise.
 *
 * @param values the quantity in each repeat, in the order measured (NaN entries are left out)
 */
public record Spread(double[] values) {

    public Spread {
        values = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }

    public static Spread of(List<Double> values) {
        return new Spread(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Repeats with a value. */
    public int n() {
        return values.length;
    }

    public double median() {
        return median(values);
    }

    public double min() {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    public double max() {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** Every value × {@code k}, e.g. 100 for a fraction in percent. */
    public Spread times(double k) {
        return new Spread(Arrays.stream(values).map(v -> v * k).toArray());
    }

    /** Whether {@code reference} lies within [min, max]: the repeats do not tell the quantity from it. */
    public boolean includes(double reference) {
        return n() > 0 && min() <= reference && reference <= max();
    }

    /**
     * The range as report.md prints it beside the value, each end with {@code format} (e.g.
     * {@code %+.0f}): {@code (−31 … −12 over 3 repeats)}; empty with fewer than 2 repeats (one
     * repeat has no spread to show).
     */
    public String rangeOver(String format) {
        return n() < 2 ? "" : String.format(Locale.ROOT, "(" + format + " … " + format + " over %d repeats)", min(),
                max(), n());
    }

    /** {@link #rangeOver} without the count, for a table whose header gives it: {@code (−31 … −12)}. */
    public String range(String format) {
        return n() < 2 ? "" : String.format(Locale.ROOT, "(" + format + " … " + format + ")", min(), max());
    }

    /**
     * The quantity {@code f(a, b)} taken per repeat from the per-repeat values of its two terms
     * (repeat k of {@code a} with repeat k of {@code b}); empty when they have different counts.
     */
    public static Spread perRepeat(List<Double> a, List<Double> b, DoubleBinaryOperator f) {
        if (a.size() != b.size()) {
            return new Spread(new double[0]);
        }
        double[] v = new double[a.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = f.applyAsDouble(a.get(k), b.get(k));
        }
        return new Spread(v);
    }

    /** The median of {@code v} (the mean of the middle two for an even count); NaN when empty. */
    public static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
