package io.procshare.verticles.memory.coherence.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulator's checks bite (issue 13, finding 8): with a bug seeded into the network
 * ({@link Simulation.Mutation}) the same seeds that pass on the real protocol must report
 * violations.
 */
class MutationTest {

    private static final int SEEDS = 300;

    /** The seeds among the first {@link #SEEDS} whose schedule reports a violation. */
    private static List<Long> failingSeeds(Simulation.Mutation mutation) {
        List<Long> failing = new ArrayList<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            try {
                new Simulation(seed, SimConfig.forSeed(seed), false, mutation).run();
            } catch (SimulationFailure f) {
                failing.add(seed);
            }
        }
        return failing;
    }

    @ParameterizedTest
    @EnumSource(value = Simulation.Mutation.class, names = {"EARLY_INVALIDATE_ACK", "SKIP_IN_FLIGHT_WAIT"})
    void when_aBugIsSeeded_then_theSimulationReportsViolations_onSeedsThatPassWithoutIt(Simulation.Mutation mutation) {
        List<Long> caught = failingSeeds(mutation);

        assertThat(caught).as(mutation + " caught on seeds").hasSizeGreaterThan(SEEDS / 20);
        for (long seed : caught.subList(0, Math.min(5, caught.size()))) {
            new Simulation(seed, SimConfig.forSeed(seed), false, Simulation.Mutation.NONE).run(); // passes
        }
        System.out.printf("mutation %s: %d of %d seeds report a violation%n", mutation, caught.size(), SEEDS);
    }
}
