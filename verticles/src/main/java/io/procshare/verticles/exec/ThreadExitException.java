package io.procshare.verticles.exec;

/**
 * The guest thread has ended: it called exit or exit_group, or another thread of its process
 * called exit_group. The front-end must stop running this thread's guest code (a Java task:
 * unwind; riscv64: stop interpreting) and not issue further syscalls for it.
 */
public final class ThreadExitException extends RuntimeException {

    private final long pid;
    private final long gtid;
    private final int status;
    private final boolean group;

    public ThreadExitException(long pid, long gtid, int status, boolean group) {
        super("pid " + pid + " gtid " + gtid + ": " + (group ? "process exited" : "thread exited") + " with status " + status
                + "; stop this guest thread", null, false, false);
        this.pid = pid;
        this.gtid = gtid;
        this.status = status;
        this.group = group;
    }

    public long pid() {
        return pid;
    }

    public long gtid() {
        return gtid;
    }

    public int status() {
        return status;
    }

    /** True for exit_group (the whole process ended), false for exit (this thread only). */
    public boolean group() {
        return group;
    }
}
