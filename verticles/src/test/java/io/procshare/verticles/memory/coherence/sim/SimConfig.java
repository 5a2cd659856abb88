package io.procshare.verticles.memory.coherence.sim;

import java.util.SplittableRandom;

/**
 * Shape of one simulated schedule. {@link #forSeed} varies it with the seed so that 10,000 seeds cover
 * 2 to 5 nodes, 1 to 4 pages, light and heavy loss, crashes of a plain node or of the home, and
 * requesters that give up while the home is alive (a fifth of the seeds: 2 or 3 attempts, so late
 * grants arrive for requests already failed, and are installed), and unmaps (a quarter of the seeds).
 *
 * @param nodes           node count; node 0 is the home (manager of every page)
 * @param pages           pages touched by the guests
 * @param threadsPerNode  guest threads per node, each doing one access at a time
 * @param faultSteps      steps with faults and new accesses, before the quiescence phase
 * @param dropWeight      relative weight of "drop a message" (deliver is 50)
 * @param duplicateWeight relative weight of "duplicate a message"
 * @param crashes         node crashes to inject during the fault phase (0, 1 or 2)
 * @param retransmitAfter protocol retransmit interval, in steps
 * @param maxAttempts     protocol request attempts
 * @param giveUps         whether a request may fail after its attempts while the home lives (few attempts)
 * @param unmaps          whether pages are unmapped (manager and node discards, SEGV for requests in
 *                        between, late grants from before never installed) and mapped again; such
 *                        schedules deliver in order per pair of nodes, without loss (the real bus):
 *                        with arbitrary reordering a Request or Forward from before an unmap can
 *                        arrive after the page was mapped again and break the page (seeds 4 and
 *                        5513 found it; issue 13 report)
 */
public record SimConfig(int nodes, int pages, int threadsPerNode, int faultSteps, int dropWeight,
                        int duplicateWeight, int crashes, long retransmitAfter, int maxAttempts, boolean giveUps,
                        boolean unmaps) {

    /** A configuration derived from {@code seed} (its own stream, independent of the schedule's). */
    public static SimConfig forSeed(long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int crashRoll = r.nextInt(100);
        int crashes = crashRoll < 70 ? 0 : crashRoll < 95 ? 1 : 2;
        int nodes = 2 + r.nextInt(4);
        int pages = 1 + r.nextInt(4);
        int threads = 1 + r.nextInt(2);
        int steps = 150 + r.nextInt(350);
        int drop = r.nextInt(7);
        int duplicate = r.nextInt(7);
        boolean giveUps = r.nextInt(5) == 0;
        int attempts = giveUps ? 2 + r.nextInt(2) : 60;
        boolean unmaps = r.nextInt(4) == 0;
        if (unmaps) {
            // unmaps are simulated over the bus they rely on: ordered and lossless per pair of live nodes
            drop = 0;
            duplicate = 0;
        }
        return new SimConfig(nodes, pages, threads, steps, drop, duplicate, crashes, 30, attempts, giveUps, unmaps);
    }
}
