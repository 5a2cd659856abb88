package io.procshare.verticles.memory;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PageHeatTest {

    @Test
    void when_pagesFaultAndAreRevoked_then_theHottestComesFirstWithItsThreads() {
        PageHeat heat = new PageHeat();
        heat.fault(7, "guest-1-2");
        heat.fault(9, "guest-1-2");
        heat.fault(9, "guest-1-3");
        heat.fault(9, "guest-1-3");
        heat.revoked(9);
        assertThat(heat.top(5)).containsExactly(
                new PageHeat.Hot(9, 3, 1, List.of("guest-1-2", "guest-1-3")),
                new PageHeat.Hot(7, 1, 0, List.of("guest-1-2")));
    }

    @Test
    void when_moreThreadsFaultThanKept_then_onlyTheFirstFewAreNamed() {
        PageHeat heat = new PageHeat();
        for (int i = 0; i < 10; i++) {
            heat.fault(1, "t" + i);
        }
        assertThat(heat.top(1).getFirst().threads()).hasSize(PageHeat.THREADS_PER_PAGE);
        assertThat(heat.top(1).getFirst().faults()).isEqualTo(10);
    }

    @Test
    void when_theTableIsFull_then_newPagesAreCountedAsUntracked() {
        PageHeat heat = new PageHeat();
        for (long p = 0; p < PageHeat.MAX_PAGES; p++) {
            heat.revoked(p);
        }
        heat.fault(PageHeat.MAX_PAGES, "t");
        heat.revoked(PageHeat.MAX_PAGES + 1);
        heat.fault(0, "t");
        assertThat(heat.untracked()).isEqualTo(2);
        assertThat(heat.top(1).getFirst().page()).isZero();
    }
}
