package io.procshare.node.guest.riscv;

import io.procshare.node.guest.riscv.engine.BlockCache;
import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.syscall.Sysno;

/**
 * ECALL of a riscv64 hart (DESIGN §7, ecall): a7 and a0-a5 to the syscall control unit, the
 * result to a0. The calls route as every guest's do (LOCAL, or HOME at the home or forwarded);
 * clone also carries the caller's registers, from which the child starts on the node the
 * placement policy picks.
 */
final class RiscvEcalls implements EcallHandler {

    /** riscv_flush_icache(2) (riscv64's own number; glibc's __riscv_flush_icache). */
    static final int RISCV_FLUSH_ICACHE = 259;

    private final GuestThread thread;
    private final BlockCache cache;

    RiscvEcalls(GuestThread thread, BlockCache cache) {
        this.thread = thread;
        this.cache = cache;
    }

    @Override
    public void ecall(Hart h) {
        long[] x = h.x;
        int nr = (int) x[Hart.A7];
        long ret;
        if (nr == RISCV_FLUSH_ICACHE) {
            // as FENCE.I: this node's decoded blocks go (another node's blocks of a page written here are
            // not flushed: code written on one node and run on another is not supported; docs/riscv-engine.md)
            cache.flush();
            ret = 0;
        } else if (nr == Sysno.CLONE) {
            // the engine set pc past the ecall: the child resumes there, as the parent does
            ret = thread.cloneThread(h.context(), x[Hart.A0], x[Hart.A1], x[Hart.A2], x[Hart.A3], x[Hart.A4]);
        } else {
            ret = thread.syscall(nr, x[Hart.A0], x[Hart.A1], x[Hart.A2], x[Hart.A3], x[Hart.A4], x[Hart.A5]);
        }
        x[Hart.A0] = ret;
    }
}
