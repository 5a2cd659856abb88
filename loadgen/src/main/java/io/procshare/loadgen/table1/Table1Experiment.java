package io.procshare.loadgen.table1;

import io.procshare.loadgen.probe.Cdf;
import io.procshare.loadgen.probe.EchoProbe;
import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.Experiments;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.ProbeRunner;
import io.procshare.loadgen.probe.Progress;
import io.procshare.loadgen.probe.Section;
import io.procshare.node.ProcshareNode;
import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.ThreadExitException;
import io.procshare.verticles.memory.space.Prot;
import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.Sysno;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code table1} experiment (DESIGN §1, §9; issue 6): the paper's Table 1 — open, close, mkdir,
 * rmdir, symlink and flock on a target in a 5-deep directory — under A (the libc call made
 * directly on the host, in a host directory), B (issued by a guest thread on the process's home:
 * through the mechanism, not forwarded) and C (issued by a guest thread on the other node:
 * forwarded to the home), B and C each with argument shipping on ({@code ship}) and off
 * ({@code noship}), all in one run on nodes 0 (the home) and 1 of a {@link LocalCluster}. Every
 * call is timed on the issuing thread into an HdrHistogram. In the same run: the event-bus 16 B
 * request/reply from the forwarding node to the home (the round trip C adds), and the diagnostic
 * {@code A-sandbox} (the home's sandboxed host execution called directly, see {@link SandboxCalls}).
 * The home-local conditions (A, B, A-sandbox) of all six syscalls run interleaved in one group, the
 * forwarded ones (C) and the event-bus baseline in another ({@link ProbeRunner#runInterleaved}),
 * each group's iterations split into {@code --runs} repeats (default 3), so that (B − A) / A and
 * C − B are also taken per repeat and shown with their spread (issue 14 item 6).
 *
 * <p>Rows: op, condition {@code A|B|C}, extra field {@code shipping} {@code ship|noship|none}, n,
 * p50, p90, p99, max in microseconds, {@code p50_runs} (each repeat's p50); B rows add {@code
 * overhead}, {@code overhead_min}, {@code overhead_max} ((B − A) / A taken per repeat: median,
 * least, most), C rows {@code forwarding_us}, {@code forwarding_us_min}, {@code forwarding_us_max}
 * (C − B, likewise); the diagnostic rows apart. Run it with
 * {@code procshare loadgen table1}.
 */
public final class Table1Experiment {

    /** The experiment's name in results.json and on the command line. */
    public static final String NAME = "table1";
    /** Nodes it needs: the home and the forwarding node. */
    public static final int MIN_NODES = 2;
    /** Idle time before every timed call unless {@code --pause-us} says otherwise. */
    public static final long DEFAULT_PAUSE_US = 200;
    private static final int HOME = 0;
    private static final int REMOTE = 1;
    private static final long PID = 8_000_001;
    private static final long PAGE = 4096;
    private static final String SANDBOX = "A-sandbox";

    /** One way of issuing the calls; {@code shipping} is the switch set on both nodes before its rows. */
    private record Condition(String name, String shipping, FileCalls calls) {
        String label() {
            return name + "/" + shipping;
        }
    }

    private Table1Experiment() {
    }

    /** Runs the experiment on nodes 0 and 1 of {@code cluster}; returns its rows and its part of report.md. */
    public static Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
        if (cluster.size() < MIN_NODES) {
            throw new IllegalArgumentException(NAME + " needs " + MIN_NODES + " nodes, the cluster has " + cluster.size());
        }
        Path data = Files.createTempDirectory("procshare-table1");
        List<FileCalls> opened = new ArrayList<>();
        try {
            ProcshareNode home = cluster.node(HOME);
            ProcshareNode remote = cluster.node(REMOTE);

            GuestThread local = home.syscalls().startProcess(PID, ClientStreams.detached());
            long pages = local.memory().mmap(0, 2 * PAGE, Prot.RW, false);
            makeTree(home.syscalls().process(PID).files().sandboxPath());
            // attached after the mmap, so no timed call pays a map refresh
            GuestThread forwarding = remote.syscalls().attachThread(PID, home.identity().nodeId(), local.gtid());

            FileCalls hostCalls = closeLater(opened, new HostCalls(makeTree(data.resolve("host-a"))));
            FileCalls sandboxCalls = closeLater(opened, new SandboxCalls(makeTree(data.resolve("host-a-sandbox"))));
            FileCalls homeCalls = new GuestCalls(local, pages);
            FileCalls remoteCalls = new GuestCalls(forwarding, pages + PAGE);
            // two groups, each interleaved over every syscall: the home-local calls (compared with each other for
            // B - A) apart from the forwarded ones, whose event-bus and DSM traffic would spill into µs-scale host calls
            List<Condition> onHome = List.of(new Condition("A", "none", hostCalls), new Condition("B", "ship", homeCalls),
                    new Condition("B", "noship", homeCalls), new Condition(SANDBOX, "none", sandboxCalls));
            List<Condition> forwarded = List.of(new Condition("C", "ship", remoteCalls),
                    new Condition("C", "noship", remoteCalls));

            ProbeRunner runner = ProbeRunner.of(NAME, options, progress);
            List<Table1Row> homeRows = group(cluster, runner, options.runs(), "home-local A, B", onHome, null).rows();
            // the round trip C adds, in the same iterations as the forwarded calls
            ProbeRunner.Row echoRow = new ProbeRunner.Row("eventbus-16", "remote", new EchoProbe(cluster, REMOTE, HOME, 16));
            Group fwd = group(cluster, runner, options.runs(), "forwarded C", forwarded, echoRow);
            ProbeRunner.Repeated echo = fwd.extra();
            List<Table1Row> rows = new ArrayList<>();
            for (String op : Table1Probes.OPS) {
                homeRows.stream().filter(r -> r.op().equals(op) && !r.condition().equals(SANDBOX)).forEach(rows::add);
                fwd.rows().stream().filter(r -> r.op().equals(op)).forEach(rows::add);
            }
            List<Table1Row> diagnostics = homeRows.stream().filter(r -> r.condition().equals(SANDBOX)).toList();
            endProcess(local);

            List<JsonObject> json = new ArrayList<>(rows.stream().map(r -> Table1Report.toJson(r, rows)).toList());
            json.add(echo.all().toJson().put("shipping", "none").put("p50_runs", new JsonArray(echo.p50s())));
            // the CDF plot shows what forwarding costs: C with shipping on, and the round trip it rides on
            List<Cdf> cdfs = runner.cdfs().stream()
                    .filter(c -> c.condition().equals("C/ship") || c.op().equals("eventbus-16")).toList();
            return new Section(NAME, json, diagnostics.stream().map(Table1Row::toJson).toList(), List.of(), cdfs,
                    Table1Report.render(rows, diagnostics, echo.all()));
        } finally {
            for (int n = 0; n < cluster.size(); n++) {
                cluster.node(n).syscalls().setArgumentShipping(true); // the nodes' default again, for what runs next
            }
            opened.forEach(FileCalls::close);
            Experiments.deleteQuietly(NAME, data);
        }
    }

    /** The rows of one interleaved group, and the row of its extra probe (null without one). */
    private record Group(List<Table1Row> rows, ProbeRunner.Repeated extra) {
    }

    /**
     * Runs every Table-1 syscall under each of {@code conditions}, and {@code extra} if not null, all interleaved,
     * in {@code repeats} repeats.
     */
    private static Group group(LocalCluster cluster, ProbeRunner runner, int repeats, String title,
                               List<Condition> conditions, ProbeRunner.Row extra) throws Exception {
        List<ConditionProbe> probes = new ArrayList<>();
        List<ProbeRunner.Row> runs = new ArrayList<>();
        List<Table1Row> rows = new ArrayList<>();
        for (String op : Table1Probes.OPS) {
            for (Condition c : conditions) {
                ConditionProbe p = new ConditionProbe(cluster, HOME, c.shipping().equals("ship"), Table1Probes.of(op, c.calls()));
                probes.add(p);
                runs.add(new ProbeRunner.Row(op, c.label(), p));
            }
        }
        if (extra != null) {
            runs.add(extra);
        }
        List<ProbeRunner.Repeated> stats = runner.runInterleaved(title, runs, repeats);
        int i = 0;
        for (String op : Table1Probes.OPS) {
            for (Condition c : conditions) {
                rows.add(new Table1Row(op, c.name(), c.shipping(), stats.get(i).all(), stats.get(i).p50s(),
                        probes.get(i).homeFaultsPerIteration()));
                i++;
            }
        }
        return new Group(rows, extra != null ? stats.getLast() : null);
    }

    private static FileCalls closeLater(List<FileCalls> opened, FileCalls calls) {
        opened.add(calls);
        return calls;
    }

    /** Creates {@code root/a/b/c/d/e/file}; returns {@code root}. */
    private static Path makeTree(Path root) throws IOException {
        Files.createDirectories(root.resolve(FileCalls.DIRECTORY));
        Path file = root.resolve(FileCalls.FILE);
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        return root;
    }

    private static void endProcess(GuestThread main) {
        try {
            main.syscall(Sysno.EXIT_GROUP, 0);
        } catch (ThreadExitException expected) {
            // exit_group ends every thread of the process, this one first
        }
    }
}
