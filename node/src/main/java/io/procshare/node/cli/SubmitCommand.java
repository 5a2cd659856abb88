package io.procshare.node.cli;

import io.procshare.node.client.BridgeClient;
import io.procshare.node.guest.SubmitVerticle;
import io.procshare.verticles.exec.Placement;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code procshare submit [options] TASK [ARGS...]}: runs a process on the cluster, streams its
 * stdout and stderr here, and exits with its exit status. Everything after TASK goes to the task
 * untouched, options included ({@link ProcshareCli} parses this command with stop-at-positional).
 * Exit status 2 when the cluster refuses the submission, 1 when the client loses the process.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Run TASK as one process on the cluster, its threads placed over the nodes; stream its "
                + "stdout/stderr here and exit with its exit status (2: refused, 1: the client lost it).",
                "Tasks: matmul, montecarlo, wordcount, pipeline, clockcheck, mapchurn, syscheck, or a SharedTask class name. "
                        + "Arguments after TASK are the task's own: procshare submit --threads 3 matmul --size 64"})
final class SubmitCommand implements Callable<Integer> {

    /** Deadline of the kill a Ctrl-C sends. */
    static final int KILL_ON_INTERRUPT_MS = 2000;

    @Mixin
    NodeTarget target = new NodeTarget();

    @Option(names = "--threads", paramLabel = "N",
            description = "threads the task starts (1-" + SubmitVerticle.MAX_THREADS + ", default: 1)")
    int threads = 1;

    @Option(names = "--placement", paramLabel = "P",
            description = "spread (default), spread:NAME,NAME,..., pack, or a node name")
    String placement;

    @Option(names = "--home", paramLabel = "NAME", description = "node that homes the process (default: any)")
    String home;

    @Option(names = {"-q", "--quiet"}, description = "print only the process's own output")
    boolean quiet;

    @Option(names = "--show-threads", description = "print on stderr which node each thread ran on")
    boolean showThreads;

    @Parameters(index = "0", paramLabel = "TASK", description = "task name or class")
    String task;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the task's arguments, passed through as they are")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // what the client can check is checked here, before anything is sent (bad usage: exit 2)
        if (threads < 1 || threads > SubmitVerticle.MAX_THREADS) {
            throw new ParameterException(spec.commandLine(), "--threads: " + threads + " is not in 1.."
                    + SubmitVerticle.MAX_THREADS);
        }
        try {
            Placement.parse(placement);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--placement: " + e.getMessage());
        }
        PrintStream err = System.err;
        RemoteProcess.Request request = new RemoteProcess.Request(task, args, threads, placement, home);
        try (BridgeClient client = target.connect()) {
            RemoteProcess process;
            try {
                process = RemoteProcess.submit(client, request, RemoteProcess.Deadlines.DEFAULT);
            } catch (RemoteProcess.Refused e) {
                err.println("procshare: " + e.getMessage());
                return 2;
            }
            // before "started": whoever reads that may run `procshare kill PID` with this --dir at once
            CapabilityFile.write(target.dir, process.pid(), process.capability());
            if (!quiet) {
                err.println("procshare: pid " + process.pid() + " started on " + process.home());
            }
            Thread killer = killOnInterrupt(target, process);
            try {
                RemoteProcess.Exit exit = process.stream(SubmitCommand::write);
                CapabilityFile.delete(target.dir, process.pid());
                report(exit, process.pid(), err);
                return exit.status();
            } catch (RemoteProcess.ConnectionLost e) {
                err.println("procshare: " + e.getMessage());
                return 1;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(killer);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or ran: it does its own best
                }
            }
        }
    }

    private static void write(int stream, byte[] data) {
        PrintStream to = stream == 2 ? System.err : System.out;
        to.write(data, 0, data.length);
        to.flush();
    }

    private void report(RemoteProcess.Exit exit, long pid, PrintStream err) {
        System.out.flush();
        if (showThreads) {
            for (RemoteProcess.ThreadPlace t : exit.threads()) {
                err.println("procshare: thread " + t.gtid() + " ran on " + t.node());
            }
        }
        if (!exit.message().isEmpty()) {
            err.println("procshare: pid " + pid + " exited with status " + exit.status() + ": " + exit.message());
        } else if (exit.status() != 0 && !quiet) {
            err.println("procshare: pid " + pid + " exited with status " + exit.status());
        }
        err.flush();
    }

    /**
     * A Ctrl-C (or SIGTERM) ends this JVM; the hook asks the cluster to kill the process first,
     * over a connection of its own, and gives up after {@link #KILL_ON_INTERRUPT_MS}.
     */
    static Thread killOnInterrupt(NodeTarget target, RemoteProcess process) {
        Thread hook = new Thread(() -> {
            System.err.println("procshare: interrupted; killing pid " + process.pid());
            long t0 = System.nanoTime();
            try (BridgeClient c = target.connect(KILL_ON_INTERRUPT_MS / 2)) {
                int left = (int) Math.max(100, KILL_ON_INTERRUPT_MS - (System.nanoTime() - t0) / 1_000_000);
                c.request(SubmitVerticle.KILL, process.killRequest(), left);
                System.err.println("procshare: killed pid " + process.pid());
            } catch (RuntimeException e) {
                System.err.println("procshare: could not kill pid " + process.pid() + ": " + e.getMessage());
            }
        }, "procshare-kill-on-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }
}
