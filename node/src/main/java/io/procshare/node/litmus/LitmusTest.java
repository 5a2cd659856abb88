package io.procshare.node.litmus;

import java.util.List;
import java.util.Set;

/**
 * One litmus test: a small program per thread over shared locations, and the outcomes that
 * sequential consistency forbids. Every access is atomic (DESIGN §5: SC for atomic accesses).
 *
 * @param name      SB, MP, LB, IRIW, 2+2W, CoRR
 * @param threads   one program per thread
 * @param locations how many shared words the test uses (x = 0, y = 1, ...)
 * @param finals    locations whose final value is part of the outcome (2+2W), else empty
 * @param forbidden outcome keys ({@link #outcome}) that SC forbids
 */
public record LitmusTest(String name, List<List<Op>> threads, int locations, List<Integer> finals,
                         Set<String> forbidden) {

    public LitmusTest {
        threads = threads.stream().map(List::copyOf).toList();
        finals = List.copyOf(finals);
        forbidden = Set.copyOf(forbidden);
    }

    /** One access: {@code r<reg> = load(loc)} or {@code store(loc, value)}. */
    public sealed interface Op permits Load, Store {
    }

    /** {@code r<register> = [location]}. */
    public record Load(int location, int register) implements Op {
    }

    /** {@code [location] = value}. */
    public record Store(int location, long value) implements Op {
    }

    /** How many registers the test's loads write (registers are numbered across threads). */
    public int registers() {
        int max = -1;
        for (List<Op> t : threads) {
            for (Op op : t) {
                if (op instanceof Load l) {
                    max = Math.max(max, l.register());
                }
            }
        }
        return max + 1;
    }

    /**
     * The outcomes sequential consistency allows: those of every interleaving of the threads'
     * programs from all locations 0. A run over a correct protocol spread over nodes should see
     * every one of them (a run that never sees one exercises less than it claims).
     */
    public java.util.SortedSet<String> allowed() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        interleave(new int[threads.size()], new long[locations], new long[registers()], out);
        return out;
    }

    private void interleave(int[] pc, long[] memory, long[] registers, java.util.Set<String> out) {
        boolean ran = false;
        for (int t = 0; t < threads.size(); t++) {
            if (pc[t] == threads.get(t).size()) {
                continue;
            }
            ran = true;
            long[] m = memory.clone();
            long[] r = registers.clone();
            switch (threads.get(t).get(pc[t])) {
                case Store s -> m[s.location()] = s.value();
                case Load l -> r[l.register()] = m[l.location()];
            }
            pc[t]++;
            interleave(pc, m, r, out);
            pc[t]--;
        }
        if (!ran) {
            out.add(outcome(registers, finals.stream().mapToLong(l -> memory[l]).toArray()));
        }
    }

    /** The outcome key: {@code r0=1 r1=0}, then final values such as {@code x=1 y=2}. */
    public String outcome(long[] registers, long[] finalValues) {
        String[] r = new String[registers.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = String.valueOf(registers[i]);
        }
        String[] f = new String[finalValues.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = String.valueOf(finalValues[i]);
        }
        return outcome(r, f);
    }

    /** As {@link #outcome(long[], long[])}, with each value already in words (a number, or "stale"). */
    public String outcome(String[] registers, String[] finalValues) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < registers.length; r++) {
            b.append(b.isEmpty() ? "" : " ").append('r').append(r).append('=').append(registers[r]);
        }
        for (int i = 0; i < finals.size(); i++) {
            b.append(b.isEmpty() ? "" : " ").append(LitmusTests.locationName(finals.get(i))).append('=').append(finalValues[i]);
        }
        return b.toString();
    }
}
