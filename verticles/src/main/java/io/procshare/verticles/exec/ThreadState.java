package io.procshare.verticles.exec;

/** Where a guest thread is, as the home's thread table knows it (DESIGN §6). */
public enum ThreadState {
    /** Running guest code on its node. */
    RUNNING,
    /** Inside a HOME syscall: its executor (or, on the home, the thread itself) is executing it, possibly blocked. */
    IN_SYSCALL,
    /** Ended by exit or exit_group; its executor is gone. */
    EXITED
}
