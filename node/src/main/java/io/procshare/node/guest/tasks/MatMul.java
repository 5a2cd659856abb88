package io.procshare.node.guest.tasks;

import io.procshare.node.guest.Guest;
import io.procshare.node.guest.SharedTask;
import io.procshare.node.guest.ThreadEntry;
import java.util.Locale;

/**
 * {@code matmul [--size N]}: a parallel matrix multiply C = A×B of N×N doubles (N from 1 to 2048,
 * default 128) in the process's shared memory.
 *
 * <p>Main fills A and B (page-aligned mappings) deterministically, then starts
 * {@link Guest#requestedThreads()} workers where the placement puts them. Worker k computes a
 * contiguous block of rows of C: it copies its rows of A and all of B into local arrays with bulk
 * reads (the pages come to its node as read-only copies, as the DSM shares read-mostly data), and
 * writes its rows of C with bulk writes into a page-aligned block of its own, so no page is written
 * from two nodes. Main then gathers C, and checks it element by element against the same multiply
 * done by itself in one thread (each element is summed in the same order, so they are equal
 * exactly). It prints {@code matmul: N=.. threads=.. parallel ms=.. checksum=..} and
 * {@code matmul: check passed (...)} (exit 0) or {@code matmul: check FAILED (...)} (exit 1).
 */
public final class MatMul implements SharedTask {

    static final String NAME = "matmul";
    static final String USAGE = "matmul [--size N]   (N from 1 to 2048, default 128)";
    private static final TaskArgs.Option SIZE = new TaskArgs.Option("--size", 1, 2048);
    private static final int DEFAULT_SIZE = 128;

    // the args block main writes before spawning (workers only read it)
    private static final long N_AT = 0;
    private static final long WORKERS_AT = 8;
    private static final long A_AT = 16;
    private static final long B_AT = 24;
    private static final long C_BLOCKS_AT = 32; // then one address per worker, then one descriptor per worker

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public void validate(String[] args) {
        parse(args);
    }

    private static int parse(String[] args) {
        return (int) TaskArgs.parse(NAME, USAGE, args, 0, "arguments", SIZE).get(SIZE.name(), DEFAULT_SIZE);
    }

    /** A[i][j]. */
    static double a(int i, int j) {
        return ((i * 31 + j * 17) % 100) / 10.0;
    }

    /** B[i][j]. */
    static double b(int i, int j) {
        return ((i * 7 + j * 13 + 5) % 100) / 10.0;
    }

    /** First row of worker {@code k} of {@code workers} (its last is {@code firstRow(k + 1) - 1}). */
    static int firstRow(int k, int workers, int n) {
        return (int) ((long) k * n / workers);
    }

    /** How many rows worker {@code k} of {@code workers} computes (0 when there are more workers than rows). */
    static int rows(int k, int workers, int n) {
        return firstRow(k + 1, workers, n) - firstRow(k, workers, n);
    }

