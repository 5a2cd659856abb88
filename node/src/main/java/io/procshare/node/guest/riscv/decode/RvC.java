package io.procshare.node.guest.riscv.decode;

import java.util.function.IntFunction;

/**
 * RV64C: every 16-bit form, expanded to the operation of its 32-bit equivalent (unprivileged spec,
 * chapter 16, RVC opcode map for RV64). Reserved encodings (C.ADDI4SPN with imm 0, C.ADDIW with
 * rd 0, C.ADDI16SP/C.LUI with imm 0, C.LWSP/C.LDSP with rd 0, C.JR with rs1 0, the reserved
 * CA and quadrant-0 slots, the all-zero halfword) are illegal; HINTs (C.NOP with imm, C.LI/C.LUI/
 * C.MV/C.ADD/C.SLLI with rd 0, shifts by 0) execute as no-ops. On RV64 funct3 001 of quadrant 1 is
 * C.ADDIW, not C.JAL.
 */
final class RvC {

    private RvC() {
    }

    /** Indexed by quadrant (bits 1..0) * 8 + funct3 (bits 15..13). */
    private static final IntFunction<Insn>[] TABLE = table();

    @SuppressWarnings("unchecked")
    private static IntFunction<Insn>[] table() {
        IntFunction<Insn>[] t = new IntFunction[24];
        t[0] = RvC::addi4spn;
        t[1] = b -> load(Op.FLD, b, uimmD(b));
        t[2] = b -> load(Op.LW, b, uimmW(b));
        t[3] = b -> load(Op.LD, b, uimmD(b));
        t[4] = b -> Insn.illegal(b, 2);
        t[5] = b -> store(Op.FSD, b, uimmD(b));
        t[6] = b -> store(Op.SW, b, uimmW(b));
        t[7] = b -> store(Op.SD, b, uimmD(b));
        t[8] = RvC::addi;
        t[9] = RvC::addiw;
        t[10] = RvC::li;
        t[11] = RvC::luiAddi16sp;
        t[12] = RvC::arith;
        t[13] = b -> c(Op.JAL, 0, 0, 0, immJ(b), b);
        t[14] = b -> c(Op.BEQ, 0, 8 + ((b >>> 7) & 7), 0, immB(b), b);
        t[15] = b -> c(Op.BNE, 0, 8 + ((b >>> 7) & 7), 0, immB(b), b);
        t[16] = RvC::slli;
        t[17] = b -> c(Op.FLD, rd(b), 2, 0, uimmSpD(b), b);
        t[18] = b -> rd(b) == 0 ? Insn.illegal(b, 2) : c(Op.LW, rd(b), 2, 0, uimmSpW(b), b);
        t[19] = b -> rd(b) == 0 ? Insn.illegal(b, 2) : c(Op.LD, rd(b), 2, 0, uimmSpD(b), b);
        t[20] = RvC::jrMvAdd;
        t[21] = b -> c(Op.FSD, 0, 2, rs2(b), ssD(b), b);
        t[22] = b -> c(Op.SW, 0, 2, rs2(b), ssW(b), b);
        t[23] = b -> c(Op.SD, 0, 2, rs2(b), ssD(b), b);
        return t;
    }

    static Insn decode(int b) {
        if (b == 0) {
            return Insn.illegal(0, 2);
        }
        return TABLE[(b & 3) * 8 + ((b >>> 13) & 7)].apply(b);
    }

    private static Insn c(int op, int rd, int rs1, int rs2, long imm, int b) {
        return new Insn(op, rd, rs1, rs2, 0, 0, imm, 2, b);
    }

    private static Insn nop(int b) {
        return c(Op.NOP, 0, 0, 0, 0, b);
    }

    private static int bit(int b, int i) {
        return (b >>> i) & 1;
    }

    private static int rd(int b) {
        return (b >>> 7) & 31;
    }

    private static int rs2(int b) {
        return (b >>> 2) & 31;
    }

    private static int rdp(int b) {
        return 8 + ((b >>> 2) & 7);
    }

    private static int rs1p(int b) {
        return 8 + ((b >>> 7) & 7);
    }

    /** The 6-bit signed immediate of CI: imm[5] = bit 12, imm[4:0] = bits 6..2. */
    private static long imm6(int b) {
        return (long) (((b >>> 2) & 31) | (bit(b, 12) << 5)) << 58 >> 58;
    }

    private static int shamt(int b) {
        return ((b >>> 2) & 31) | (bit(b, 12) << 5);
    }

    private static long uimmW(int b) {
        return (((b >>> 10) & 7) << 3) | (bit(b, 6) << 2) | (bit(b, 5) << 6);
    }

    private static long uimmD(int b) {
        return (((b >>> 10) & 7) << 3) | (((b >>> 5) & 3) << 6);
    }

    private static long uimmSpW(int b) {
        return (bit(b, 12) << 5) | (((b >>> 4) & 7) << 2) | (((b >>> 2) & 3) << 6);
    }

