package io.procshare.node.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The client commands' command lines, parsed without a cluster. */
class CliParsingTest {

    private static <T> T parse(Class<T> type, String... args) {
        CommandLine.ParseResult r = ProcshareCli.commandLine().parseArgs(args);
        return type.cast(r.subcommand().commandSpec().userObject());
    }

    /** Runs the command line as {@code main} would, but returns the exit status and what picocli printed. */
    private static Result execute(String... args) {
        CommandLine cli = ProcshareCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return new Result(cli.execute(args), err.toString());
    }

    private record Result(int exit, String err) {
    }

    @Test
    void when_runIsGivenOptionsAfterTheBinary_then_theyAreTheProgramsArguments() {
        RunCommand c = parse(RunCommand.class, "run", "--placement", "pack", "--env", "A=1", "--env", "LANG=de",
                "--threads-report", "t.json", "./prog", "--env", "B=2", "-h");
        assertThat(c.binary).isEqualTo(Path.of("./prog"));
        assertThat(c.args).containsExactly("--env", "B=2", "-h");
        assertThat(c.placement).isEqualTo("pack");
        assertThat(c.threadsReport).isEqualTo(Path.of("t.json"));
        assertThat(RunCommand.environment(c.env)).containsExactly("PATH=/usr/bin:/bin", "HOME=/", "LANG=de", "A=1");
    }

    @Test
    void when_runGetsABadEnvOrNoFile_then_itExitsTwoBeforeConnecting() {
        Result bad = execute("run", "--node", "127.0.0.1:1", "--env", "NOEQUALS", "/bin/true");
        assertThat(bad.exit()).isEqualTo(2);
        Result missing = execute("run", "--node", "127.0.0.1:1", "/no/such/program");
        assertThat(missing.exit()).isEqualTo(2);
    }

    @Test
    void when_optionsFollowTheTask_then_theyPassToTheTaskUntouched() {
        SubmitCommand c = parse(SubmitCommand.class, "submit", "--threads", "3", "--placement", "pack", "--home", "node2",
                "--show-threads", "matmul", "--size", "64");
        assertThat(c.task).isEqualTo("matmul");
        assertThat(c.args).containsExactly("--size", "64");
        assertThat(c.threads).isEqualTo(3);
        assertThat(c.placement).isEqualTo("pack");
        assertThat(c.home).isEqualTo("node2");
        assertThat(c.showThreads).isTrue();
    }

    @Test
    void when_theTasksArgumentsLookLikeSubmitsOwnOptions_then_theyStillBelongToTheTask() {
        SubmitCommand c = parse(SubmitCommand.class, "submit", "wordcount", "--help", "--threads", "9", "-q", "--", "docs");
        assertThat(c.task).isEqualTo("wordcount");
        assertThat(c.args).containsExactly("--help", "--threads", "9", "-q", "--", "docs");
        assertThat(c.threads).isEqualTo(1);
        assertThat(c.quiet).isFalse();
        assertThat(c.placement).isNull();
        assertThat(c.home).isNull();
    }

    @Test
    void when_noArgumentsFollowTheTask_then_theTaskGetsNone() {
        SubmitCommand c = parse(SubmitCommand.class, "submit", "--node", "10.0.0.5:7001", "-q", "pipeline");
        assertThat(c.task).isEqualTo("pipeline");
        assertThat(c.args).isEmpty();
        assertThat(c.quiet).isTrue();
        assertThat(c.target.bridge().toString()).isEqualTo("10.0.0.5:7001");
    }

    @Test
    void when_noNodeIsNamed_then_theNodesFileOfDirIsUsedElseTheDefaultBridge() {
        SubmitCommand c = parse(SubmitCommand.class, "submit", "--dir", "/nonexistent/procshare", "matmul");
        assertThat(c.target.dir).isEqualTo(Path.of("/nonexistent/procshare"));
        assertThat(c.target.bridge().toString()).isEqualTo("127.0.0.1:7000");
    }

    @Test
    void when_theTaskIsMissingOrThreadsIsNotANumber_then_submitIsAUsageError() {
        Result missing = execute("submit", "--threads", "3");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter: 'TASK'");

        Result threads = execute("submit", "--threads", "x", "matmul");
        assertThat(threads.exit()).isEqualTo(2);
        assertThat(threads.err()).contains("--threads").contains("'x'");
    }

    @Test
    void when_threadsOrPlacementAreBad_then_submitExits2BeforeAskingAnyNode() {
        Result threads = execute("submit", "--node", "127.0.0.1:1", "--threads", "0", "matmul");
        assertThat(threads.exit()).isEqualTo(2);
        assertThat(threads.err()).contains("--threads: 0 is not in 1..1024").doesNotContain("no procshare node answers");

        Result placement = execute("submit", "--node", "127.0.0.1:1", "--placement", "spread:a,,b", "matmul");
        assertThat(placement.exit()).isEqualTo(2);
        assertThat(placement.err()).contains("--placement: placement 'spread:a,,b': empty node name");
    }