    /**
     * {@code c[rows×n] = a[rows×n] × b[n×n]}, row-major; each element summed over k in ascending
     * order from 0.0, so every caller gets bit-identical results.
     */
    static void multiply(double[] a, double[] b, double[] c, int rows, int n) {
        for (int i = 0; i < rows; i++) {
            int ci = i * n;
            for (int k = 0; k < n; k++) {
                double aik = a[ci + k];
                int bk = k * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aik * b[bk + j];
                }
            }
        }
    }

    @Override
    public int main(Guest g, String[] args) {
        int n = parse(args);
        int workers = g.requestedThreads();
        long matrix = TaskSupport.pages(8L * n * n);
        long a = g.allocPages(matrix);
        long b = g.allocPages(matrix);
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[j] = a(i, j);
            }
            TaskSupport.writeDoubles(g, a + 8L * i * n, row, 0, n);
            for (int j = 0; j < n; j++) {
                row[j] = b(i, j);
            }
            TaskSupport.writeDoubles(g, b + 8L * i * n, row, 0, n);
        }

        long descriptors = C_BLOCKS_AT + 8L * workers;
        long blockLength = TaskSupport.pages(descriptors + 16L * workers);
        long block = g.allocPages(blockLength);
        g.writeLong(block + N_AT, n);
        g.writeLong(block + WORKERS_AT, workers);
        g.writeLong(block + A_AT, a);
        g.writeLong(block + B_AT, b);
        long[] cBlocks = new long[workers];
        for (int k = 0; k < workers; k++) {
            int rows = rows(k, workers, n);
            cBlocks[k] = rows == 0 ? 0 : g.allocPages(TaskSupport.pages(8L * rows * n)); // the worker's own pages
            g.writeLong(block + C_BLOCKS_AT + 8L * k, cBlocks[k]);
            g.writeLong(block + descriptors + 16L * k, block);
            g.writeLong(block + descriptors + 16L * k + 8, k);
        }

        long start = System.nanoTime();
        int failedWorkers = TaskSupport.runWorkers(g, Worker.class, workers, k -> block + descriptors + 16L * k);
        String parallelMs = TaskSupport.millisSince(start);

        double[] c = new double[n * n];
        for (int k = 0; k < workers; k++) {
            if (cBlocks[k] != 0) {
                TaskSupport.readDoubles(g, cBlocks[k], c, firstRow(k, workers, n) * n, rows(k, workers, n) * n);
            }
        }
        double checksum = 0;
        for (double v : c) {
            checksum += v;
        }

        // the reference: one thread, plain Java arrays read from the guest's A and B
        double[] ra = new double[n * n];
        double[] rb = new double[n * n];
        TaskSupport.readDoubles(g, a, ra, 0, n * n);
        TaskSupport.readDoubles(g, b, rb, 0, n * n);
        double[] rc = new double[n * n];
        long sequentialStart = System.nanoTime();
        multiply(ra, rb, rc, n, n);
        String sequentialMs = TaskSupport.millisSince(sequentialStart);
        double referenceChecksum = 0;
        int mismatches = 0;
        for (int i = 0; i < rc.length; i++) {
            referenceChecksum += rc[i];
            if (Double.doubleToLongBits(rc[i]) != Double.doubleToLongBits(c[i])) {
                mismatches++;
            }
        }

        g.println(String.format(Locale.ROOT, "matmul: N=%d threads=%d parallel ms=%s checksum=%.4f",
                n, workers, parallelMs, checksum));
        // the two times measure different things: say which, so that the comparison is not misread
        long fetched = TaskSupport.pages(8L * ((long) n * n / Math.max(1, workers) + (long) n * n)) / 4096;
        g.println(String.format(Locale.ROOT, "matmul: parallel ms counts starting %d threads on their nodes and each "
                + "fetching its rows of A and all of B (about %d pages of 4 KiB) from the home; one-thread ms below "
                + "multiplies arrays already in this JVM. Spreading pays only when a thread's arithmetic (N^3/threads "
                + "multiply-adds) outweighs the pages it fetches (N^2): large N, idle cores on every machine.",
                workers, fetched));
        boolean passed = mismatches == 0 && failedWorkers == 0;
        String detail = failedWorkers > 0
                ? failedWorkers + " of " + workers + " workers exited with a nonzero status"
                : mismatches == 0
                ? String.format(Locale.ROOT, "C equals the one-thread product, checksum %.4f; one-thread ms=%s",
                        referenceChecksum, sequentialMs)
                : String.format(Locale.ROOT, "%d of %d elements differ from the one-thread product, checksum %.4f vs %.4f",
                        mismatches, rc.length, checksum, referenceChecksum);
        g.println("matmul: check " + (passed ? "passed" : "FAILED") + " (" + detail + ")");

        for (int k = 0; k < workers; k++) {
            if (cBlocks[k] != 0) {
                g.freePages(cBlocks[k], TaskSupport.pages(8L * rows(k, workers, n) * n));
            }
        }
        g.freePages(block, blockLength);
        g.freePages(a, matrix);
        g.freePages(b, matrix);
        return passed ? 0 : 1;
    }

    /** Worker k: computes its block of rows of C; arg is its descriptor (args block, k). */
    public static final class Worker implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            long block = g.readLong(arg);
            int k = (int) g.readLong(arg + 8);
            int n = (int) g.readLong(block + N_AT);
            int workers = (int) g.readLong(block + WORKERS_AT);
            int lo = firstRow(k, workers, n);
            int hi = firstRow(k + 1, workers, n);
            if (hi == lo) {
                g.println("thread " + g.tid() + " on " + g.nodeName() + ": no rows of C (more threads than rows)");
                return 0;
            }
            long start = System.nanoTime();
            int rows = hi - lo;
            double[] a = new double[rows * n];
            double[] b = new double[n * n];
            TaskSupport.readDoubles(g, g.readLong(block + A_AT) + 8L * lo * n, a, 0, a.length);
            TaskSupport.readDoubles(g, g.readLong(block + B_AT), b, 0, b.length);
            double[] c = new double[rows * n];
            multiply(a, b, c, rows, n);
            TaskSupport.writeDoubles(g, g.readLong(block + C_BLOCKS_AT + 8L * k), c, 0, c.length);
            g.println("thread " + g.tid() + " on " + g.nodeName() + ": rows " + lo + ".." + (hi - 1) + " of C ("
                    + rows + " rows, " + TaskSupport.millisSince(start) + " ms)");
            return 0;
        }
    }
}
