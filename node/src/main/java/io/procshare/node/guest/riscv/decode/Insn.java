package io.procshare.node.guest.riscv.decode;

/**
 * One decoded instruction: the operation ({@link Op}), its register numbers, immediate, rounding
 * mode and length. Immutable; decoding never depends on the pc, so the engine may cache it.
 *
 * @param op     an {@link Op} constant ({@link Op#ILLEGAL} for an encoding that is reserved or not
 *               part of RV64IMAFDC + Zicsr + Zifencei: it traps only when executed)
 * @param rd     destination register (x or f, per op)
 * @param rs1    first source; the 5-bit immediate of CSRR*I
 * @param rs2    second source
 * @param rs3    third source of the fused multiply-adds
 * @param rm     rounding mode field (7 = dynamic, from frm)
 * @param imm    sign-extended immediate: offset, shift amount, CSR number, or the upper immediate
 * @param length 2 (compressed) or 4 bytes
 * @param bits   the raw encoding, for error messages
 */
public record Insn(int op, int rd, int rs1, int rs2, int rs3, int rm, long imm, int length, int bits) {

    public static Insn illegal(int bits, int length) {
        return new Insn(Op.ILLEGAL, 0, 0, 0, 0, 0, 0, length, bits);
    }

    static Insn r(int op, int rd, int rs1, int rs2, int bits) {
        return new Insn(op, rd, rs1, rs2, 0, 0, 0, 4, bits);
    }

    static Insn i(int op, int rd, int rs1, long imm, int bits) {
        return new Insn(op, rd, rs1, 0, 0, 0, imm, 4, bits);
    }

    static Insn s(int op, int rs1, int rs2, long imm, int bits) {
        return new Insn(op, 0, rs1, rs2, 0, 0, imm, 4, bits);
    }

    /** The same operation as a 2-byte compressed instruction. */
    Insn compressed(int bits16) {
        return new Insn(op, rd, rs1, rs2, rs3, rm, imm, 2, bits16);
    }

    @Override
    public String toString() {
        return Op.name(op) + " rd=" + rd + " rs1=" + rs1 + " rs2=" + rs2 + (rs3 != 0 ? " rs3=" + rs3 : "") + " imm=" + imm
                + (rm != 0 ? " rm=" + rm : "") + String.format(" (%0" + (length * 2) + "x)", bits);
    }
}
