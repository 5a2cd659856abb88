package io.procshare.node.guest.riscv.decode;

import static io.procshare.node.guest.riscv.decode.Fields.*;

/**
 * Zicsr: CSRRW/S/C and their immediate forms on the CSRs a user-mode program has: fflags (0x001),
 * frm (0x002), fcsr (0x003), and the read-only counters cycle (0xC00), time (0xC01) and instret
 * (0xC02), which qemu-user also serves (Zicntr). Another CSR, or a write to a read-only one (CSRRW
 * always writes; CSRRS/C write unless rs1/uimm is 0), is an illegal instruction.
 */
final class RvZicsr {

    public static final int FFLAGS = 0x001, FRM = 0x002, FCSR = 0x003, CYCLE = 0xC00, TIME = 0xC01, INSTRET = 0xC02;

    private RvZicsr() {
    }

    private static final int[] OPS = {-1, Op.CSRRW, Op.CSRRS, Op.CSRRC, -1, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI};

    static Insn decode(int b) {
        int op = OPS[funct3(b)];
        int csr = b >>> 20;
        if (op < 0) {
            return Insn.illegal(b, 4);
        }
        boolean writes = op == Op.CSRRW || op == Op.CSRRWI || rs1(b) != 0;
        boolean ok = switch (csr) {
            case FFLAGS, FRM, FCSR -> true;
            case CYCLE, TIME, INSTRET -> !writes;
            default -> false;
        };
        return ok ? Insn.i(op, rd(b), rs1(b), csr, b) : Insn.illegal(b, 4);
    }
}
