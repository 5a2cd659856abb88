package io.procshare.verticles;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeCountersTest {

    @Test
    void when_newNode_then_rejectedFramesIsListedAtZero() {
        assertThat(new NodeCounters().snapshot()).containsEntry(NodeCounters.REJECTED_FRAMES, 0L);
    }

    @Test
    void when_countersAreIncrementedFromManyThreads_then_noIncrementIsLost() throws Exception {
        NodeCounters c = new NodeCounters();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = Thread.ofPlatform().start(() -> {
                for (int k = 0; k < 10_000; k++) {
                    c.increment("faults");
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(c.get("faults")).isEqualTo(40_000L);
    }

    @Test
    void when_snapshotIsTaken_then_namesAreSortedAndLaterIncrementsDoNotChangeIt() {
        NodeCounters c = new NodeCounters();
        c.add("zeta", 2);
        c.increment("alpha");
        var snap = c.snapshot();
        c.increment("alpha");
        assertThat(snap.sequencedKeySet()).containsExactly("alpha", NodeCounters.ECHOED, NodeCounters.REJECTED_FRAMES, "zeta");
        assertThat(snap).containsEntry("alpha", 1L);
    }
}
