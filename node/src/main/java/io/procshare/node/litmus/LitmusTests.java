package io.procshare.node.litmus;

import io.procshare.node.litmus.LitmusTest.Load;
import io.procshare.node.litmus.LitmusTest.Store;

import java.util.List;
import java.util.Set;

/**
 * The suite of issue 3: the classic shapes whose forbidden outcomes distinguish sequential
 * consistency from weaker models (Lamport 1979; the names follow the herd/litmus7 catalogue).
 */
public final class LitmusTests {

    static final int X = 0;
    static final int Y = 1;

    private LitmusTests() {
    }

    /** Store buffering: T0 x=1; r0=y || T1 y=1; r1=x. SC forbids r0=0 r1=0. */
    public static final LitmusTest SB = new LitmusTest("SB",
            List.of(List.of(new Store(X, 1), new Load(Y, 0)), List.of(new Store(Y, 1), new Load(X, 1))),
            2, List.of(), Set.of("r0=0 r1=0"));

    /** Message passing: T0 x=1; y=1 || T1 r0=y; r1=x. SC forbids r0=1 r1=0. */
    public static final LitmusTest MP = new LitmusTest("MP",
            List.of(List.of(new Store(X, 1), new Store(Y, 1)), List.of(new Load(Y, 0), new Load(X, 1))),
            2, List.of(), Set.of("r0=1 r1=0"));

    /** Load buffering: T0 r0=x; y=1 || T1 r1=y; x=1. SC forbids r0=1 r1=1. */
    public static final LitmusTest LB = new LitmusTest("LB",
            List.of(List.of(new Load(X, 0), new Store(Y, 1)), List.of(new Load(Y, 1), new Store(X, 1))),
            2, List.of(), Set.of("r0=1 r1=1"));

    /**
     * Independent reads of independent writes: T0 x=1 || T1 y=1 || T2 r0=x; r1=y || T3 r2=y; r3=x.
     * SC forbids the readers disagreeing on the order of the writes: r0=1 r1=0 r2=1 r3=0.
     */
    public static final LitmusTest IRIW = new LitmusTest("IRIW",
            List.of(List.of(new Store(X, 1)), List.of(new Store(Y, 1)),
                    List.of(new Load(X, 0), new Load(Y, 1)), List.of(new Load(Y, 2), new Load(X, 3))),
            2, List.of(), Set.of("r0=1 r1=0 r2=1 r3=0"));

    /** Two plus two writes: T0 x=1; y=2 || T1 y=1; x=2. SC forbids the final state x=1 y=1. */
    public static final LitmusTest TWO_PLUS_TWO_W = new LitmusTest("2+2W",
            List.of(List.of(new Store(X, 1), new Store(Y, 2)), List.of(new Store(Y, 1), new Store(X, 2))),
            2, List.of(X, Y), Set.of("x=1 y=1"));

    /** Coherence of read-read: T0 x=1 || T1 r0=x; r1=x. Coherence forbids r0=1 r1=0. */
    public static final LitmusTest CORR = new LitmusTest("CoRR",
            List.of(List.of(new Store(X, 1)), List.of(new Load(X, 0), new Load(X, 1))),
            1, List.of(), Set.of("r0=1 r1=0"));

    public static final List<LitmusTest> ALL = List.of(SB, MP, LB, IRIW, TWO_PLUS_TWO_W, CORR);

    static String locationName(int location) {
        return location < 3 ? String.valueOf("xyz".charAt(location)) : "m" + location;
    }

    /** The test of that name, case-insensitive. */
    public static LitmusTest byName(String name) {
        return ALL.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no litmus test '" + name + "'; known: "
                        + ALL.stream().map(LitmusTest::name).toList()));
    }
}
