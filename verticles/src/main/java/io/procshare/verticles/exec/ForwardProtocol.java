package io.procshare.verticles.exec;

/**
 * Addresses, flags and failure codes of syscall forwarding between an issuing node and the home
 * (DESIGN §6).
 */
public final class ForwardProtocol {

    /** Per-node service that executes forwarded requests: {@code SyscallRequest} in, {@code SyscallReply} out. */
    public static final String SYSCALL = "syscall";
    /**
     * Per-node creator service: {@code ThreadCreated} in (gtid 0 asks the home to allocate one; the
     * reply is the {@code ThreadCreated} with the gtid), {@code ThreadExit} in.
     */
    public static final String THREADS = "threads";

    /** Request flag: the input was shipped and the output must be shipped back (argument shipping on). */
    public static final int SHIPPED = 1;
    /**
     * Request flag: the last input is not guest memory but the caller's CPU context (a clone of a
     * riscv64 thread: its registers, which the child starts from). Its address is 0.
     */
    public static final int CONTEXT = 2;

    /** Failure: the request is running; a newer retry of it will get the reply. Proof that the home is alive. */
    public static final int IN_PROGRESS = 102;
    /** Failure: no such process or thread at this home. */
    public static final int NO_SUCH_THREAD = 404;
    /** Failure: a duplicate of a request the issuer no longer waits for. */
    public static final int STALE = 409;
    /** Failure: the process (exit_group) or the thread (exit) has exited. */
    public static final int EXITED = 410;
    /** Failure: the home could not execute the call (its memory or files failed); the message says why. */
    public static final int HOME_ERROR = 500;

    private ForwardProtocol() {
    }
}
