package io.procshare.loadgen.probe;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * The distribution of one row's latencies, kept for the CDF plot: the latency in microseconds at
 * each of {@link #fractions()} (0 = the fastest sample, 1 = the slowest).
 *
 * @param op        the row's op, as in results.json
 * @param condition the row's condition
 * @param us        latency at each fraction of {@link #fractions()}, microseconds
 */
public record Cdf(String op, String condition, double[] us) {

    private static final double[] FRACTIONS = fractions();

    public Cdf {
        if (us.length != FRACTIONS.length) {
            throw new IllegalArgumentException("a CDF has " + FRACTIONS.length + " points, got " + us.length);
        }
        us = us.clone();
    }

    /** The fractions every CDF is sampled at: 0, 0.01, ..., 0.99, 0.995, 0.999, 0.9999, 1. */
    public static double[] fractions() {
        double[] f = new double[104];
        for (int i = 0; i < 100; i++) {
            f[i] = i / 100.0;
        }
        f[100] = 0.995;
        f[101] = 0.999;
        f[102] = 0.9999;
        f[103] = 1.0;
        return f;
    }

    /** Samples {@code nanos} (a histogram of nanoseconds) at every fraction. */
    public static Cdf of(String op, String condition, Histogram nanos) {
        double[] us = new double[FRACTIONS.length];
        for (int i = 0; i < us.length; i++) {
            long v = FRACTIONS[i] >= 1.0 ? nanos.getMaxValue()
                    : FRACTIONS[i] <= 0.0 ? nanos.getMinValue() : nanos.getValueAtPercentile(100 * FRACTIONS[i]);
            us[i] = v / 1000.0;
        }
        return new Cdf(op, condition, us);
    }

    @Override
    public double[] us() {
        return us.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cdf c && c.op.equals(op) && c.condition.equals(condition) && Arrays.equals(c.us, us);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * op.hashCode() + condition.hashCode()) + Arrays.hashCode(us);
    }

    @Override
    public String toString() {
        return "Cdf[" + op + ", " + condition + ", p50 " + us[50] + " us]";
    }
}
