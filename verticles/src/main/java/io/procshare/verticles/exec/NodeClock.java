package io.procshare.verticles.exec;

/**
 * This node's monotonic clock: {@link System#nanoTime()} plus a fixed shift. The shift is 0 except
 * in tests that need nodes whose monotonic clocks differ as on separate hosts (JVMs on one host
 * share CLOCK_MONOTONIC): the system property {@value #SHIFT_PROPERTY} (milliseconds, may be
 * negative) is read once when the node starts. <b>For testing only.</b>
 */
public final class NodeClock {

    /** Milliseconds added to this JVM's monotonic clock; testing only. */
    public static final String SHIFT_PROPERTY = "procshare.test.monotonicShiftMs";

    private final long shiftNanos;

    public NodeClock(long shiftNanos) {
        this.shiftNanos = shiftNanos;
    }

    /** The clock of this JVM, shifted by {@value #SHIFT_PROPERTY} when set. */
    public static NodeClock fromSystemProperty() {
        String v = System.getProperty(SHIFT_PROPERTY);
        if (v == null || v.isBlank()) {
            return new NodeClock(0);
        }
        try {
            return new NodeClock(Math.multiplyExact(Long.parseLong(v.trim()), 1_000_000L));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(SHIFT_PROPERTY + " must be a number of milliseconds, was '" + v + "'");
        }
    }

    public long nanoTime() {
        return System.nanoTime() + shiftNanos;
    }

    public long shiftNanos() {
        return shiftNanos;
    }
}
