package io.procshare.loadgen.table1;

import java.util.List;
import java.util.Map;

/**
 * The paper's Table 1 (seed paper, DESIGN §1): Core i7 2.8 GHz, 1 GbE, NFS, Linux 2.6.33, a file in
 * a 5-deep directory; milliseconds. A = no mechanism ("normal"), B = mechanism, not forwarded
 * ("mechanism local"), C = forwarded ("mechanism remote").
 */
public final class PaperTable1 {

    /** The syscalls of the table, in its order; also the op names of results.json. */
    public static final List<String> OPS = List.of("open", "close", "mkdir", "rmdir", "symlink", "flock");

    private static final Map<String, double[]> MS = Map.of(
            "open", new double[] {0.353, 0.358, 0.717},
            "close", new double[] {0.368, 0.370, 0.460},
            "mkdir", new double[] {1.124, 1.130, 1.402},
            "rmdir", new double[] {1.036, 1.037, 1.416},
            "symlink", new double[] {1.521, 1.530, 1.884},
            "flock", new double[] {0.981, 0.982, 1.099});

    private PaperTable1() {
    }

    /** A, B and C of {@code op} in milliseconds (a fresh array). */
    public static double[] ms(String op) {
        double[] v = MS.get(op);
        if (v == null) {
            throw new IllegalArgumentException("not in the paper's Table 1: " + op + "; one of " + OPS);
        }
        return v.clone();
    }
}
