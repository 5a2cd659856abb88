package io.procshare.node.guest.tasks;

import io.procshare.node.guest.InJvmRun;

import io.procshare.node.guest.SharedTask;
import io.procshare.node.guest.TaskCatalog;
import io.procshare.node.syscall.ThreeNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The four example Java shared tasks (matmul, montecarlo, wordcount, pipeline) on three in-JVM
 * nodes: each passes its own check with its threads spread over every node, and refuses bad
 * arguments before anything runs.
 */
@ExtendWith(ThreeNodes.Extension.class)
class ExampleTasksTest {

    private static final Pattern WORKER_LINE = Pattern.compile("thread \\d+ on (c[012]): .+");

    private final ThreeNodes nodes;

    ExampleTasksTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    /** The nodes named by the worker lines of {@code out}, one per line, sorted. */
    private static List<String> workerNodes(String out) {
        return out.lines().map(WORKER_LINE::matcher).filter(Matcher::matches).map(m -> m.group(1)).sorted().toList();
    }

    private InJvmRun runToPass(Class<? extends SharedTask> task, String name, String placement, int threads, String... args)
            throws Exception {
        InJvmRun run = InJvmRun.start(nodes, task, placement, threads, args);
        assertThat(run.awaitStatus()).as(run.transcript()).isZero();
        assertThat(run.out()).as(run.transcript()).containsPattern("(?m)^" + name + ": check passed \\(.+\\)$");
        return run;
    }

    // ---- on the cluster ---------------------------------------------------------------------------

    @Test
    void when_matmulRunsSpread_then_eachNodeComputesRowsAndCEqualsTheOneThreadProduct() throws Exception {
        InJvmRun run = runToPass(MatMul.class, "matmul", "spread", 3, "--size", "96");
        assertThat(workerNodes(run.out())).as(run.transcript()).containsExactly("c0", "c1", "c2");
        assertThat(run.out()).containsPattern("(?m)^matmul: N=96 threads=3 parallel ms=[0-9.]+ checksum=[0-9.]+$")
                .contains("rows 0..31 of C", "rows 32..63 of C", "rows 64..95 of C");
    }

    @Test
    void when_matmulRunsPacked_then_everyWorkerIsOnTheHome() throws Exception {
        InJvmRun run = runToPass(MatMul.class, "matmul", "pack", 3, "--size=64");
        assertThat(workerNodes(run.out())).as(run.transcript()).containsExactly("c0", "c0", "c0");
    }

    @Test
    void when_matmulHasMoreThreadsThanRows_then_theIdleWorkersSaySo_andTheCheckPasses() throws Exception {
        InJvmRun run = runToPass(MatMul.class, "matmul", "spread", 3, "--size", "2");
        assertThat(run.out()).contains("no rows of C");
    }

    @Test
    void when_mapchurnRunsSpread_then_everyWorkerReadsBackWhatItWrote()
            throws Exception {
        InJvmRun run = runToPass(MapChurn.class, "mapchurn", "spread", 3, "--seconds", "2", "--pages", "4");
        assertThat(workerNodes(run.out())).as(run.transcript()).containsExactly("c0", "c1", "c2");
        assertThat(run.out()).containsPattern("(?m)^mapchurn: rounds=\\d+ threads=3 pages=4 seconds=2$");
    }

    @Test
    void when_syscheckRunsSpread_then_filesTimedFutexWaitsAndACrossNodeWakeAllPass() throws Exception {
        InJvmRun run = runToPass(SysCheck.class, "syscheck", "spread", 3, "--timeout-ms", "200", "--absolute", "1");
        assertThat(run.out()).as(run.transcript()).contains("ok: relative futex wait of 200 ms", "ok: absolute futex wait")
                .doesNotContain("FAILED:");
    }

    @Test
    void when_montecarloRunsSpread_then_everySampleIsCounted_andPiIsClose() throws Exception {
        InJvmRun run = runToPass(MonteCarlo.class, "montecarlo", "spread", 3, "--samples", "200000");
        assertThat(workerNodes(run.out())).as(run.transcript()).containsExactly("c0", "c1", "c2");
        assertThat(run.out()).containsPattern("(?m)^montecarlo: samples=200000 threads=3 hits=\\d+ pi=3\\.1\\d+ parallel ms=[0-9.]+$")
                .contains("200000 samples counted");
    }

