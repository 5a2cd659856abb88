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
        // scheduling decides how many; that the harness sees them at all is what is tested (the
        // snapshot a thread reads from also holds values of earlier iterations: those count stale)
        assertThat(r.forbidden()).isPositive()
                .isEqualTo(r.outcomes().getOrDefault("r0=0 r1=0", 0L) + LitmusRunner.stale(r.outcomes()));
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

    /**
     * A node that keeps its copy of a location after the home reset or another node wrote it (an
     * invalidation that never reached it): every load but of the barrier word reads the copy it
     * loaded or stored first, forever.
     */
    static final class NeverInvalidated implements LitmusMemory {
        final ScMemory shared;
        final long barrier;
        final Map<Long, Long> copies = new java.util.HashMap<>();

        NeverInvalidated(ScMemory shared, long barrier) {
            this.shared = shared;
            this.barrier = barrier;
        }

        @Override
        public long load(long address) {
            return address == barrier ? shared.load(address) : copies.computeIfAbsent(address, shared::load);
        }

        @Override
        public void store(long address, long value) {
            shared.store(address, value);
            copies.put(address, value);
        }

        @Override
        public long fetchAdd(long address, long delta) {
            return shared.fetchAdd(address, delta);
        }
    }

    @Test
    void when_aNodeKeepsAStaleCopyAcrossIterations_then_itsLoadsAreCountedStaleAndForbidden() {
        // with the same constants every iteration, the copy kept from iteration 0 would read like
        // the current write; with per-iteration values it reads as what it is
        ScMemory shared = new ScMemory();
        List<LitmusMemory> memories = List.of(shared, new NeverInvalidated(shared, 0x10000));
        LitmusResult r = LitmusRunner.runInProcess(LitmusTests.CORR, "stale-copy", 100, 0x10000, memories, 30_000);

        // thread 1 resets (and so refreshes its copy) in odd iterations; in the even ones after the
        // first its copy is from an earlier iteration
        assertThat(LitmusRunner.stale(r.outcomes())).isGreaterThanOrEqualTo(49);
        assertThat(r.forbidden()).isEqualTo(LitmusRunner.stale(r.outcomes()));
        assertThat(r.toJson().getLong("stale")).isEqualTo(LitmusRunner.stale(r.outcomes()));
    }

    @Test
    void when_theSuiteRunsOnScMemory_then_everyIterationStoresAndChecksItsOwnValues() {
        ScMemory sc = new ScMemory();
        LitmusRunner.RoleResult t0 = LitmusRunner.runRole(LitmusTests.CORR, 0, 0, 0x10000, sc, 1_000);
        assertThat(t0.registers()).isEmpty();
        LitmusResult r = LitmusRunner.runInProcess(LitmusTests.MP, "in-jvm", 50, 0x10000, List.of(sc, sc), 30_000);
        assertThat(r.forbidden()).isZero();
        // every location ends the run holding the last iteration's value, tagged with it
        assertThat(sc.load(LitmusRunner.location(0x10000, 0)) >>> 8).isEqualTo(50);
    }

    @Test
    void when_outcomesAreEnumerated_then_theAllowedOnesAreEveryInterleavingsAndNeverAForbiddenOne() {
        assertThat(LitmusTests.SB.allowed()).containsExactly("r0=0 r1=1", "r0=1 r1=0", "r0=1 r1=1");
        assertThat(LitmusTests.TWO_PLUS_TWO_W.allowed()).containsExactly("x=1 y=2", "x=2 y=1", "x=2 y=2");
        assertThat(LitmusTests.IRIW.allowed()).hasSize(15);
        for (LitmusTest t : LitmusTests.ALL) {
            assertThat(t.allowed()).as(t.name()).doesNotContainAnyElementsOf(t.forbidden());
        }
    }
}
