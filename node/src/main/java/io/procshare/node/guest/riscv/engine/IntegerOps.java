package io.procshare.node.guest.riscv.engine;

import io.procshare.node.guest.riscv.decode.Op;

/**
 * RV64M division (spec chapter 7.2): division by zero gives all ones (quotient) and the dividend
 * (remainder); the signed overflow MIN / -1 gives MIN and remainder 0; W forms work on the low 32
 * bits and sign-extend their 32-bit result.
 */
final class IntegerOps {

    private IntegerOps() {
    }

    static long divide(int op, long a, long b) {
        int ai = (int) a, bi = (int) b;
        return switch (op) {
            case Op.DIV -> b == 0 ? -1 : a / b; // Java's MIN / -1 is MIN, as RISC-V wants
            case Op.DIVU -> b == 0 ? -1 : Long.divideUnsigned(a, b);
            case Op.REM -> b == 0 ? a : a % b;
            case Op.REMU -> b == 0 ? a : Long.remainderUnsigned(a, b);
            case Op.DIVW -> bi == 0 ? -1 : ai / bi;
            case Op.DIVUW -> bi == 0 ? -1 : Integer.divideUnsigned(ai, bi);
            case Op.REMW -> bi == 0 ? ai : ai % bi;
            case Op.REMUW -> bi == 0 ? ai : Integer.remainderUnsigned(ai, bi);
            default -> throw new IllegalArgumentException(Op.name(op));
        };
    }
}
