package io.procshare.node.guest.riscv.engine;

/**
 * An illegal, reserved or unsupported instruction was executed (SIGILL, exit status 132): the
 * message names the pc and the encoding. Not retryable: the program is wrong for RV64IMAFDC.
 */
public final class IllegalInstructionException extends GuestTrapException {

    private final int bits;
    private final String reason;

    public IllegalInstructionException(long pc, int bits, String reason) {
        super(pc, String.format("illegal instruction 0x%08x at pc 0x%x%s", bits, pc, reason.isEmpty() ? "" : ": " + reason));
        this.bits = bits;
        this.reason = reason;
    }

    /** Why it is illegal when the encoding alone does not say (a reserved frm), else empty. */
    public String reason() {
        return reason;
    }

    public int bits() {
        return bits;
    }

    @Override
    public int signal() {
        return 4;
    }
}
