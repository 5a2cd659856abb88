package io.procshare.node.guest.riscv.decode;

import static io.procshare.node.guest.riscv.decode.Fields.*;

/**
 * RV64F: single precision. The OP-FP, fused multiply-add and FP load/store major opcodes carry a
 * format field; this class decodes both formats' shared layout, parameterised by the operation
 * table of the format ({@link #SINGLE} here, {@link RvD#DOUBLE} for D). A reserved rm (5, 6) is
 * illegal at decode time; the dynamic rm (7) is checked against frm when executed.
 */
final class RvF {

    private RvF() {
    }

    /** One format's operations, in the order the decoder needs them. */
    record Ops(int fmt, int add, int sub, int mul, int div, int sqrt, int sgnj, int sgnjn, int sgnjx, int min, int max,
            int cvtOther, int otherRs2, int cvtW, int cvtWu, int cvtL, int cvtLu, int mvX, int eq, int lt, int le,
            int fclass, int cvtFromW, int cvtFromWu, int cvtFromL, int cvtFromLu, int mvFromX, int madd, int msub,
            int nmsub, int nmadd) {
    }

    static final Ops SINGLE = new Ops(0, Op.FADD_S, Op.FSUB_S, Op.FMUL_S, Op.FDIV_S, Op.FSQRT_S, Op.FSGNJ_S, Op.FSGNJN_S,
            Op.FSGNJX_S, Op.FMIN_S, Op.FMAX_S, Op.FCVT_S_D, 1, Op.FCVT_W_S, Op.FCVT_WU_S, Op.FCVT_L_S, Op.FCVT_LU_S,
            Op.FMV_X_W, Op.FEQ_S, Op.FLT_S, Op.FLE_S, Op.FCLASS_S, Op.FCVT_S_W, Op.FCVT_S_WU, Op.FCVT_S_L, Op.FCVT_S_LU,
            Op.FMV_W_X, Op.FMADD_S, Op.FMSUB_S, Op.FNMSUB_S, Op.FNMADD_S);

    static Insn load(int b) {
        return switch (funct3(b)) {
            case 2 -> Insn.i(Op.FLW, rd(b), rs1(b), immI(b), b);
            case 3 -> Insn.i(Op.FLD, rd(b), rs1(b), immI(b), b);
            default -> Insn.illegal(b, 4);
        };
    }

    static Insn store(int b) {
        return switch (funct3(b)) {
            case 2 -> Insn.s(Op.FSW, rs1(b), rs2(b), immS(b), b);
            case 3 -> Insn.s(Op.FSD, rs1(b), rs2(b), immS(b), b);
            default -> Insn.illegal(b, 4);
        };
    }

    private static Ops ops(int b) {
        return switch ((b >>> 25) & 3) {
            case 0 -> SINGLE;
            case 1 -> RvD.DOUBLE;
            default -> null; // H and Q are not part of RV64GC
        };
    }

    /** MADD, MSUB, NMSUB, NMADD: which one is given by the major opcode's bits 3..2. */
    static Insn fused(int b) {
        Ops t = ops(b);
        int rm = funct3(b);
        if (t == null || !validRm(rm)) {
            return Insn.illegal(b, 4);
        }
        int op = switch ((b >>> 2) & 3) {
            case 0 -> t.madd();
            case 1 -> t.msub();
            case 2 -> t.nmsub();
            default -> t.nmadd();
        };
        return new Insn(op, rd(b), rs1(b), rs2(b), rs3(b), rm, 0, 4, b);
    }

    static Insn opFp(int b) {
        Ops t = ops(b);
        if (t == null) {
            return Insn.illegal(b, 4);
        }
        int rm = funct3(b), rs2 = rs2(b);
        int op;
        boolean usesRm = false;
        switch (b >>> 27) {
            case 0x00 -> { op = t.add(); usesRm = true; }
            case 0x01 -> { op = t.sub(); usesRm = true; }
            case 0x02 -> { op = t.mul(); usesRm = true; }
            case 0x03 -> { op = t.div(); usesRm = true; }
            case 0x0b -> { op = rs2 == 0 ? t.sqrt() : -1; usesRm = true; }
            case 0x04 -> op = rm == 0 ? t.sgnj() : rm == 1 ? t.sgnjn() : rm == 2 ? t.sgnjx() : -1;
            case 0x05 -> op = rm == 0 ? t.min() : rm == 1 ? t.max() : -1;
            case 0x08 -> { op = rs2 == t.otherRs2() ? t.cvtOther() : -1; usesRm = true; }
            case 0x14 -> op = rm == 2 ? t.eq() : rm == 1 ? t.lt() : rm == 0 ? t.le() : -1;
            case 0x18 -> { op = rs2 == 0 ? t.cvtW() : rs2 == 1 ? t.cvtWu() : rs2 == 2 ? t.cvtL() : rs2 == 3 ? t.cvtLu() : -1; usesRm = true; }
            case 0x1a -> { op = rs2 == 0 ? t.cvtFromW() : rs2 == 1 ? t.cvtFromWu() : rs2 == 2 ? t.cvtFromL() : rs2 == 3 ? t.cvtFromLu() : -1; usesRm = true; }
            case 0x1c -> op = rs2 != 0 ? -1 : rm == 0 ? t.mvX() : rm == 1 ? t.fclass() : -1;
            case 0x1e -> op = rs2 == 0 && rm == 0 ? t.mvFromX() : -1;
            default -> op = -1;
        }
        if (op < 0 || (usesRm && !validRm(rm))) {
            return Insn.illegal(b, 4);
        }
        return new Insn(op, rd(b), rs1(b), rs2, 0, usesRm ? rm : 0, 0, 4, b);
    }
}
