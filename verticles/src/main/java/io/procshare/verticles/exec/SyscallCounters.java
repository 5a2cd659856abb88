package io.procshare.verticles.exec;

/** Names of the syscall unit's {@link io.procshare.verticles.NodeCounters}. */
public final class SyscallCounters {

    /** HOME syscalls this node sent to a remote home (condition C). */
    public static final String FORWARDED = "syscallsForwarded";
    /** HOME syscalls run directly by a thread on its home (condition B). */
    public static final String DIRECT = "syscallsDirect";
    /** Forwarded syscalls this home executed. */
    public static final String EXECUTED = "syscallsExecuted";
    /** Retried requests answered from the executor's last reply, not executed again. */
    public static final String REPLAYED = "syscallsReplayed";
    /** Requests this node re-sent after a deadline. */
    public static final String RESENT = "syscallsResent";
    /** Threads this home created by clone. */
    public static final String CLONES = "threadsCloned";
    /** Guest threads this node started (clone placed them here). */
    public static final String THREADS_STARTED = "threadsStarted";

    /** Latency of a forwarded syscall, from the request to the home's answer (timer with histogram). */
    public static final String FORWARD_LATENCY = "syscalls.forward.latency";

    private SyscallCounters() {
    }
}
