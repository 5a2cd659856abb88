package io.procshare.loadgen.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.Progress;
import io.procshare.loadgen.probe.StreamProgress;
import io.procshare.loadgen.suite.Experiment;
import io.procshare.loadgen.suite.Goal;
import io.procshare.loadgen.suite.Suite;
import io.procshare.loadgen.suite.SuiteOptions;
import io.procshare.node.NodeConfig;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code procshare loadgen}: the latency and throughput experiments of DESIGN §9 (issue 6) on an
 * in-JVM cluster, with a progress bar on stderr; writes {@code results.json}, {@code report.md}
 * and PNG plots into {@code --out}. Exit status: 0 every experiment ran, 1 one failed (the outputs
 * are written anyway), 2 bad usage.
 */
@Command(name = "procshare loadgen", mixinStandardHelpOptions = true, versionProvider = LoadgenCli.Version.class,
        sortOptions = false,
        description = {"Runs procshare's latency and throughput experiments on nodes in this JVM and writes results.json, "
                + "report.md and PNG plots into --out.",
                "EXPERIMENT: table1, read-size, page-fault, throughput, baseline, or all (every one, baseline first, "
                        + "on one cluster); riscv (riscv64 binaries on our engine against qemu, 1 node "
                        + "against 3) runs only when named."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
public final class LoadgenCli implements Callable<Integer> {

    /** Most in-JVM nodes: each is a Hazelcast member and a clustered Vert.x on a shared machine. */
    static final int MAX_LOCAL = 8;
    /** Most concurrent threads of the throughput experiment. */
    static final int MAX_THREADS = 1024;
    /** Most timed runs per riscv program and condition (each is seconds). */
    static final int MAX_RUNS = 100;
    /** Bounds of --work: a thousandth of the default (a smoke test) to ten times it. */
    static final double MIN_WORK = 0.0001;
    static final double MAX_WORK = 10;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT",
            description = "table1, read-size, page-fault, throughput, baseline, riscv or all")
    private String experiment;

    @Option(names = "--local", paramLabel = "N",
            description = "start N procshare nodes in this JVM on loopback (default 2, riscv 3; page-fault's "
                    + "write-fault-4 needs 5)")
    private Integer local;

    /** Not offered in --help: every probe times guest threads inside the nodes' JVM, so only --local works. */
    @Option(names = "--node", paramLabel = "HOST:PORT", hidden = true)
    private String node;

    @Option(names = "--iterations", paramLabel = "K", defaultValue = "2000",
            description = "recorded iterations per row (default ${DEFAULT-VALUE}); throughput times 4 × K per level")
    private int iterations;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "500",
            description = "iterations before those, not recorded (default ${DEFAULT-VALUE}); riscv: one untimed run "
                    + "of each program under each condition, none with 0")
    private int warmup;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "" + ExperimentOptions.DEFAULT_THREADS,
            description = "the throughput experiment's highest concurrency (default ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--runs", paramLabel = "K", defaultValue = "" + ExperimentOptions.DEFAULT_RUNS,
            description = "riscv: timed runs of each program under each condition; table1: interleaved repeats the "
                    + "iterations are split into, each ratio taken per repeat (default ${DEFAULT-VALUE})")
    private int runs;

    @Option(names = "--work", paramLabel = "F", defaultValue = "1.0",
            description = "riscv: each program's work as a multiple of the default, about 0.5 s of qemu's CPU each "
                    + "(default ${DEFAULT-VALUE})")
    private double work;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "loadgen-results",
            description = "directory of results.json, report.md and the PNGs (default ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--pause-us", paramLabel = "US",
            description = "idle time before every timed operation (default per experiment: table1 and read-size "
                    + "200, page-fault and baseline 500, throughput 0)")
    private Long pauseUs;

    @Option(names = "--transport", paramLabel = "T", defaultValue = "auto",
            description = "event-bus transport: auto, io_uring, epoll or nio (default ${DEFAULT-VALUE})")
    private String transport;

    @Option(names = "--no-progress", description = "no progress on stderr")
    private boolean quiet;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        quietClusterLog();
        // Hazelcast and Netty leave non-daemon threads behind even after a clean stop
        System.exit(run(args));
    }

    /**
     * The node's logback configuration prints Hazelcast's member list at INFO, which would cut
     * through the progress bar; the experiments' command line does not need it.
     */
    private static void quietClusterLog() {
        if (LoggerFactory.getLogger("com.hazelcast.internal.cluster.ClusterService") instanceof Logger logger) {
            logger.setLevel(Level.WARN);
        }
    }

    /** Runs the command without exiting, for tests: 0, 1 or 2 as the class comment says. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new LoadgenCli());
        cli.setParameterExceptionHandler((ex, given) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("procshare loadgen: " + ex.getMessage());
            cmd.getErr().println("usage: " + cmd.getHelp().synopsis(0).strip().replaceAll("\\s+", " "));
            cmd.getErr().println("Try 'procshare loadgen --help' for more.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("procshare loadgen: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("procshare.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        SuiteOptions options = validate();
        Progress progress = quiet ? Progress.none() : StreamProgress.stderr();
        Suite.Outcome outcome = Suite.run(options, progress);
        PrintWriter o = spec.commandLine().getOut();
        o.println("results: " + options.out().resolve("results.json"));
        o.println("report:  " + options.out().resolve("report.md"));
        outcome.plots().forEach(p -> o.println("plot:    " + options.out().resolve(p)));
        o.println("goals:");
        for (Goal g : outcome.goals()) {
            o.println("  " + g.verdict().text() + ": " + g.formula() + ": " + g.numbers());
        }
        o.flush();
        return outcome.complete() ? 0 : 1;
    }

    /** Checks the options together; a {@link ParameterException} (exit 2) names what is wrong. */
    private SuiteOptions validate() {
        List<Experiment> experiments;
        try {
            experiments = Experiment.named(experiment);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (node != null) {
            throw usage("--node " + node + ": only --local is supported for now. Every probe times guest threads, "
                    + "DSM pages and host calls from inside the nodes' JVM (and reads their counters), which a "
                    + "cluster reached over the bridge does not expose; run with --local N.");
        }
        int needed = experiments.stream().mapToInt(Experiment::minNodes).max().orElse(2);
        int nodes = local == null ? Math.max(2, needed) : local;
        if (nodes < needed || nodes > MAX_LOCAL) {
            throw usage("--local " + nodes + ": " + experiment + " needs " + needed + " to " + MAX_LOCAL + " nodes");
        }
        if (iterations < 1) {
            throw usage("--iterations " + iterations + ": must be at least 1");
        }
        if (warmup < 0) {
            throw usage("--warmup " + warmup + ": must be 0 or more");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw usage("--threads " + threads + ": must be 1 to " + MAX_THREADS);
        }
        if (pauseUs != null && (pauseUs < 0 || pauseUs > 1_000_000)) {
            throw usage("--pause-us " + pauseUs + ": must be 0 to 1000000");
        }
        if (runs < 1 || runs > MAX_RUNS) {
            throw usage("--runs " + runs + ": must be 1 to " + MAX_RUNS);
        }
        if (!(work >= MIN_WORK && work <= MAX_WORK)) {
            throw usage("--work " + work + ": must be " + MIN_WORK + " to " + MAX_WORK);
        }
        if (!NodeConfig.TRANSPORTS.contains(transport)) {
            throw usage("--transport " + transport + ": one of " + String.join(", ", NodeConfig.TRANSPORTS));
        }
        return new SuiteOptions(experiment, experiments, nodes, iterations, warmup, threads, pauseUs, transport, out,
                "procshare loadgen " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), runs, work);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code procshare-loadgen <version> on Java <version>}, the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LoadgenCli.class.getPackage().getImplementationVersion();
            return new String[] {"procshare-loadgen " + (v == null ? "dev" : v) + " on Java " + Runtime.version()};
        }
    }
}
