package io.procshare.node.guest.riscv.decode;

/** RV64M: multiply and divide, selected by funct3 under funct7 = 0000001 of OP and OP-32. */
final class RvM {

    private RvM() {
    }

    private static final int[] OP = {Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU};
    private static final int[] OP32 = {Op.MULW, -1, -1, -1, Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW};

    static int op(int funct3) {
        return OP[funct3];
    }

    static int op32(int funct3) {
        return OP32[funct3];
    }
}
