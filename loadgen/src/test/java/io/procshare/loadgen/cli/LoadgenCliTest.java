package io.procshare.loadgen.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad usage exits 2 with a message that says what to do, before any node starts. */
class LoadgenCliTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void captureStderr() {
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(savedErr);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void when_experimentIsUnknown_then_exit2AndTheMessageListsTheExperiments() {
        assertThat(LoadgenCli.run("tabel1")).isEqualTo(2);
        assertThat(err()).contains("unknown experiment 'tabel1'", "table1, read-size, page-fault, throughput, baseline, riscv, all");
    }

    @Test
    void when_nodeIsGiven_then_exit2AndTheMessageSaysOnlyLocalIsSupported() {
        assertThat(LoadgenCli.run("table1", "--node", "10.0.0.1:7000")).isEqualTo(2);
        assertThat(err()).contains("only --local is supported for now");
    }

    @Test
    void when_localIsOne_then_exit2() {
        assertThat(LoadgenCli.run("all", "--local", "1")).isEqualTo(2);
        assertThat(err()).contains("--local 1: all needs 2 to 8 nodes");
    }

    @Test
    void when_riscvIsGivenTwoNodes_then_exit2BecauseSpreadNeedsThree() {
        assertThat(LoadgenCli.run("riscv", "--local", "2")).isEqualTo(2);
        assertThat(err()).contains("--local 2: riscv needs 3 to 8 nodes");
    }

    @Test
    void when_runsIsZeroOrWorkNotPositive_then_exit2() {
        assertThat(LoadgenCli.run("riscv", "--runs", "0")).isEqualTo(2);
        assertThat(LoadgenCli.run("riscv", "--work", "0")).isEqualTo(2);
        assertThat(err()).contains("--runs 0: must be 1 to 100", "--work 0.0: must be 1.0E-4 to 10.0");
    }

    @Test
    void when_threadsIsZeroOrIterationsNotANumber_then_exit2() {
        assertThat(LoadgenCli.run("throughput", "--threads", "0")).isEqualTo(2);
        assertThat(LoadgenCli.run("table1", "--iterations", "many")).isEqualTo(2);
        assertThat(err()).contains("--threads 0: must be 1 to 1024", "'many' is not an int");
    }

    @Test
    void when_experimentIsMissing_then_exit2() {
        assertThat(LoadgenCli.run()).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter: 'EXPERIMENT'");
    }
}
