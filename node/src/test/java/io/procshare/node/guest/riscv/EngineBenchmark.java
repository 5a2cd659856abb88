package io.procshare.node.guest.riscv;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guest instructions per second of the engine against qemu-riscv64-static on the same binaries: a
 * double matrix multiply, SHA-256 and a sort (src/test/resources/riscv/bench_*.c, -O2 -static).
 * Our count is the hart's retired instructions; qemu runs the same instruction stream, so its rate
 * is our count over its time. Times are CPU times (this thread's; qemu's user + sys as bash's
 * {@code times} reports them), since the machine may be shared; wall times are printed too. Each
 * program runs {@code runs} times on a fresh engine and cache in one JVM: the first run includes
 * the JVM's warm-up and our block compilation (what a process started once sees), the best one is
 * the steady state. The ratios are qemu's rate over ours. Not a test.
 *
 * <pre>
 * mvn -B -o -q -pl node -am test-compile
 * java -cp node/target/classes:node/target/test-classes io.procshare.node.guest.riscv.EngineBenchmark [runs]
 * </pre>
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    record Case(String source, String... args) {
    }

    public static void main(String[] a) throws Exception {
        int runs = a.length > 0 ? Integer.parseInt(a[0]) : 3;
        List<Case> cases = List.of(new Case("bench_matmul.c", "200"), new Case("bench_sha256.c", "40"),
                new Case("bench_sort.c", "500000"));
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        System.out.printf("%-14s %12s %9s %9s %9s %9s %10s %10s %9s %8s %8s%n", "program", "instructions", "1st cpu s",
                "best cpu", "best wall", "qemu cpu", "1st MIPS", "best MIPS", "qemu MIPS", "1st", "best");
        for (Case c : cases) {
            Path bin = CrossCompiler.build(c.source(), "-O2");
            double bestCpu = Double.MAX_VALUE, bestWall = 0, firstCpu = 0;
            long retired = 0;
            String out = null;
            for (int r = 0; r < runs; r++) {
                long c0 = tm.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                GuestRunner.Result res = GuestRunner.run(bin, c.args());
                double cpu = (tm.getCurrentThreadCpuTime() - c0) / 1e9, wall = (System.nanoTime() - t0) / 1e9;
                if (res.status() != 0) {
                    throw new IllegalStateException(c.source() + " exited " + res.status() + ": " + res.trap());
                }
                if (r == 0) {
                    firstCpu = cpu;
                }
                if (cpu < bestCpu) {
                    bestCpu = cpu;
                    bestWall = wall;
                }
                retired = res.retired();
                out = res.stdout();
            }
            double qemuBest = Double.MAX_VALUE;
            for (int r = 0; r < runs; r++) {
                qemuBest = Math.min(qemuBest, qemuCpu(bin, c.args(), out));
            }
            double first = retired / firstCpu / 1e6, ours = retired / bestCpu / 1e6, theirs = retired / qemuBest / 1e6;
            System.out.printf("%-14s %12d %9.3f %9.3f %9.3f %9.3f %10.1f %10.1f %9.1f %8s %8s%n", c.source().replace(".c", ""),
                    retired, firstCpu, bestCpu, bestWall, qemuBest, first, ours, theirs, String.format("1/%.1f", theirs / first),
                    String.format("1/%.1f", theirs / ours));
        }
    }

    /** qemu's user + sys CPU seconds for one run, checking it printed what we printed. */
    private static double qemuCpu(Path bin, String[] args, String expected) throws Exception {
        String cmd = CrossCompiler.QEMU + " " + bin + " " + String.join(" ", args) + " > " + bin + ".out; times";
        CrossCompiler.Run run = CrossCompiler.run(List.of("bash", "-c", cmd), 300);
        String out = java.nio.file.Files.readString(Path.of(bin + ".out"), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!out.equals(expected)) {
            throw new IllegalStateException("qemu printed " + out + " where the engine printed " + expected);
        }
        // times: shell user/sys, then children user/sys: "0m0.230s 0m0.001s"
        Matcher m = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s").matcher(run.stdout());
        double total = 0;
        int line = 0;
        while (m.find()) {
            if (++line == 2) {
                total = Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2)) + Integer.parseInt(m.group(3)) * 60
                        + Double.parseDouble(m.group(4));
            }
        }
        return Math.max(total, 0.001);
    }
}
