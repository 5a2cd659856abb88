package io.procshare.loadgen.riscv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The riscv64 programs of the {@code riscv} experiment, C sources of our own under
 * {@code src/main/resources/riscv-bench/}, each deterministic and printing a checksum. Their default
 * size makes qemu-riscv64-static take about 0.5-2 s of wall time each on this project's shared
 * 2-core machine (0.2-0.7 G guest instructions) while our engine, several times slower, still
 * finishes a run in well under a minute; {@code --work F} scales the work by F (the size by F, or
 * its cube root for the matrix multiplies, whose work grows with N³).
 */
public enum Benchmark {

    /** Single-thread multiply of two N × N matrices of doubles. */
    MATMUL("matmul", "matmul.c", 300, 3, 1),
    /** SHA-256 of a generated message of M KiB. */
    SHA256("sha256", "sha256.c", 8 * 1024, 1, 1),
    /** Quicksort of N pseudo-random 32-bit ints. */
    SORT("sort", "sort.c", 1_000_000, 1, 1),
    /** The multiply of {@link #MATMUL} by 4 pthreads, each a block of rows. */
    MATMUL_MT4("matmul-mt4", "matmul_mt.c", 300, 3, 4);

    /** The single-thread programs, whose speed is compared with qemu's (part a). */
    public static final List<Benchmark> SINGLE_THREAD = List.of(MATMUL, SHA256, SORT);

    private final String op;
    private final String source;
    private final long defaultSize;
    private final int workExponent;
    private final int threads;

    Benchmark(String op, String source, long defaultSize, int workExponent, int threads) {
        this.op = op;
        this.source = source;
        this.defaultSize = defaultSize;
        this.workExponent = workExponent;
        this.threads = threads;
    }

    /** The row's {@code op} in results.json, e.g. {@code matmul-mt4}. */
    public String op() {
        return op;
    }

    /** The C file under {@code riscv-bench/}. */
    public String source() {
        return source;
    }

    /** The binary's file name (the source's without {@code .c}). */
    public String binaryName() {
        return source.substring(0, source.length() - 2);
    }

    /** Guest threads besides the main one. */
    public int threads() {
        return threads;
    }

    /** The size argument for {@code work} times the default work (at least 1). */
    public long size(double work) {
        double scaled = defaultSize * Math.pow(work, 1.0 / workExponent);
        return Math.max(1, Math.round(scaled));
    }

    /** The program's arguments for {@code work} times the default work. */
    public List<String> args(double work) {
        List<String> args = new ArrayList<>(List.of(String.format(Locale.ROOT, "%d", size(work))));
        if (threads > 1) {
            args.add(Integer.toString(threads));
        }
        return args;
    }
}
