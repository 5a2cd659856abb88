package io.procshare.node.guest.riscv.decode;

/**
 * The operations of RV64IMAFDC + Zicsr + Zifencei as small ints (a compressed instruction decodes
 * to the operation it expands to). Ints, not an enum, so the engine's switch is a plain tableswitch
 * and a decoded block is a few primitive arrays.
 */
public final class Op {

    // control and misc
    public static final int ILLEGAL = 0;
    public static final int NOP = 1;
    public static final int FENCE = 2;
    public static final int FENCE_I = 3;
    public static final int ECALL = 4;
    public static final int EBREAK = 5;
    // RV64I
    public static final int LUI = 6;
    public static final int AUIPC = 7;
    public static final int JAL = 8;
    public static final int JALR = 9;
    public static final int BEQ = 10;
    public static final int BNE = 11;
    public static final int BLT = 12;
    public static final int BGE = 13;
    public static final int BLTU = 14;
    public static final int BGEU = 15;
    public static final int LB = 16;
    public static final int LH = 17;
    public static final int LW = 18;
    public static final int LD = 19;
    public static final int LBU = 20;
    public static final int LHU = 21;
    public static final int LWU = 22;
    public static final int SB = 23;
    public static final int SH = 24;
    public static final int SW = 25;
    public static final int SD = 26;
    public static final int ADDI = 27;
    public static final int SLTI = 28;
    public static final int SLTIU = 29;
    public static final int XORI = 30;
    public static final int ORI = 31;
    public static final int ANDI = 32;
    public static final int SLLI = 33;
    public static final int SRLI = 34;
    public static final int SRAI = 35;
    public static final int ADD = 36;
    public static final int SUB = 37;
    public static final int SLL = 38;
    public static final int SLT = 39;
    public static final int SLTU = 40;
    public static final int XOR = 41;
    public static final int SRL = 42;
    public static final int SRA = 43;
    public static final int OR = 44;
    public static final int AND = 45;
    public static final int ADDIW = 46;
    public static final int SLLIW = 47;
    public static final int SRLIW = 48;
    public static final int SRAIW = 49;
    public static final int ADDW = 50;
    public static final int SUBW = 51;
    public static final int SLLW = 52;
    public static final int SRLW = 53;
    public static final int SRAW = 54;
    // M
    public static final int MUL = 55;
    public static final int MULH = 56;
    public static final int MULHSU = 57;
    public static final int MULHU = 58;
    public static final int DIV = 59;
    public static final int DIVU = 60;
    public static final int REM = 61;
    public static final int REMU = 62;
    public static final int MULW = 63;
    public static final int DIVW = 64;
    public static final int DIVUW = 65;
    public static final int REMW = 66;
    public static final int REMUW = 67;
    // A
    public static final int LR_W = 68;
    public static final int SC_W = 69;
    public static final int AMOSWAP_W = 70;
    public static final int AMOADD_W = 71;
    public static final int AMOXOR_W = 72;
    public static final int AMOAND_W = 73;
    public static final int AMOOR_W = 74;
    public static final int AMOMIN_W = 75;
    public static final int AMOMAX_W = 76;
    public static final int AMOMINU_W = 77;
    public static final int AMOMAXU_W = 78;
    public static final int LR_D = 79;
    public static final int SC_D = 80;
    public static final int AMOSWAP_D = 81;
    public static final int AMOADD_D = 82;
    public static final int AMOXOR_D = 83;
    public static final int AMOAND_D = 84;
    public static final int AMOOR_D = 85;
    public static final int AMOMIN_D = 86;
    public static final int AMOMAX_D = 87;
    public static final int AMOMINU_D = 88;
    public static final int AMOMAXU_D = 89;
    // Zicsr
    public static final int CSRRW = 90;
    public static final int CSRRS = 91;
    public static final int CSRRC = 92;
    public static final int CSRRWI = 93;
    public static final int CSRRSI = 94;
    public static final int CSRRCI = 95;
    // F
    public static final int FLW = 96;
    public static final int FSW = 97;
    public static final int FMADD_S = 98;
    public static final int FMSUB_S = 99;
    public static final int FNMSUB_S = 100;
    public static final int FNMADD_S = 101;
    public static final int FADD_S = 102;
    public static final int FSUB_S = 103;
    public static final int FMUL_S = 104;
    public static final int FDIV_S = 105;
    public static final int FSQRT_S = 106;
    public static final int FSGNJ_S = 107;
    public static final int FSGNJN_S = 108;
    public static final int FSGNJX_S = 109;
    public static final int FMIN_S = 110;
    public static final int FMAX_S = 111;
    public static final int FCVT_W_S = 112;
    public static final int FCVT_WU_S = 113;
    public static final int FCVT_L_S = 114;
    public static final int FCVT_LU_S = 115;
    public static final int FMV_X_W = 116;
    public static final int FEQ_S = 117;
    public static final int FLT_S = 118;
    public static final int FLE_S = 119;
    public static final int FCLASS_S = 120;
    public static final int FCVT_S_W = 121;
    public static final int FCVT_S_WU = 122;
    public static final int FCVT_S_L = 123;
    public static final int FCVT_S_LU = 124;
    public static final int FMV_W_X = 125;
    // D
    public static final int FLD = 126;
    public static final int FSD = 127;
    public static final int FMADD_D = 128;
    public static final int FMSUB_D = 129;
    public static final int FNMSUB_D = 130;
    public static final int FNMADD_D = 131;
    public static final int FADD_D = 132;
    public static final int FSUB_D = 133;
    public static final int FMUL_D = 134;
    public static final int FDIV_D = 135;
    public static final int FSQRT_D = 136;
    public static final int FSGNJ_D = 137;
    public static final int FSGNJN_D = 138;
    public static final int FSGNJX_D = 139;
    public static final int FMIN_D = 140;
    public static final int FMAX_D = 141;
    public static final int FCVT_S_D = 142;
    public static final int FCVT_D_S = 143;
    public static final int FCVT_W_D = 144;
    public static final int FCVT_WU_D = 145;
    public static final int FCVT_L_D = 146;
    public static final int FCVT_LU_D = 147;
    public static final int FMV_X_D = 148;
    public static final int FEQ_D = 149;
    public static final int FLT_D = 150;
    public static final int FLE_D = 151;
    public static final int FCLASS_D = 152;
    public static final int FCVT_D_W = 153;
    public static final int FCVT_D_WU = 154;
    public static final int FCVT_D_L = 155;
    public static final int FCVT_D_LU = 156;
    public static final int FMV_D_X = 157;

