package io.procshare.verticles.exec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The NTP-style estimate of a home's clock, fed with exchanges whose times a test chooses. */
class ClockOffsetTest {

    private static final long HOUR = 3_600_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void when_noExchangeSucceeded_then_theOffsetIsUnknownAndZero() {
        ClockOffset o = new ClockOffset();
        assertThat(o.known()).isFalse();
        assertThat(o.offset()).isZero();
        assertThat(o.roundTrip()).isEqualTo(-1);
    }

    @Test
    void when_theHomeReadsItsClockHalfwayThroughASymmetricExchange_then_theOffsetIsExact() {
        ClockOffset o = new ClockOffset();
        // sent at 1000 ms local; the home, an hour ahead, reads 1002 ms + 1 h; the reply arrives at 1004 ms
        o.add(1_000 * MS, 1_002 * MS + HOUR, 1_004 * MS);
        assertThat(o.known()).isTrue();
        assertThat(o.offset()).isEqualTo(HOUR);
        assertThat(o.roundTrip()).isEqualTo(4 * MS);
    }

    @Test
    void when_exchangesQueueUnevenly_then_theSampleWithTheSmallestRoundTripWins() {
        ClockOffset o = new ClockOffset();
        o.add(0, 90 * MS - HOUR, 100 * MS);           // 100 ms round trip, the reply queued: estimate off by 40 ms
        o.add(200 * MS, 201 * MS - HOUR, 202 * MS);   // 2 ms round trip: exact
        o.add(300 * MS, 310 * MS - HOUR, 330 * MS);   // 30 ms, off by 5 ms
        assertThat(o.offset()).isEqualTo(-HOUR);
        assertThat(o.roundTrip()).isEqualTo(2 * MS);
        assertThat(o.worstRoundTrip()).isEqualTo(100 * MS);
    }

    @Test
    void when_theBestSampleLeavesTheWindow_then_theBestOfTheRecentOnesIsUsed_soADriftIsFollowed() {
        ClockOffset o = new ClockOffset();
        o.add(0, 1 * MS + 7, 2 * MS);                 // best ever, offset 7 ns
        for (int i = 1; i <= ClockOffset.WINDOW; i++) {
            long t = i * 1_000 * MS;
            o.add(t, t + 2 * MS + 50, t + 4 * MS);    // the hosts drifted: offset 50 ns, 4 ms round trips
        }
        assertThat(o.offset()).isEqualTo(50);
    }

    @Test
    void when_aReplyArrivesBeforeItsRequestLeft_then_theSampleIsIgnored() {
        ClockOffset o = new ClockOffset();
        o.add(10 * MS, 5, 9 * MS);
        assertThat(o.known()).isFalse();
    }

    @Test
    void when_theShiftPropertyIsSet_then_theNodeClockIsShifted_andABadValueNamesTheProperty() {
        assertThat(new NodeClock(HOUR).nanoTime() - System.nanoTime()).isBetween(HOUR - 1_000 * MS, HOUR + 1_000 * MS);
        String before = System.getProperty(NodeClock.SHIFT_PROPERTY);
        try {
            System.setProperty(NodeClock.SHIFT_PROPERTY, "-5");
            assertThat(NodeClock.fromSystemProperty().shiftNanos()).isEqualTo(-5 * MS);
            System.setProperty(NodeClock.SHIFT_PROPERTY, "soon");
            org.assertj.core.api.Assertions.assertThatThrownBy(NodeClock::fromSystemProperty)
                    .hasMessageContaining(NodeClock.SHIFT_PROPERTY);
        } finally {
            if (before == null) {
                System.clearProperty(NodeClock.SHIFT_PROPERTY);
            } else {
                System.setProperty(NodeClock.SHIFT_PROPERTY, before);
            }
        }
    }
}