    @Test
    void when_clusterStartIsGivenNoNodes_then_itIsAUsageError() {
        Result r = execute("cluster", "start", "--nodes", "0", "--dir", "node/target/never-started");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--nodes: 0 is not in 1..32");
    }

    @Test
    void when_theNodeIsAnUnknownHost_then_theClientSaysSo() {
        Result r = execute("status", "--node", "no-such-host.invalid:7000");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("unknown host 'no-such-host.invalid' in --node no-such-host.invalid:7000");
    }

    @Test
    void when_killIsGivenAPid_then_itIsParsedAndANonNumberIsAUsageError() {
        KillCommand k = parse(KillCommand.class, "kill", "--node", "127.0.0.1:7002", "123456789012");
        assertThat(k.pid).isEqualTo(123456789012L);
        assertThat(k.target.node).isEqualTo("127.0.0.1:7002");

        Result bad = execute("kill", "abc");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'abc'");
    }

    @Test
    void when_demoIsGivenASizeAndDir_then_bothAreParsed() {
        DemoCommand d = parse(DemoCommand.class, "demo", "--size", "64", "--dir", "node/target/demo");
        assertThat(d.size).isEqualTo(64);
        assertThat(d.dir).isEqualTo(Path.of("node/target/demo"));
        assertThat(parse(DemoCommand.class, "demo").size).isEqualTo(192);
        assertThat(parse(DemoCommand.class, "demo").dir).isNull();
    }

    @Test
    void when_helpIsAsked_then_everyClientCommandIsListed() {
        StringWriter out = new StringWriter();
        CommandLine cli = ProcshareCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        for (String name : List.of("submit", "kill", "demo", "status", "cluster", "console", "load", "loadgen")) {
            assertThat(out.toString()).contains(name);
        }
    }

    @Test
    void when_aNodeIsGivenASecret_then_theFlagWinsOverTheEnvironmentWhichWinsOverNodeJson() {
        NodeCommand flag = parse(NodeCommand.class, "node", "--secret", "from-flag");
        flag.env = java.util.Map.of(io.procshare.node.ClusterSecret.ENV, "from-env");
        assertThat(flag.resolve().secret()).isEqualTo(io.procshare.node.ClusterSecret.of("t", "from-flag"));

        NodeCommand env = parse(NodeCommand.class, "node");
        env.env = java.util.Map.of(io.procshare.node.ClusterSecret.ENV, "from-env");
        assertThat(env.resolve().secret()).isEqualTo(io.procshare.node.ClusterSecret.of("t", "from-env"));

        NodeCommand none = parse(NodeCommand.class, "node");
        none.env = java.util.Map.of(io.procshare.node.ClusterSecret.ENV, "");
        assertThat(none.resolve().secret()).isNull();
    }

    @Test
    void when_aNodeIsGivenSomeTlsFilesButNotAll_then_theMissingOnesAreNamed() {
        NodeCommand c = parse(NodeCommand.class, "node", "--tls-ca", "ca.pem", "--tls-key", "node.key");
        c.env = java.util.Map.of();
        org.assertj.core.api.Assertions.assertThatThrownBy(c::resolve).hasMessageContaining("missing: cert");
        NodeCommand all = parse(NodeCommand.class, "node", "--tls-ca", "ca.pem", "--tls-cert", "n.pem", "--tls-key", "n.key");
        all.env = java.util.Map.of();
        assertThat(all.resolve().tls()).isEqualTo(new io.procshare.node.NodeConfig.Tls(Path.of("ca.pem"), Path.of("n.pem"),
                Path.of("n.key")));
    }

    @Test
    void when_clientsAreGivenASecretAndCa_then_theyAreParsed() {
        SubmitCommand s = parse(SubmitCommand.class, "submit", "--secret", "s", "--tls-ca", "ca.pem", "matmul", "--secret", "t");
        assertThat(s.target.secret).isEqualTo("s");
        assertThat(s.target.tlsCa).isEqualTo(Path.of("ca.pem"));
        assertThat(s.args).containsExactly("--secret", "t");
        assertThat(parse(StatusCommand.class, "status", "--secret", "s").target.secret).isEqualTo("s");
        assertThat(parse(KillCommand.class, "kill", "--secret", "s", "1").target.secret).isEqualTo("s");
        assertThat(parse(DemoCommand.class, "demo", "--secret", "s").secret).isEqualTo("s");
        ClusterCommand.Start start = (ClusterCommand.Start) ProcshareCli.commandLine()
                .parseArgs("cluster", "start", "--nodes", "2", "--secret", "s").subcommand().subcommand()
                .commandSpec().userObject();
        start.env = java.util.Map.of();
        assertThat(start.security().secret()).isEqualTo("s");
        assertThat(start.security().tls()).isNull();
    }
}
