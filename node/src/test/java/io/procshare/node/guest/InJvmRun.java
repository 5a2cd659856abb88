package io.procshare.node.guest;

import io.procshare.codecs.ProcessExit;
import io.procshare.node.ProcshareNode;
import io.procshare.node.syscall.ThreeNodes;
import io.procshare.verticles.exec.Placement;
import io.procshare.verticles.syscall.ClientStreams;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Java shared task run on the in-JVM {@link ThreeNodes} cluster, homed on its node 0, with its
 * output and exit status as a client would see them.
 */
public final class InJvmRun implements ClientStreams {

    private static final AtomicLong PIDS = new AtomicLong(950_000);
    private static final Map<Long, InJvmRun> RUNS = new ConcurrentHashMap<>();
    private static final Map<ProcshareNode, Boolean> LISTENING = new ConcurrentHashMap<>();

    public final long pid;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();

    private InJvmRun(long pid) {
        this.pid = pid;
    }

    /** Starts {@code task} with {@code args}, asking for {@code threads} threads placed by {@code placement}. */
    public static InJvmRun start(ThreeNodes nodes, Class<? extends SharedTask> task, String placement, int threads, String... args) {
        ProcshareNode home = nodes.node(ThreeNodes.HOME);
        LISTENING.computeIfAbsent(home, h -> {
            h.syscalls().onProcessEnded(e -> {
                InJvmRun r = RUNS.remove(e.pid());
                if (r != null) {
                    r.exit.complete(e);
                }
            });
            return true;
        });
        InJvmRun run = new InJvmRun(PIDS.incrementAndGet());
        RUNS.put(run.pid, run);
        new JavaTaskRunner(home.syscalls()).start(run.pid, TaskCatalog.resolve(task.getName()), List.of(args), threads,
                Placement.parse(placement), run);
        return run;
    }

    /** Waits (at most a minute) for the process to end; returns its end notice. */
    public ProcessExit awaitExit() throws Exception {
        return exit.get(60, TimeUnit.SECONDS);
    }

    /** Waits (at most a minute) for the process to end; returns its exit status. */
    public int awaitStatus() throws Exception {
        return exit.get(60, TimeUnit.SECONDS).status();
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** Both streams, for assertion messages. */
    public String transcript() {
        return "stdout:\n" + out + "stderr:\n" + err;
    }

    @Override
    public long write(int stream, byte[] data) {
        (stream == STDOUT ? out : err).append(new String(data, StandardCharsets.UTF_8));
        return data.length;
    }

    @Override
    public long read(byte[] into) {
        return 0;
    }
}
