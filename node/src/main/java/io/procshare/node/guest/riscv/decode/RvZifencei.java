package io.procshare.node.guest.riscv.decode;

import static io.procshare.node.guest.riscv.decode.Fields.*;

/** Zifencei: FENCE.I (its imm, rs1 and rd fields are reserved for future use and ignored, as qemu does). */
final class RvZifencei {

    private RvZifencei() {
    }

    static Insn fenceI(int b) {
        return Insn.i(Op.FENCE_I, 0, 0, 0, b);
    }
}
