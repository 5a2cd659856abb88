package io.procshare.node.guest.riscv.engine;

/** EBREAK or C.EBREAK was executed (SIGTRAP, exit status 133). */
public final class BreakpointException extends GuestTrapException {

    public BreakpointException(long pc) {
        super(pc, String.format("breakpoint (ebreak) at pc 0x%x", pc));
    }

    @Override
    public int signal() {
        return 5;
    }
}
