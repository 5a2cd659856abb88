package io.procshare.verticles.syscall;

/**
 * The syscalls that act on the process as a whole rather than on a file, implemented at the home
 * by the control part ({@code exec.ProcessControl}); the {@link SyscallDispatcher} decodes their
 * arguments and calls these. Every method returns what Linux returns: a value or {@code -errno}.
 * Called from the executing thread (the caller's own thread on the home, else its executor); a
 * blocking call (futex WAIT) blocks only that thread.
 */
public interface ProcessCalls {

    /** The process's files, cwd and sandbox. */
    HostProcess files();

    /** futex(2): WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, with or without FUTEX_PRIVATE_FLAG. */
    long futex(long gtid, long uaddr, int op, int val, long timeout, long uaddr2, int val3);

    /** mmap(2), anonymous only. */
    long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    long munmap(long addr, long length);

    long mprotect(long addr, long length, int prot);

    long brk(long addr);

    /** madvise(2); MADV_DONTNEED zeroes the range. */
    long madvise(long addr, long length, int advice);

    /** exit(2): ends the thread's executor; returns 0 to the issuing node, which ends the thread. */
    long exit(long gtid, int status);

    /** exit_group(2): ends every executor of the process and closes its fds. */
    long exitGroup(long gtid, int status);

    /**
     * clone(2) of a thread, riscv64 argument order (flags, stack, parent_tid, tls, child_tid): the
     * child's tid, or -errno.
     */
    long clone(long gtid, long flags, long stack, long parentTid, long tls, long childTid);

    /** set_tid_address(2): remembers the clear-child-tid address; returns the caller's tid. */
    long setTidAddress(long gtid, long address);

    /** The process's signal actions and its threads' masks, robust lists and alternate stacks. */
    Signals signals();

    /** The process's resource limits (prlimit64). */
    ResourceLimits rlimits();

    /**
     * Sends {@code sig} (1..64) from thread {@code gtid} to thread {@code target} (tgkill, tkill), or
     * to the process when {@code processWide} (kill; {@code target} is ignored). A signal whose
     * action is to terminate ends the process with status 128 + sig. -ESRCH when {@code target} is
     * not a live thread of the process.
     */
    long signal(long gtid, long target, int sig, boolean processWide);

    /** Delivers a signal that {@code gtid} left pending and no longer blocks (after rt_sigprocmask). */
    void deliverPending(long gtid);

    /**
     * The process's memory as the home reads and writes it (the DSM), for the calls whose memory
     * depends on an argument (fcntl's lock commands, ioctl, prctl): they are not shipped.
     */
    GuestAccess memory();

    /**
     * CPUs the process may run on, as sched_getaffinity reports them: the cluster's nodes times the
     * home's online CPUs (a cluster of alike hosts), at least 1.
     */
    int cpus();

    /** Whether {@code gtid} is a live thread of the process (sched_*affinity's pid). */
    boolean isLiveThread(long gtid);

    /** The name of thread {@code gtid} (prctl PR_GET_NAME): 16 bytes, NUL-padded. */
    byte[] threadName(long gtid);

    /** Sets the name of thread {@code gtid} (prctl PR_SET_NAME): the first 15 bytes up to a NUL. */
    void setThreadName(long gtid, byte[] name);

    /** mremap(2) of an anonymous mapping: MREMAP_MAYMOVE, MREMAP_FIXED, MREMAP_DONTUNMAP. */
    long mremap(long oldAddress, long oldSize, long newSize, int flags, long newAddress);
}
