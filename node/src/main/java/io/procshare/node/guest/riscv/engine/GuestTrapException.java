package io.procshare.node.guest.riscv.engine;

/**
 * A synchronous trap that ends the guest thread with a signal's default action (DESIGN §7,
 * signals): the front-end reports {@link #signal()} and exits the process with 128 + signal.
 * The hart's pc is left at the trapping instruction.
 */
public abstract sealed class GuestTrapException extends RuntimeException
        permits IllegalInstructionException, BreakpointException, MisalignedAtomicException {

    private final long pc;

    GuestTrapException(long pc, String message) {
        super(message);
        this.pc = pc;
    }

    /** The address of the trapping instruction (-1 while the engine has not filled it in). */
    public long pc() {
        return pc;
    }

    /** The Linux signal number of the default action: SIGILL 4, SIGTRAP 5, SIGBUS 7. */
    public abstract int signal();

    /** The exit status of a process killed by the signal, as a shell reports it. */
    public int exitStatus() {
        return 128 + signal();
    }
}