    @Test
    void when_wordcountGeneratesFilesAndRunsSpread_then_itsCountsMatchTheRecountAndTheGeneratedOnes() throws Exception {
        InJvmRun run = runToPass(WordCount.class, "wordcount", "spread", 3, "--generate", "6", "texts");
        assertThat(workerNodes(run.out())).as(run.transcript()).containsExactly("c0", "c1", "c2");
        assertThat(run.out()).contains("wordcount: files=6 words=12000 ", "and the generated counts", "counts written to texts.counts")
                .containsPattern("(?m)^wordcount: top 5: \\S+ \\d+, \\S+ \\d+, \\S+ \\d+, \\S+ \\d+, \\S+ \\d+$")
                .contains(": 2 files, 4000 words");

        // the result file, in the process's sandbox on its home: what the generator wrote, most frequent first
        List<String> lines = Files.readAllLines(nodes.sandbox(run.pid).resolve("texts.counts"), StandardCharsets.UTF_8);
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            WordCount.generate(i, expected);
        }
        assertThat(lines).hasSize(expected.size()).isEqualTo(WordCount.encode(expected).lines().toList());
        List<Long> counts = lines.stream().map(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1))).toList();
        assertThat(counts).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(12_000);
    }

    @Test
    void when_wordcountsDirectoryIsMissing_then_itExits2_andStderrPointsAtGenerate() throws Exception {
        InJvmRun run = InJvmRun.start(nodes, WordCount.class, "spread", 3, "no-such-dir");
        assertThat(run.awaitStatus()).as(run.transcript()).isEqualTo(WordCount.NO_SUCH_DIRECTORY);
        assertThat(run.err()).contains("'no-such-dir' does not exist", "ENOENT", "--generate FILES");
        assertThat(workerNodes(run.out())).isEmpty();
    }

    @Test
    void when_pipelineRunsSpread_then_everyItemArrivesOnce() throws Exception {
        InJvmRun run = runToPass(Pipeline.class, "pipeline", "spread", 3, "--items", "2000");
        assertThat(workerNodes(run.out())).as(run.transcript()).containsExactly("c0", "c1", "c2");
        assertThat(run.out()).contains("pipeline: items=2000 producers=1 consumers=2 ", "sum 2001000 = N(N+1)/2")
                .contains("produced 2000 items (1..2000)");
    }

    @Test
    void when_pipelineGetsOneThread_then_itStillRunsAProducerAndAConsumer() throws Exception {
        InJvmRun run = runToPass(Pipeline.class, "pipeline", "spread", 1, "--items", "300");
        assertThat(workerNodes(run.out())).as(run.transcript()).hasSize(2);
        assertThat(run.out()).contains("producers=1 consumers=1");
    }

    @Test
    void when_clockcheckRunsOnThreeNodes_then_everyWorkersAbsoluteDeadlineTimesOutOnTime_andTheReadingsAreOrdered()
            throws Exception {
        InJvmRun run = runToPass(ClockCheck.class, "clockcheck", "spread", 1, "--wait-ms", "200");
        assertThat(run.out()).as(run.transcript()).contains("clockcheck: on c1: ", "clockcheck: on c2: ",
                "futex deadline 200 ms ahead returned -110 after ", "check passed (2 nodes, one CLOCK_MONOTONIC)");
        assertThat(TaskCatalog.resolve("clockcheck").type()).isEqualTo(ClockCheck.class);
    }

    // ---- arguments (no cluster) -------------------------------------------------------------------

    @Test
    void when_theExamplesAreNamed_then_theCatalogFindsTheseClasses() {
        assertThat(TaskCatalog.resolve("matmul").type()).isEqualTo(MatMul.class);
        assertThat(TaskCatalog.resolve("montecarlo").type()).isEqualTo(MonteCarlo.class);
        assertThat(TaskCatalog.resolve("wordcount").type()).isEqualTo(WordCount.class);
        assertThat(TaskCatalog.resolve("pipeline").type()).isEqualTo(Pipeline.class);
    }

    @Test
    void when_argumentsAreGood_then_validateAcceptsThem() {
        assertThatCode(() -> {
            new MatMul().validate(new String[0]);
            new MatMul().validate(new String[] {"--size", "2048"});
            new MatMul().validate(new String[] {"--size=1"});
            new MonteCarlo().validate(new String[] {"--samples", "1_000_000"});
            new WordCount().validate(new String[] {"dir"});
            new WordCount().validate(new String[] {"--generate", "3", "dir"});
            new WordCount().validate(new String[] {"dir", "--generate=3"});
            new Pipeline().validate(new String[] {"--items", "1"});
        }).doesNotThrowAnyException();
    }

    @Test
    void when_matmulsArgumentsAreBad_then_validateSaysWhatIsWrong_withTheUsage() {
        assertRejected(new MatMul(), "--size needs a whole number from 1 to 2048, got 'big'", "--size", "big");
        assertRejected(new MatMul(), "--size must be from 1 to 2048, got 0", "--size", "0");
        assertRejected(new MatMul(), "--size must be from 1 to 2048, got 4096", "--size=4096");
        assertRejected(new MatMul(), "--size must be from 1 to 2048, got -3", "--size", "-3");
        assertRejected(new MatMul(), "--size needs a value", "--size");
        assertRejected(new MatMul(), "unknown option '--threads'", "--threads", "4");
        assertRejected(new MatMul(), "unknown option '-s'", "-s", "4");
        assertRejected(new MatMul(), "unexpected argument '64'", "64");
        assertRejected(new MatMul(), "--size given twice", "--size", "2", "--size", "3");
    }

    @Test
    void when_montecarlosArgumentsAreBad_then_validateSaysWhatIsWrong_withTheUsage() {
        assertRejected(new MonteCarlo(), "--samples must be at least 1, got 0", "--samples", "0");
        assertRejected(new MonteCarlo(), "--samples must be at least 1, got -5", "--samples", "-5");
        assertRejected(new MonteCarlo(), "--samples needs a whole number at least 1, got '1e6'", "--samples", "1e6");
        assertRejected(new MonteCarlo(), "unknown option '--seed'", "--seed", "1");
    }

    @Test
    void when_wordcountsArgumentsAreBad_then_validateSaysWhatIsWrong_withTheUsage() {
        assertRejected(new WordCount(), "expected 1 directory (DIR), got 0");
        assertRejected(new WordCount(), "expected 1 directory (DIR), got 0", "--generate", "4");
        assertRejected(new WordCount(), "expected 1 directory (DIR), got 2", "a", "b");
        assertRejected(new WordCount(), "--generate must be from 1 to 10000, got 0", "--generate", "0", "dir");
        assertRejected(new WordCount(), "--generate needs a whole number from 1 to 10000, got 'dir'", "--generate", "dir");
        assertRejected(new WordCount(), "unknown option '--lines'", "--lines", "dir");
        assertRejected(new WordCount(), "DIR is empty", " ");
    }

    @Test
    void when_pipelinesArgumentsAreBad_then_validateSaysWhatIsWrong_withTheUsage() {
        assertRejected(new Pipeline(), "--items must be from 1 to 100000000, got 0", "--items", "0");
        assertRejected(new Pipeline(), "--items needs a whole number from 1 to 100000000, got 'x'", "--items=x");
        assertRejected(new Pipeline(), "unknown option '--capacity'", "--capacity", "8");
    }

    private static void assertRejected(SharedTask task, String what, String... args) {
        assertThatThrownBy(() -> task.validate(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(what)
                .hasMessageContaining("(usage: " + task.usage() + ")");
    }

    // ---- pieces -----------------------------------------------------------------------------------

    @Test
    void when_workSplitsUnevenly_then_everyPartIsCoveredOnce() {
        assertThat(List.of(MatMul.firstRow(0, 3, 10), MatMul.firstRow(1, 3, 10), MatMul.firstRow(2, 3, 10), MatMul.firstRow(3, 3, 10)))
                .containsExactly(0, 3, 6, 10);
        assertThat(MonteCarlo.share(10, 3, 0) + MonteCarlo.share(10, 3, 1) + MonteCarlo.share(10, 3, 2)).isEqualTo(10);
        assertThat(Pipeline.first(7, 2, 0)).isEqualTo(1);
        assertThat(Pipeline.first(7, 2, 2)).isEqualTo(8);
        assertThat(List.of(Pipeline.producers(1), Pipeline.consumers(1), Pipeline.producers(5), Pipeline.consumers(5)))
                .containsExactly(1, 1, 2, 3);
        assertThat(WordCount.resultPath("texts/")).isEqualTo("texts.counts");
        assertThat(WordCount.resultPath(".")).isEqualTo("wordcount.counts");
    }
}
