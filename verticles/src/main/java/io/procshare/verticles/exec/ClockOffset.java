package io.procshare.verticles.exec;

import java.util.ArrayDeque;

/**
 * How far the process's clock (its home's monotonic clock) is ahead of this node's, estimated from
 * request/reply exchanges as NTP does (issue 12 item 4, DESIGN §7 "one clock per process"): a
 * request leaves at local time {@code t0}, the home reads its clock {@code h} and answers, the
 * reply arrives at {@code t1}; the home's reading was taken somewhere in {@code [t0, t1]}, so the
 * offset is {@code h - (t0 + t1) / 2} with an error of at most half the round trip. Of the last
 * {@link #WINDOW} samples the one with the smallest round trip is used (the least queued one);
 * the window slides, so a periodic refresh follows a slow drift between the hosts' clocks.
 *
 * <p>Sans-IO: the caller does the exchange and feeds the times. Thread-safe.
 */
public final class ClockOffset {

    /** Samples kept. */
    public static final int WINDOW = 8;

    private record Sample(long offset, long roundTrip) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private Sample best;

    /**
     * One exchange: sent at local {@code sentNanos}, the home's clock read {@code homeNanos}, the
     * answer received at local {@code receivedNanos}. A sample whose reply came before its request
     * (a clock that went backwards) is ignored.
     */
    public synchronized void add(long sentNanos, long homeNanos, long receivedNanos) {
        long roundTrip = receivedNanos - sentNanos;
        if (roundTrip < 0) {
            return;
        }
        samples.addLast(new Sample(homeNanos - (sentNanos + roundTrip / 2), roundTrip));
        if (samples.size() > WINDOW) {
            samples.removeFirst();
        }
        best = null;
        for (Sample s : samples) {
            if (best == null || s.roundTrip() < best.roundTrip()) {
                best = s;
            }
        }
    }

    /** Whether at least one exchange succeeded. */
    public synchronized boolean known() {
        return best != null;
    }

    /** Home clock minus local clock, in nanoseconds; 0 before the first sample. */
    public synchronized long offset() {
        return best == null ? 0 : best.offset();
    }

    /**
     * The largest round trip in the window: half of it bounds the error of any offset this estimate
     * gave while those samples were in it; -1 before the first sample.
     */
    public synchronized long worstRoundTrip() {
        return samples.stream().mapToLong(Sample::roundTrip).max().orElse(-1);
    }

    /** The round trip of the sample in use: twice the estimate's worst error; -1 before the first sample. */
    public synchronized long roundTrip() {
        return best == null ? -1 : best.roundTrip();
    }
}
