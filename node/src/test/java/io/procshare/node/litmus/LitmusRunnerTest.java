package io.procshare.node.litmus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness itself, on in-JVM memories whose model is known. */
class LitmusRunnerTest {

    /** Sequentially consistent: one atomic word per address. */
    static final class ScMemory implements LitmusMemory {
        final Map<Long, AtomicLong> words = new ConcurrentHashMap<>();

        AtomicLong word(long a) {
            return words.computeIfAbsent(a, k -> new AtomicLong());
        }

        @Override
        public long load(long address) {
            return word(address).get();
        }

        @Override
        public void store(long address, long value) {
            word(address).set(value);
        }

        @Override
        public long fetchAdd(long address, long delta) {
            return word(address).getAndAdd(delta);
        }
    }

    /**
     * Deliberately weak: a thread's stores sit in its own buffer until its next fetch-add, and its
     * loads (but of the barrier word) read a snapshot taken when it last read the barrier word.
     * Store buffering then shows in nearly every iteration.
     */
    static final class StaleMemory implements LitmusMemory {
        final ScMemory shared;
        final long barrier;
        final Map<Long, Long> buffer = new LinkedHashMap<>();
        Map<Long, Long> snapshot = Map.of();

        StaleMemory(ScMemory shared, long barrier) {
            this.shared = shared;
            this.barrier = barrier;
        }

        @Override
        public long load(long address) {
            if (address == barrier) {
                Map<Long, Long> copy = new java.util.HashMap<>();
                shared.words.forEach((a, w) -> copy.put(a, w.get()));
                snapshot = copy;
                return shared.load(address);
            }
            Long own = buffer.get(address);
            return own != null ? own : snapshot.getOrDefault(address, 0L);
        }

        @Override
        public void store(long address, long value) {
            buffer.put(address, value);
        }

        @Override
        public long fetchAdd(long address, long delta) {
            buffer.forEach(shared::store);
            buffer.clear();
            return shared.fetchAdd(address, delta);
        }
    }

    @Test
    void when_memoryIsSequentiallyConsistent_then_noTestSeesAForbiddenOutcome() {
        for (LitmusTest test : LitmusTests.ALL) {
            ScMemory sc = new ScMemory();
            List<LitmusMemory> memories = new ArrayList<>();
            for (int t = 0; t < test.threads().size(); t++) {
                memories.add(sc);
            }
            LitmusResult r = LitmusRunner.runInProcess(test, "in-jvm", 500, 0x10000, memories, 30_000);
            assertThat(r.forbidden()).as(test.name()).isZero();
            assertThat(r.outcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
        }
    }

    @Test
    void when_storesAreBuffered_then_storeBufferingIsCaughtAsForbidden() {
        ScMemory shared = new ScMemory();
        List<LitmusMemory> memories = List.of(new StaleMemory(shared, 0x10000), new StaleMemory(shared, 0x10000));
        LitmusResult r = LitmusRunner.runInProcess(LitmusTests.SB, "stale", 200, 0x10000, memories, 30_000);
        // scheduling decides how many; that the harness sees them at all is what is tested
        assertThat(r.forbidden()).isPositive().isEqualTo(r.outcomes().getOrDefault("r0=0 r1=0", 0L));
    }

    @Test
    void when_twoPlusTwoWIsRun_then_outcomesNameTheFinalValues() {
        ScMemory sc = new ScMemory();
        LitmusResult r = LitmusRunner.runInProcess(LitmusTests.TWO_PLUS_TWO_W, "in-jvm", 100, 0, List.of(sc, sc), 30_000);
        assertThat(r.outcomes().keySet()).allSatisfy(k -> assertThat(k).matches("x=[12] y=[12]"));
        assertThat(r.toJson().getJsonObject("outcomes").size()).isEqualTo(r.outcomes().size());
    }

    @Test
    void when_aThreadNeverArrives_then_theBarrierFailsAtItsDeadlineInsteadOfHanging() {
        ScMemory sc = new ScMemory();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> LitmusRunner.runRole(LitmusTests.SB, 0, 1, 0, sc, 200))
                .hasMessageContaining("barrier not reached");
    }
}
