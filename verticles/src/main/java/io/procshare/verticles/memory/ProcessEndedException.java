package io.procshare.verticles.memory;

/**
 * A guest thread touched the memory of a process that has ended (exit_group by another thread, a
 * kill, a crash): the thread must stop. Its front-end ends it quietly; the process's exit status
 * was already decided at the home.
 */
public final class ProcessEndedException extends RuntimeException {

    private final long pid;

    public ProcessEndedException(long pid, String node) {
        super("pid " + pid + " has ended: its memory on node " + node + " is released", null, false, false);
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }
}
