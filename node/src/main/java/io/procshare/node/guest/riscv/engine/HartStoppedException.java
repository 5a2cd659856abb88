package io.procshare.node.guest.riscv.engine;

/**
 * The hart stopped because another thread asked ({@code Hart.stopRequested}: exit_group, a kill):
 * not a trap of its own. Its pc is the next instruction it would have run.
 */
public final class HartStoppedException extends RuntimeException {

    private final long pc;

    public HartStoppedException(long pc) {
        super(String.format("hart stopped at pc 0x%x", pc), null, false, false);
        this.pc = pc;
    }

    public long pc() {
        return pc;
    }
}
