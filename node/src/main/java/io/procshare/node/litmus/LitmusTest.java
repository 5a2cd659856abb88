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

    /** The outcome key: {@code r0=1 r1=0}, then final values such as {@code x=1 y=2}. */
    public String outcome(long[] registers, long[] finalValues) {
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
