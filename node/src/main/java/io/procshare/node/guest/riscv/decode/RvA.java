package io.procshare.node.guest.riscv.decode;

import static io.procshare.node.guest.riscv.decode.Fields.*;

/**
 * RV64A: LR/SC and the AMOs, .W (funct3 010) and .D (011). aq/rl are accepted and ignored: the
 * engine maps every one onto a sequentially consistent access of HartMemory, which is at least as
 * strong. LR with rs2 != 0 is reserved.
 */
final class RvA {

    private RvA() {
    }

    static Insn amo(int b) {
        int f3 = funct3(b);
        if (f3 != 2 && f3 != 3) {
            return Insn.illegal(b, 4);
        }
        boolean d = f3 == 3;
        int op = switch (b >>> 27) {
            case 0x02 -> rs2(b) == 0 ? (d ? Op.LR_D : Op.LR_W) : -1;
            case 0x03 -> d ? Op.SC_D : Op.SC_W;
            case 0x01 -> d ? Op.AMOSWAP_D : Op.AMOSWAP_W;
            case 0x00 -> d ? Op.AMOADD_D : Op.AMOADD_W;
            case 0x04 -> d ? Op.AMOXOR_D : Op.AMOXOR_W;
            case 0x0c -> d ? Op.AMOAND_D : Op.AMOAND_W;
            case 0x08 -> d ? Op.AMOOR_D : Op.AMOOR_W;
            case 0x10 -> d ? Op.AMOMIN_D : Op.AMOMIN_W;
            case 0x14 -> d ? Op.AMOMAX_D : Op.AMOMAX_W;
            case 0x18 -> d ? Op.AMOMINU_D : Op.AMOMINU_W;
            case 0x1c -> d ? Op.AMOMAXU_D : Op.AMOMAXU_W;
            default -> -1;
        };
        return op < 0 ? Insn.illegal(b, 4) : Insn.r(op, rd(b), rs1(b), rs2(b), b);
    }
}
