package io.procshare.node.guest.riscv.decode;

import static io.procshare.node.guest.riscv.decode.Fields.*;

/**
 * RV64I: LUI, AUIPC, JAL, JALR, branches, loads, stores, the immediate and register ALU operations
 * and their 32-bit W forms, FENCE, ECALL, EBREAK. An ALU operation writing x0 is a HINT and decodes
 * to {@link Op#NOP}.
 */
final class RvI {

    private RvI() {
    }

    private static Insn alu(int op, int rd, int rs1, int rs2, long imm, int bits) {
        if (rd == 0) {
            return new Insn(Op.NOP, 0, 0, 0, 0, 0, 0, 4, bits);
        }
        return new Insn(op, rd, rs1, rs2, 0, 0, imm, 4, bits);
    }

    static Insn lui(int b) {
        return alu(Op.LUI, rd(b), 0, 0, immU(b), b);
    }

    static Insn auipc(int b) {
        return alu(Op.AUIPC, rd(b), 0, 0, immU(b), b);
    }

    static Insn jal(int b) {
        return Insn.i(Op.JAL, rd(b), 0, immJ(b), b);
    }

    static Insn jalr(int b) {
        return funct3(b) == 0 ? Insn.i(Op.JALR, rd(b), rs1(b), immI(b), b) : Insn.illegal(b, 4);
    }

    private static final int[] BRANCH = {Op.BEQ, Op.BNE, -1, -1, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU};

    static Insn branch(int b) {
        int op = BRANCH[funct3(b)];
        return op < 0 ? Insn.illegal(b, 4) : Insn.s(op, rs1(b), rs2(b), immB(b), b);
    }

    private static final int[] LOAD = {Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU, -1};

    static Insn load(int b) {
        int op = LOAD[funct3(b)];
        return op < 0 ? Insn.illegal(b, 4) : Insn.i(op, rd(b), rs1(b), immI(b), b);
    }

    private static final int[] STORE = {Op.SB, Op.SH, Op.SW, Op.SD, -1, -1, -1, -1};

    static Insn store(int b) {
        int op = STORE[funct3(b)];
        return op < 0 ? Insn.illegal(b, 4) : Insn.s(op, rs1(b), rs2(b), immS(b), b);
    }

    static Insn opImm(int b) {
        int rd = rd(b), rs1 = rs1(b);
        long imm = immI(b);
        return switch (funct3(b)) {
            case 0 -> alu(Op.ADDI, rd, rs1, 0, imm, b);
            case 2 -> alu(Op.SLTI, rd, rs1, 0, imm, b);
            case 3 -> alu(Op.SLTIU, rd, rs1, 0, imm, b);
            case 4 -> alu(Op.XORI, rd, rs1, 0, imm, b);
            case 6 -> alu(Op.ORI, rd, rs1, 0, imm, b);
            case 7 -> alu(Op.ANDI, rd, rs1, 0, imm, b);
            case 1 -> (b >>> 26) == 0 ? alu(Op.SLLI, rd, rs1, 0, imm & 63, b) : Insn.illegal(b, 4);
            case 5 -> switch (b >>> 26) {
                case 0 -> alu(Op.SRLI, rd, rs1, 0, imm & 63, b);
                case 0x10 -> alu(Op.SRAI, rd, rs1, 0, imm & 63, b);
                default -> Insn.illegal(b, 4);
            };
            default -> throw new AssertionError();
        };
    }

    static Insn opImm32(int b) {
        int rd = rd(b), rs1 = rs1(b);
        return switch (funct3(b)) {
            case 0 -> alu(Op.ADDIW, rd, rs1, 0, immI(b), b);
            case 1 -> funct7(b) == 0 ? alu(Op.SLLIW, rd, rs1, 0, rs2(b), b) : Insn.illegal(b, 4);
            case 5 -> switch (funct7(b)) {
                case 0 -> alu(Op.SRLIW, rd, rs1, 0, rs2(b), b);
                case 0x20 -> alu(Op.SRAIW, rd, rs1, 0, rs2(b), b);
                default -> Insn.illegal(b, 4);
            };
            default -> Insn.illegal(b, 4);
        };
    }

    private static final int[] OP_0 = {Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND};
    private static final int[] OP_32 = {Op.SUB, -1, -1, -1, -1, Op.SRA, -1, -1};
    private static final int[] OPW_0 = {Op.ADDW, Op.SLLW, -1, -1, -1, Op.SRLW, -1, -1};
    private static final int[] OPW_32 = {Op.SUBW, -1, -1, -1, -1, Op.SRAW, -1, -1};

    static Insn op(int b) {
        int f7 = funct7(b);
        int op = switch (f7) {
            case 0 -> OP_0[funct3(b)];
            case 0x20 -> OP_32[funct3(b)];
            case 1 -> RvM.op(funct3(b));
            default -> -1;
        };
        return op < 0 ? Insn.illegal(b, 4) : alu(op, rd(b), rs1(b), rs2(b), 0, b);
    }

    static Insn op32(int b) {
        int op = switch (funct7(b)) {
            case 0 -> OPW_0[funct3(b)];
            case 0x20 -> OPW_32[funct3(b)];
            case 1 -> RvM.op32(funct3(b));
            default -> -1;
        };
        return op < 0 ? Insn.illegal(b, 4) : alu(op, rd(b), rs1(b), rs2(b), 0, b);
    }

    /** MISC-MEM: FENCE (every pred/succ/fm combination is one full fence here) and FENCE.I. */
    static Insn miscMem(int b) {
        return switch (funct3(b)) {
            case 0 -> Insn.i(Op.FENCE, 0, 0, 0, b);
            case 1 -> RvZifencei.fenceI(b);
            default -> Insn.illegal(b, 4);
        };
    }

    /** SYSTEM: ECALL, EBREAK and the Zicsr instructions; the privileged ones are illegal in user mode. */
    static Insn system(int b) {
        if (funct3(b) == 0) {
            if (b == 0x00000073) {
                return Insn.i(Op.ECALL, 0, 0, 0, b);
            }
            if (b == 0x00100073) {
                return Insn.i(Op.EBREAK, 0, 0, 0, b);
            }
            return Insn.illegal(b, 4);
        }
        return RvZicsr.decode(b);
    }
}
