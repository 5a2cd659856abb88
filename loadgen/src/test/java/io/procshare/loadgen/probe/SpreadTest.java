package io.procshare.loadgen.probe;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The noise of a quantity over interleaved repeats (issue 14 item 6): no cluster, no timing. */
class SpreadTest {

    @Test
    void when_ratioTakenPerRepeat_then_medianLeastAndMostAreThoseOfTheRepeats() {
        Spread s = Spread.perRepeat(List.of(10.0, 20.0, 10.0), List.of(8.0, 22.0, 9.0), (a, b) -> (b - a) / a);

        assertThat(s.values()).containsExactly(-0.2, 0.1, -0.1);
        assertThat(s.median()).isCloseTo(-0.1, within(1e-12));
        assertThat(s.min()).isCloseTo(-0.2, within(1e-12));
        assertThat(s.max()).isCloseTo(0.1, within(1e-12));
        assertThat(s.includes(0)).as("a range from −20 %% to +10 %% cannot tell the ratio from 0").isTrue();
        assertThat(s.includes(0.2)).isFalse();
    }

    @Test
    void when_rangePrinted_then_itGivesLeastAndMostInPercentAndTheCount() {
        Spread s = new Spread(new double[] {-0.234, -0.31, -0.12}).times(100);

        assertThat(s.rangeOver("%+.0f")).isEqualTo("(-31 … -12 over 3 repeats)");
        assertThat(s.range("%+.0f")).isEqualTo("(-31 … -12)");
        assertThat(s.median()).isCloseTo(-23.4, within(1e-9));
        assertThat(s.includes(0)).isFalse();
    }

    @Test
    void when_oneRepeatOrMismatchedCounts_then_noRangeIsShown() {
        assertThat(new Spread(new double[] {5}).range("%.1f")).isEmpty();
        Spread mismatched = Spread.perRepeat(List.of(1.0, 2.0), List.of(1.0), (a, b) -> b - a);
        assertThat(mismatched.n()).isZero();
        assertThat(mismatched.includes(0)).isFalse();
        assertThat(Spread.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(new Spread(new double[] {1, Double.NaN, 3}).n()).isEqualTo(2);
    }
}
