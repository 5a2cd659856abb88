package io.procshare.node.guest;

import org.junit.jupiter.api.Test;

import static io.procshare.node.guest.ProcessCapabilities.Verdict.ALLOWED;
import static io.procshare.node.guest.ProcessCapabilities.Verdict.DENIED;
import static io.procshare.node.guest.ProcessCapabilities.Verdict.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

class ProcessCapabilitiesTest {

    @Test
    void when_aKillPresentsTheProcesssCapability_then_onlyThatOneIsAllowed() {
        ProcessCapabilities caps = new ProcessCapabilities(false);
        String a = caps.issue(1);
        String b = caps.issue(2);
        assertThat(a).matches("[0-9a-f]{32}").isNotEqualTo(b);
        assertThat(caps.check(1, a)).isEqualTo(ALLOWED);
        assertThat(caps.check(1, b)).as("another process's").isEqualTo(DENIED);
        assertThat(caps.check(1, null)).isEqualTo(DENIED);
        assertThat(caps.check(1, 42)).isEqualTo(DENIED);
        assertThat(caps.check(1, a.substring(1))).isEqualTo(DENIED);
        assertThat(caps.check(3, a)).as("no such process here").isEqualTo(UNKNOWN);
        caps.forget(1);
        assertThat(caps.check(1, a)).as("an ended process's").isEqualTo(UNKNOWN);
        assertThat(caps.of(2)).isEqualTo(b);
    }

    @Test
    void when_theOperatorAllowsAnyKill_then_everyKillIsAllowed() {
        ProcessCapabilities caps = new ProcessCapabilities(true);
        caps.issue(1);
        assertThat(caps.check(1, null)).isEqualTo(ALLOWED);
        assertThat(caps.check(7, "x")).isEqualTo(ALLOWED);
    }

    @Test
    void when_statusAsksWhetherACapabilityIsHeld_then_onlyTheProcesssOwnCounts_evenWhenAnyKillIsAllowed() {
        for (boolean anyKill : new boolean[] {false, true}) {
            ProcessCapabilities caps = new ProcessCapabilities(anyKill);
            String a = caps.issue(1);
            String b = caps.issue(2);
            assertThat(caps.holds(1, a)).isTrue();
            assertThat(caps.holds(1, b)).as("another process's").isFalse();
            assertThat(caps.holds(1, null)).isFalse();
            assertThat(caps.holds(1, 7)).isFalse();
            assertThat(caps.holds(3, a)).as("no such process here").isFalse();
            caps.forget(1);
            assertThat(caps.holds(1, a)).as("an ended process's").isFalse();
        }
    }
}
