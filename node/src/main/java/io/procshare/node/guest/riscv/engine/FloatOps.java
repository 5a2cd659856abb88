package io.procshare.node.guest.riscv.engine;

import io.procshare.node.guest.riscv.Hart;
import io.procshare.node.guest.riscv.decode.Op;

/** The F and D register operations (loads and stores are the engine's), dispatched to {@link Fpu}. */
final class FloatOps {

    private FloatOps() {
    }

    static void execute(Hart h, Fpu fpu, int c, long[] x, long[] f) {
        int rd = (c >>> 8) & 31, rs1 = (c >>> 13) & 31, rs2 = (c >>> 18) & 31, rs3 = (c >>> 23) & 31, rm = c >>> 28;
        long a = f[rs1], b = f[rs2];
        switch (c & 0xff) {
            case Op.FADD_D -> f[rd] = fpu.addD(a, b, fpu.rm(rm));
            case Op.FSUB_D -> f[rd] = fpu.subD(a, b, fpu.rm(rm));
            case Op.FMUL_D -> f[rd] = fpu.mulD(a, b, fpu.rm(rm));
            case Op.FDIV_D -> f[rd] = fpu.divD(a, b, fpu.rm(rm));
            case Op.FSQRT_D -> f[rd] = fpu.sqrtD(a, fpu.rm(rm));
            case Op.FMADD_D -> f[rd] = fpu.fmaD(a, b, f[rs3], false, false, fpu.rm(rm));
            case Op.FMSUB_D -> f[rd] = fpu.fmaD(a, b, f[rs3], false, true, fpu.rm(rm));
            case Op.FNMSUB_D -> f[rd] = fpu.fmaD(a, b, f[rs3], true, false, fpu.rm(rm));
            case Op.FNMADD_D -> f[rd] = fpu.fmaD(a, b, f[rs3], true, true, fpu.rm(rm));
            case Op.FSGNJ_D -> f[rd] = Fpu.sgnjD(a, b, 0);
            case Op.FSGNJN_D -> f[rd] = Fpu.sgnjD(a, b, 1);
            case Op.FSGNJX_D -> f[rd] = Fpu.sgnjD(a, b, 2);
            case Op.FMIN_D -> f[rd] = fpu.minMaxD(a, b, false);
            case Op.FMAX_D -> f[rd] = fpu.minMaxD(a, b, true);
            case Op.FCVT_S_D -> f[rd] = fpu.dToS(a, fpu.rm(rm));
            case Op.FCVT_D_S -> f[rd] = fpu.sToD(a);
            case Op.FEQ_D -> setX(x, rd, fpu.compareD(a, b, 0));
            case Op.FLT_D -> setX(x, rd, fpu.compareD(a, b, 1));
            case Op.FLE_D -> setX(x, rd, fpu.compareD(a, b, 2));
            case Op.FCLASS_D -> setX(x, rd, Fpu.classifyD(a));
            case Op.FMV_X_D -> setX(x, rd, a);
            case Op.FMV_D_X -> f[rd] = x[rs1];
            case Op.FCVT_W_D -> setX(x, rd, fpu.toIntD(a, false, false, fpu.rm(rm)));
            case Op.FCVT_WU_D -> setX(x, rd, fpu.toIntD(a, true, false, fpu.rm(rm)));
            case Op.FCVT_L_D -> setX(x, rd, fpu.toIntD(a, false, true, fpu.rm(rm)));
            case Op.FCVT_LU_D -> setX(x, rd, fpu.toIntD(a, true, true, fpu.rm(rm)));
            case Op.FCVT_D_W -> f[rd] = fpu.fromIntD(x[rs1], false, false, fpu.rm(rm));
            case Op.FCVT_D_WU -> f[rd] = fpu.fromIntD(x[rs1], true, false, fpu.rm(rm));
            case Op.FCVT_D_L -> f[rd] = fpu.fromIntD(x[rs1], false, true, fpu.rm(rm));
            case Op.FCVT_D_LU -> f[rd] = fpu.fromIntD(x[rs1], true, true, fpu.rm(rm));

            case Op.FADD_S -> f[rd] = fpu.addS(a, b, fpu.rm(rm));
            case Op.FSUB_S -> f[rd] = fpu.subS(a, b, fpu.rm(rm));
            case Op.FMUL_S -> f[rd] = fpu.mulS(a, b, fpu.rm(rm));
            case Op.FDIV_S -> f[rd] = fpu.divS(a, b, fpu.rm(rm));
            case Op.FSQRT_S -> f[rd] = fpu.sqrtS(a, fpu.rm(rm));
            case Op.FMADD_S -> f[rd] = fpu.fmaS(a, b, f[rs3], false, false, fpu.rm(rm));
            case Op.FMSUB_S -> f[rd] = fpu.fmaS(a, b, f[rs3], false, true, fpu.rm(rm));
            case Op.FNMSUB_S -> f[rd] = fpu.fmaS(a, b, f[rs3], true, false, fpu.rm(rm));
            case Op.FNMADD_S -> f[rd] = fpu.fmaS(a, b, f[rs3], true, true, fpu.rm(rm));
            case Op.FSGNJ_S -> f[rd] = Fpu.sgnjS(a, b, 0);
            case Op.FSGNJN_S -> f[rd] = Fpu.sgnjS(a, b, 1);
            case Op.FSGNJX_S -> f[rd] = Fpu.sgnjS(a, b, 2);
            case Op.FMIN_S -> f[rd] = fpu.minMaxS(a, b, false);
            case Op.FMAX_S -> f[rd] = fpu.minMaxS(a, b, true);
            case Op.FEQ_S -> setX(x, rd, fpu.compareS(a, b, 0));
            case Op.FLT_S -> setX(x, rd, fpu.compareS(a, b, 1));
            case Op.FLE_S -> setX(x, rd, fpu.compareS(a, b, 2));
            case Op.FCLASS_S -> setX(x, rd, Fpu.classifyS(a));
            case Op.FMV_X_W -> setX(x, rd, (int) a);
            case Op.FMV_W_X -> f[rd] = Fpu.box(x[rs1] & 0xffffffffL);
            case Op.FCVT_W_S -> setX(x, rd, fpu.toIntS(a, false, false, fpu.rm(rm)));
            case Op.FCVT_WU_S -> setX(x, rd, fpu.toIntS(a, true, false, fpu.rm(rm)));
            case Op.FCVT_L_S -> setX(x, rd, fpu.toIntS(a, false, true, fpu.rm(rm)));
            case Op.FCVT_LU_S -> setX(x, rd, fpu.toIntS(a, true, true, fpu.rm(rm)));
            case Op.FCVT_S_W -> f[rd] = fpu.fromIntS(x[rs1], false, false, fpu.rm(rm));
            case Op.FCVT_S_WU -> f[rd] = fpu.fromIntS(x[rs1], true, false, fpu.rm(rm));
            case Op.FCVT_S_L -> f[rd] = fpu.fromIntS(x[rs1], false, true, fpu.rm(rm));
            case Op.FCVT_S_LU -> f[rd] = fpu.fromIntS(x[rs1], true, true, fpu.rm(rm));
            default -> throw new IllegalStateException("no floating-point op " + Op.name(c & 0xff));
        }
    }

    /** The operations whose result goes to an x register. */
    static boolean writesX(int op) {
        return switch (op) {
            case Op.FEQ_D, Op.FLT_D, Op.FLE_D, Op.FCLASS_D, Op.FMV_X_D, Op.FCVT_W_D, Op.FCVT_WU_D, Op.FCVT_L_D,
                    Op.FCVT_LU_D, Op.FEQ_S, Op.FLT_S, Op.FLE_S, Op.FCLASS_S, Op.FMV_X_W, Op.FCVT_W_S, Op.FCVT_WU_S,
                    Op.FCVT_L_S, Op.FCVT_LU_S -> true;
            default -> false;
        };
    }

    private static void setX(long[] x, int rd, long v) {
        if (rd != 0) {
            x[rd] = v;
        }
    }
}
