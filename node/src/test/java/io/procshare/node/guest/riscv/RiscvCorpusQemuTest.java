package io.procshare.node.guest.riscv;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The qemu half of the riscv64 comparison (issue 12): every corpus program, built by
 * {@code scripts/build-riscv-corpus.sh}, runs under qemu-riscv64 as procshare's contract runs it,
 * twice, and must end with its expected status and print exactly the same bytes both times -- the
 * precondition for comparing it with procshare byte for byte (RiscvCorpusIT). About 10 s.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RiscvCorpusQemuTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path scratch;

    @BeforeAll
    static void buildTheCorpus() throws Exception {
        RiscvCorpus.buildCorpus(RiscvCorpus.CORPUS_DIR);
    }

    static Stream<RiscvCorpus.Case> corpusCases() {
        return RiscvCorpus.corpusCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusCases")
    void when_aCorpusProgramRunsTwiceUnderQemu_then_itEndsAsExpectedWithIdenticalOutput(RiscvCorpus.Case c) throws Exception {
        RiscvCorpus.Outcome first = RiscvCorpus.runUnderQemu(c, scratch, RUN_TIMEOUT);
        RiscvCorpus.Outcome second = RiscvCorpus.runUnderQemu(c, scratch, RUN_TIMEOUT);

        assertThat(first.exit()).as(first.describe()).isEqualTo(c.exit());
        assertThat(first.out()).as("stdout of " + c).isNotEmpty();
        assertThat(second.exit()).as(second.describe()).isEqualTo(first.exit());
        assertThat(second.outText()).as("stdout of the second run of " + c).isEqualTo(first.outText());
        assertThat(second.out()).as("stdout bytes of the second run of " + c).isEqualTo(first.out());
        assertThat(second.err()).as("stderr of the second run of " + c + ":\n" + second.errText()).isEqualTo(first.err());
        assertThat(first.outText()).as(first.describe()).doesNotContain("WRONG").doesNotContain("FAILED");
    }

    @Test
    void when_hello_runs_then_itSeesArgv0AsItsFileNameAndExactlyTheContractsEnvironment() throws Exception {
        RiscvCorpus.Outcome r = RiscvCorpus.runUnderQemu(RiscvCorpus.CORPUS.getFirst(), scratch, RUN_TIMEOUT);

        assertThat(r.outText()).as(r.describe()).contains("argv[0]=\"hello\"\n", "argv[3]=\"two words\"\n",
                "env entries=3\n", "env entries named LANG=1\n", "PATH=/usr/bin:/bin\n", "LANG=C\n", "HOME is set\n");
        assertThat(r.errText()).isEqualTo("hello: this line goes to stderr\n");
    }

    @Test
    void when_aProgramIsInTestsRiscv_then_aCaseRunsIt() throws IOException {
        Set<String> programs;
        try (Stream<Path> files = Files.list(RiscvCorpus.ROOT.resolve("tests/riscv"))) {
            programs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c"))
                    .map(n -> n.substring(0, n.length() - 2)).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> covered = RiscvCorpus.CORPUS.stream().map(RiscvCorpus.Case::program).collect(Collectors.toCollection(TreeSet::new));

        assertThat(programs).hasSizeGreaterThanOrEqualTo(12);
        assertThat(covered).isEqualTo(programs);
        assertThat(RiscvCorpus.allCases().map(RiscvCorpus.Case::id).distinct().count())
                .isEqualTo(RiscvCorpus.allCases().count());
        assertThat(RiscvCorpus.allCases().filter(RiscvCorpus.Case::threaded).map(RiscvCorpus.Case::id).toList())
                .containsAll(List.of("counters", "matmul", "exitthread", "compute"));
    }
}
