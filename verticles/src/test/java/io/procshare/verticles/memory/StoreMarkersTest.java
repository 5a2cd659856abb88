package io.procshare.verticles.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreMarkersTest {

    private final StoreMarkers markers = new StoreMarkers();
    private final PageSlot slot = new PageSlot(1, null);
    private final PageSlot other = new PageSlot(2, null);

    @Test
    void when_aLiveThreadMarksASlot_then_thatSlotIsBusyUntilItExits() {
        StoreMarkers.Mark m = markers.register(Thread.currentThread());

        m.enter(slot);
        assertThat(markers.busy(slot)).isTrue();
        assertThat(markers.busy(other)).isFalse();
        m.exit();
        assertThat(markers.busy(slot)).isFalse();
    }

    @Test
    void when_aThreadDiedWithItsMarkSet_then_theSlotIsNotBusy() throws Exception {
        StoreMarkers.Mark[] m = new StoreMarkers.Mark[1];
        Thread t = Thread.ofPlatform().start(() -> {
            m[0] = markers.register(Thread.currentThread());
            m[0].enter(slot);
        });
        t.join();

        assertThat(markers.busy(slot)).isFalse();
    }
}
