package io.procshare.verticles.memory.coherence.sim;

/**
 * A violated invariant or a protocol exception in one schedule; names the seed and the step so the
 * schedule can be replayed with {@code -Dprocshare.sim.seed=<seed>}.
 */
public final class SimulationFailure extends AssertionError {

    private final long seed;

    SimulationFailure(long seed, int step, String message, Throwable cause) {
        super("seed " + seed + ", step " + step + ": " + message
                + " (replay: mvn -B -o -pl verticles test -Dtest=CoherenceSimulationTest -Dprocshare.sim.seed="
                + seed + ")", cause);
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }
}
