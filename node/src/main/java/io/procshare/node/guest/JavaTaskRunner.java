package io.procshare.node.guest;

import io.procshare.codecs.ThreadStart;
import io.procshare.verticles.exec.GuestLauncher;
import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.Placement;
import io.procshare.verticles.exec.SyscallService;
import io.procshare.verticles.exec.SyscallUnavailableException;
import io.procshare.verticles.exec.ThreadDescriptor;
import io.procshare.verticles.exec.ThreadExitException;
import io.procshare.verticles.memory.ProcessEndedException;
import io.procshare.verticles.memory.SegmentationFault;
import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.DsmAccess;
import io.procshare.verticles.syscall.Sysno;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java shared-task front-end of a node (DESIGN §7): starts a submitted task's main thread at
 * its home, and, as the node's {@link GuestLauncher}, the threads clone places here. Each guest
 * thread is a platform thread of its own, named {@code guest-<pid>-<gtid>}.
 *
 * <p>How a thread ends: main's return value is the process's exit status (exit_group); a spawned
 * thread's return value is stored in its control block for {@link Guest#join} and the thread
 * exits (exit). A guest segfault ends the process with 139, any other uncaught throwable with 1,
 * each with a line on the process's stderr. A thread whose process ended elsewhere stops quietly.
 */
public final class JavaTaskRunner implements GuestLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(JavaTaskRunner.class);
    /** Exit status of a process whose thread touched memory outside every mapping (128 + SIGSEGV). */
    public static final int SEGFAULT = 139;
    /** Exit status of a process whose thread threw. */
    public static final int CRASHED = 1;

    private final SyscallService syscalls;
    private final GuestNodes nodes;

    public JavaTaskRunner(SyscallService syscalls) {
        this.syscalls = syscalls;
        this.nodes = new GuestNodes(syscalls::clusterNodes);
    }

    @FunctionalInterface
    private interface Body {
        int run(Guest g) throws Exception;
    }

    /**
     * Starts process {@code pid} with this node as its home, running {@code task}'s main; returns
     * once the process exists (its main thread is starting). Blocks: not on an event loop.
     */
    public void start(long pid, TaskCatalog.Task task, List<String> args, int threads, Placement placement,
                      ClientStreams streams) {
        GuestThread main = syscalls.startProcess(pid, streams, task.name(), placement);
        String[] argv = args.toArray(String[]::new);
        run(main, true, g -> {
            g.initRuntime(threads);
            return task.newInstance().main(g, argv);
        });
    }

    @Override
    public void launch(ThreadStart start, GuestThread thread) {
        ThreadDescriptor d = ThreadDescriptor.read(new DsmAccess(thread.memory()), start.stackTop(), false);
        if (d == null || d.entry().isEmpty()) {
            throw new IllegalArgumentException("gtid " + start.gtid() + " of pid " + start.pid()
                    + " has no Java thread descriptor at its stack 0x" + Long.toHexString(start.stackTop()));
        }
        ThreadEntry entry = TaskCatalog.entry(d.entry());
        long control = start.childTidAddress();
        run(thread, false, g -> {
            // as glibc's child does first: set_tid_address at the home. It also confirms the thread: if its
            // clone gave up waiting for this start (EAGAIN), the home refuses it and it ends before running
            g.syscall(Sysno.SET_TID_ADDRESS, control);
            int status = entry.run(g, d.arg());
            if (control != 0) {
                g.writeIntVolatile(control + 8, status); // what join returns
            }
            return status;
        });
    }

    private void run(GuestThread t, boolean main, Body body) {
        Thread.ofPlatform().daemon().name("guest-" + t.pid() + "-" + t.gtid()).start(() -> {
            Guest g = null;
            try {
                g = new Guest(t, nodes);
                int status = body.run(g);
                g.releaseScratch();
                if (main) {
                    g.exitProcess(status);
                } else {
                    g.exitThread(status);
                }
            } catch (ThreadExitException | ProcessEndedException e) {
                LOG.debug("pid {} gtid {}: ended ({})", t.pid(), t.gtid(), e.getMessage());
            } catch (SyscallUnavailableException e) {
                // the home could not run a call (or is gone): end the process rather than leave a joiner waiting
                LOG.warn("pid {} gtid {}: {}", t.pid(), t.gtid(), e.getMessage());
                crash(g, t, CRASHED, "thread " + t.gtid() + " lost its system calls: " + e.getMessage());
            } catch (io.procshare.verticles.memory.PageUnavailableException e) {
                // a page whose only copy was on a lost node, or a home that no longer answers
                crash(g, t, CRASHED, "thread " + t.gtid() + " lost its memory: " + e.getMessage());
            } catch (SegmentationFault e) {
                crash(g, t, SEGFAULT, "Segmentation fault in thread " + t.gtid() + ": " + e.getMessage());
            } catch (Throwable e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                crash(g, t, CRASHED, "Exception in thread " + t.gtid() + " on node "
                        + (g == null ? t.memory().node() : g.nodeName()) + ": " + trace.toString().stripTrailing());
            }
        });
    }

    /** Reports a crash on the process's stderr and ends the process with {@code status}. */
    private void crash(Guest g, GuestThread t, int status, String report) {
        LOG.info("pid {} gtid {}: {}", t.pid(), t.gtid(), report.lines().findFirst().orElse(report));
        try {
            if (g != null) {
                g.eprintln(report);
            }
        } catch (RuntimeException e) {
            LOG.warn("pid {} gtid {}: could not write its crash report: {}", t.pid(), t.gtid(), e.toString());
        }
        try {
            t.syscall(Sysno.EXIT_GROUP, status);
        } catch (RuntimeException e) {
            LOG.debug("pid {} gtid {}: exit_group after a crash: {}", t.pid(), t.gtid(), e.toString());
        }
    }
}