    /** Number of operations. */
    public static final int COUNT = 158;

    private static final String[] NAMES = {"illegal", "nop", "fence", "fence.i", "ecall", "ebreak", "lui", "auipc", "jal", "jalr", "beq", "bne", "blt", "bge", "bltu", "bgeu", "lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", "sb", "sh", "sw", "sd", "addi", "slti", "sltiu", "xori", "ori", "andi", "slli", "srli", "srai", "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and", "addiw", "slliw", "srliw", "sraiw", "addw", "subw", "sllw", "srlw", "sraw", "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu", "mulw", "divw", "divuw", "remw", "remuw", "lr.w", "sc.w", "amoswap.w", "amoadd.w", "amoxor.w", "amoand.w", "amoor.w", "amomin.w", "amomax.w", "amominu.w", "amomaxu.w", "lr.d", "sc.d", "amoswap.d", "amoadd.d", "amoxor.d", "amoand.d", "amoor.d", "amomin.d", "amomax.d", "amominu.d", "amomaxu.d", "csrrw", "csrrs", "csrrc", "csrrwi", "csrrsi", "csrrci", "flw", "fsw", "fmadd.s", "fmsub.s", "fnmsub.s", "fnmadd.s", "fadd.s", "fsub.s", "fmul.s", "fdiv.s", "fsqrt.s", "fsgnj.s", "fsgnjn.s", "fsgnjx.s", "fmin.s", "fmax.s", "fcvt.w.s", "fcvt.wu.s", "fcvt.l.s", "fcvt.lu.s", "fmv.x.w", "feq.s", "flt.s", "fle.s", "fclass.s", "fcvt.s.w", "fcvt.s.wu", "fcvt.s.l", "fcvt.s.lu", "fmv.w.x", "fld", "fsd", "fmadd.d", "fmsub.d", "fnmsub.d", "fnmadd.d", "fadd.d", "fsub.d", "fmul.d", "fdiv.d", "fsqrt.d", "fsgnj.d", "fsgnjn.d", "fsgnjx.d", "fmin.d", "fmax.d", "fcvt.s.d", "fcvt.d.s", "fcvt.w.d", "fcvt.wu.d", "fcvt.l.d", "fcvt.lu.d", "fmv.x.d", "feq.d", "flt.d", "fle.d", "fclass.d", "fcvt.d.w", "fcvt.d.wu", "fcvt.d.l", "fcvt.d.lu", "fmv.d.x"};

    private Op() {
    }

    /** The assembler mnemonic, as "fmadd.d". */
    public static String name(int op) {
        return op >= 0 && op < COUNT ? NAMES[op] : "op" + op;
    }
}
