package io.procshare.verticles.syscall;

/**
 * Where a system call runs (DESIGN §6, forwarding part).
 */
public enum Route {
    /** Runs on the node of the calling thread: it reads no process-wide state (gettid, clock_gettime, ...). */
    LOCAL,
    /**
     * Runs at the process's home: it touches process state (fds, cwd, memory map, futex queues,
     * threads). Issued on the home it runs directly (the paper's condition B); elsewhere it is
     * forwarded as one execution request (condition C).
     */
    HOME
}
