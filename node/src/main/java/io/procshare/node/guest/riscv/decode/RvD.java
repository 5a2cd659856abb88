package io.procshare.node.guest.riscv.decode;

/**
 * RV64D: double precision. Same layout as F with fmt = 01 (decoded by {@link RvF}); FCVT.D.S is
 * funct5 01000 with rs2 = 0 (FCVT.S.D is the F table's, rs2 = 1).
 */
final class RvD {

    private RvD() {
    }

    static final RvF.Ops DOUBLE = new RvF.Ops(1, Op.FADD_D, Op.FSUB_D, Op.FMUL_D, Op.FDIV_D, Op.FSQRT_D, Op.FSGNJ_D,
            Op.FSGNJN_D, Op.FSGNJX_D, Op.FMIN_D, Op.FMAX_D, Op.FCVT_D_S, 0, Op.FCVT_W_D, Op.FCVT_WU_D, Op.FCVT_L_D,
            Op.FCVT_LU_D, Op.FMV_X_D, Op.FEQ_D, Op.FLT_D, Op.FLE_D, Op.FCLASS_D, Op.FCVT_D_W, Op.FCVT_D_WU, Op.FCVT_D_L,
            Op.FCVT_D_LU, Op.FMV_D_X, Op.FMADD_D, Op.FMSUB_D, Op.FNMSUB_D, Op.FNMADD_D);
}