    private static long uimmSpD(int b) {
        return (bit(b, 12) << 5) | (((b >>> 5) & 3) << 3) | (((b >>> 2) & 7) << 6);
    }

    private static long ssW(int b) {
        return (((b >>> 9) & 15) << 2) | (((b >>> 7) & 3) << 6);
    }

    private static long ssD(int b) {
        return (((b >>> 10) & 7) << 3) | (((b >>> 7) & 7) << 6);
    }

    private static long immJ(int b) {
        int v = (bit(b, 12) << 11) | (bit(b, 11) << 4) | (((b >>> 9) & 3) << 8) | (bit(b, 8) << 10) | (bit(b, 7) << 6)
                | (bit(b, 6) << 7) | (((b >>> 3) & 7) << 1) | (bit(b, 2) << 5);
        return (long) v << 52 >> 52;
    }

    private static long immB(int b) {
        int v = (bit(b, 12) << 8) | (((b >>> 10) & 3) << 3) | (((b >>> 5) & 3) << 6) | (((b >>> 3) & 3) << 1)
                | (bit(b, 2) << 5);
        return (long) v << 55 >> 55;
    }

    private static Insn load(int op, int b, long imm) {
        return c(op, rdp(b), rs1p(b), 0, imm, b);
    }

    private static Insn store(int op, int b, long imm) {
        return c(op, 0, rs1p(b), rdp(b), imm, b);
    }

    private static Insn addi4spn(int b) {
        long imm = (((b >>> 11) & 3) << 4) | (((b >>> 7) & 15) << 6) | (bit(b, 6) << 2) | (bit(b, 5) << 3);
        return imm == 0 ? Insn.illegal(b, 2) : c(Op.ADDI, rdp(b), 2, 0, imm, b);
    }

    private static Insn addi(int b) {
        int rd = rd(b);
        return rd == 0 ? nop(b) : c(Op.ADDI, rd, rd, 0, imm6(b), b);
    }

    private static Insn addiw(int b) {
        int rd = rd(b);
        return rd == 0 ? Insn.illegal(b, 2) : c(Op.ADDIW, rd, rd, 0, imm6(b), b);
    }

    private static Insn li(int b) {
        int rd = rd(b);
        return rd == 0 ? nop(b) : c(Op.ADDI, rd, 0, 0, imm6(b), b);
    }

    private static Insn luiAddi16sp(int b) {
        int rd = rd(b);
        if (rd == 2) {
            int v = (bit(b, 12) << 9) | (bit(b, 6) << 4) | (bit(b, 5) << 6) | (((b >>> 3) & 3) << 7) | (bit(b, 2) << 5);
            long imm = (long) v << 54 >> 54;
            return imm == 0 ? Insn.illegal(b, 2) : c(Op.ADDI, 2, 2, 0, imm, b);
        }
        long imm = imm6(b) << 12;
        if (imm == 0) {
            return Insn.illegal(b, 2);
        }
        return rd == 0 ? nop(b) : c(Op.LUI, rd, 0, 0, imm, b);
    }

    private static Insn arith(int b) {
        int rd = rs1p(b);
        switch ((b >>> 10) & 3) {
            case 0:
                return shamt(b) == 0 ? nop(b) : c(Op.SRLI, rd, rd, 0, shamt(b), b);
            case 1:
                return shamt(b) == 0 ? nop(b) : c(Op.SRAI, rd, rd, 0, shamt(b), b);
            case 2:
                return c(Op.ANDI, rd, rd, 0, imm6(b), b);
            default:
                int rs2 = rdp(b);
                int f = (b >>> 5) & 3;
                if (bit(b, 12) == 0) {
                    int op = f == 0 ? Op.SUB : f == 1 ? Op.XOR : f == 2 ? Op.OR : Op.AND;
                    return c(op, rd, rd, rs2, 0, b);
                }
                return f == 0 ? c(Op.SUBW, rd, rd, rs2, 0, b) : f == 1 ? c(Op.ADDW, rd, rd, rs2, 0, b) : Insn.illegal(b, 2);
        }
    }

    private static Insn slli(int b) {
        int rd = rd(b);
        return rd == 0 || shamt(b) == 0 ? nop(b) : c(Op.SLLI, rd, rd, 0, shamt(b), b);
    }

    private static Insn jrMvAdd(int b) {
        int rd = rd(b), rs2 = rs2(b);
        if (bit(b, 12) == 0) {
            if (rs2 == 0) {
                return rd == 0 ? Insn.illegal(b, 2) : c(Op.JALR, 0, rd, 0, 0, b);
            }
            return rd == 0 ? nop(b) : c(Op.ADD, rd, 0, rs2, 0, b);
        }
        if (rs2 == 0) {
            return rd == 0 ? c(Op.EBREAK, 0, 0, 0, 0, b) : c(Op.JALR, 1, rd, 0, 0, b);
        }
        return rd == 0 ? nop(b) : c(Op.ADD, rd, rd, rs2, 0, b);
    }
}
