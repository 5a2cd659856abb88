package io.procshare.node.guest.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Runs small C programs, cross-compiled with riscv64-linux-gnu-gcc -static, on the engine (with
 * the test-scope FlatMemory and MiniLinux) and under qemu-riscv64-static, and requires the same
 * stdout, byte for byte, and the same exit status. Needs the Debian packages gcc-riscv64-linux-gnu
 * and qemu-user-static (.ci/run installs them); without them the tests fail saying so.
 */
class QemuConformanceTest {

    private static void sameAsQemu(String source, String opt, String... args) throws Exception {
        Path bin = CrossCompiler.build(source, opt);
        CrossCompiler.Run ref = CrossCompiler.qemu(bin, args);
        GuestRunner.Result ours = GuestRunner.run(bin, args);
        if (!ours.stdout().equals(ref.stdout())) {
            String[] a = ref.stdout().split("\n", -1), b = ours.stdout().split("\n", -1);
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                assertThat(b[i]).as("%s %s line %d (qemu first)", source, opt, i + 1).isEqualTo(a[i]);
            }
            assertThat(b.length).as("%s %s lines", source, opt).isEqualTo(a.length);
        }
        assertThat(ours.status()).as("%s %s exit status (trap: %s)", source, opt, ours.trap()).isEqualTo(ref.status());
    }

    @Test
    void when_helloRuns_then_argvEnvironmentAndStatusMatchQemu() throws Exception {
        Path bin = CrossCompiler.build("hello.c", "-O2");
        GuestRunner.Result ours = GuestRunner.run(bin, "four", "x");
        assertThat(ours.stdout()).contains("argc=3", "argv[1]=four");
        assertThat(ours.status()).isEqualTo(4);
        CrossCompiler.Run ref = CrossCompiler.qemu(bin, "four", "x");
        assertThat(ref.status()).isEqualTo(4);
        assertThat(ours.stdout().replaceAll("envc=\\d+", "")).isEqualTo(ref.stdout().replaceAll("envc=\\d+", ""));
    }

    @Test
    void when_integerProgramRunsAtO2_then_outputMatchesQemu() throws Exception {
        sameAsQemu("alu.c", "-O2");
    }

    @Test
    void when_integerProgramRunsCompressedHeavyAtOs_then_outputMatchesQemu() throws Exception {
        sameAsQemu("alu.c", "-Os");
    }

    @Test
    void when_atomicsProgramRuns_then_outputMatchesQemu() throws Exception {
        sameAsQemu("atomics.c", "-O2");
    }

    @Test
    void when_floatingPointProgramRuns_then_everyResultAndFlagMatchesQemu() throws Exception {
        sameAsQemu("fp.c", "-O2");
    }

    @Test
    void when_benchmarkProgramsRunLongEnoughToBeCompiled_then_outputMatchesQemu() throws Exception {
        sameAsQemu("bench_matmul.c", "-O2", "40");
        sameAsQemu("bench_sha256.c", "-O2", "2");
        sameAsQemu("bench_sort.c", "-O2", "20000");
        sameAsQemu("bench_sort.c", "-Os", "20000");
    }

    @Test
    void when_programTraps_then_statusIsTheSignalsAsUnderQemu() throws Exception {
        sameAsQemu("traps.c", "-O2", "ill");
        sameAsQemu("traps.c", "-O2", "ebreak");
        sameAsQemu("traps.c", "-O2", "misaligned-amo");
        sameAsQemu("traps.c", "-O2", "segv");
        sameAsQemu("traps.c", "-O2", "csr");
    }
}
