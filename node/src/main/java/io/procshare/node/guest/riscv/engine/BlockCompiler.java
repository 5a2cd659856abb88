package io.procshare.node.guest.riscv.engine;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_Throwable;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_short;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;

import io.procshare.node.guest.riscv.Hart;
import io.procshare.node.guest.riscv.HartMemory;
import io.procshare.node.guest.riscv.decode.Op;

/**
 * Compiles a hot block of integer code to a hidden class (java.lang.classfile): the guest
 * registers the block uses live in JVM locals, loaded once at entry and stored back before every
 * exit and before every memory access (so a fault sees exact state), conditional branches are side
 * exits, and a branch back to the block's own start is a JVM loop. Floating-point and atomic
 * operations are calls on synced state. A block with an instruction this compiler does not handle
 * (CSRs, ECALL, EBREAK, FENCE.I, illegal) stays interpreted.
 * C2 then compiles the hidden class like any other code.
 */
final class BlockCompiler {

    private static final ClassDesc CD_BLOCK = ClassDesc.of(Block.class.getName());
    private static final ClassDesc CD_HART = ClassDesc.of(Hart.class.getName());
    private static final ClassDesc CD_MEM = ClassDesc.of(HartMemory.class.getName());
    private static final ClassDesc CD_COMPILED = ClassDesc.of(CompiledBlock.class.getName());
    private static final ClassDesc CD_SELF = ClassDesc.of(BlockCompiler.class.getName());
    private static final ClassDesc CD_INTOPS = ClassDesc.of(IntegerOps.class.getName());
    private static final ClassDesc CD_LONGARR = CD_long.arrayType();
    private static final ClassDesc CD_FPU = ClassDesc.of(Fpu.class.getName());
    private static final ClassDesc CD_FLOATOPS = ClassDesc.of(FloatOps.class.getName());
    private static final MethodTypeDesc RUN = MethodTypeDesc.of(CD_long, CD_LONGARR, CD_LONGARR, CD_MEM, CD_HART, CD_BLOCK,
            CD_FPU);
    private static final MethodTypeDesc LJ_J = MethodTypeDesc.of(CD_long, CD_long, CD_long);
    private static final AtomicLong SEQ = new AtomicLong();

    /** Locals: 0 this, 1 x, 2 f, 3 m, 4 h, 5 b, 6 fpu, 7 at, 8 jump target, 10 + 2r guest register r, 74 exception. */
    private static final int X = 1, F = 2, M = 3, H = 4, B = 5, FPU = 6, AT = 7, TARGET = 8, EXC = 74;
    /** Class files above this size are not loaded: their method would be too big for C2 (8000 bytes). */
    private static final int MAX_CLASS_BYTES = 7000;

    private BlockCompiler() {
    }

    private static int slot(int r) {
        return 10 + 2 * r;
    }

    /** The compiled block, or null if it holds an instruction this compiler does not handle. */
    static CompiledBlock compile(Block b) {
        for (int i = 0; i < b.code.length; i++) {
            if (!supported(b.code[i] & 0xff)) {
                return null;
            }
        }
        ClassDesc name = ClassDesc.of(BlockCompiler.class.getPackageName() + ".Block$" + Long.toHexString(b.pc) + "$"
                + SEQ.incrementAndGet());
        byte[] bytes = ClassFile.of().build(name, cb -> {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withInterfaceSymbols(CD_COMPILED);
            cb.withMethodBody("<init>", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, c -> {
                c.aload(0);
                c.invokespecial(CD_Object, "<init>", MethodTypeDesc.of(CD_void));
                c.return_();
            });
            cb.withMethodBody("run", RUN, ClassFile.ACC_PUBLIC, c -> new Emitter(c, b).emit());
        });
        if (bytes.length > MAX_CLASS_BYTES) {
            return null;
        }
        try {
            MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (CompiledBlock) l.findConstructor(l.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("compiling the block at 0x" + Long.toHexString(b.pc) + " failed", e);
        }
    }

    static boolean supported(int op) {
        return switch (op) {
            case Op.NOP, Op.LUI, Op.AUIPC, BlockBuilder.LINK, BlockBuilder.END, Op.JALR, Op.ADDI, Op.SLTI, Op.SLTIU,
                    Op.XORI, Op.ORI, Op.ANDI, Op.SLLI, Op.SRLI, Op.SRAI, Op.ADD, Op.SUB, Op.SLL, Op.SLT, Op.SLTU, Op.XOR,
                    Op.SRL, Op.SRA, Op.OR, Op.AND, Op.ADDIW, Op.SLLIW, Op.SRLIW, Op.SRAIW, Op.ADDW, Op.SUBW, Op.SLLW,
                    Op.SRLW, Op.SRAW, Op.MUL, Op.MULH, Op.MULHU, Op.MULHSU, Op.MULW, Op.DIV, Op.DIVU, Op.REM, Op.REMU,
                    Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW, Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU, Op.SB,
                    Op.SH, Op.SW, Op.SD, Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU, Op.FENCE -> true;
            case Op.LR_W, Op.SC_W, Op.AMOSWAP_W, Op.AMOADD_W, Op.AMOXOR_W, Op.AMOAND_W, Op.AMOOR_W, Op.AMOMIN_W,
                    Op.AMOMAX_W, Op.AMOMINU_W, Op.AMOMAXU_W, Op.LR_D, Op.SC_D, Op.AMOSWAP_D, Op.AMOADD_D, Op.AMOXOR_D,
                    Op.AMOAND_D, Op.AMOOR_D, Op.AMOMIN_D, Op.AMOMAX_D, Op.AMOMINU_D, Op.AMOMAXU_D -> true;
            // F and D (not the CSRs: frm stays what it was when the block was entered)
            default -> op >= Op.FLW && op <= Op.FMV_D_X;
        };
    }

    /** Called by compiled code when an access throws: the hart's pc and count as the interpreter leaves them. */
    static RuntimeException fault(Hart h, Block b, int at, Throwable t) {
        h.pc = b.pcs[at];
        h.retired += at;
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IllegalInstructionException e && e.pc() < 0) {
            return new IllegalInstructionException(h.pc, b.bits[at], e.reason());
        }
        return (RuntimeException) t;
    }

    static long mulhsu(long a, long v) {
        return Math.multiplyHigh(a, v) + (v < 0 ? a : 0);
    }

    private static final class Emitter {
        private final CodeBuilder c;
        private final Block b;
        private final boolean[] dirty = new boolean[32];

        Emitter(CodeBuilder c, Block b) {
            this.c = c;
            this.b = b;
        }

        void read(int r) {
            if (r == 0) {
                c.lconst_0();
            } else {
                c.lload(slot(r));
            }
        }

        void write(int r) {
            if (r == 0) {
                c.pop2();
            } else {
                c.lstore(slot(r));
                dirty[r] = true;
            }
        }

        /** Stores the registers written since the last sync back into x[]. */
        void sync() {
            for (int r = 1; r < 32; r++) {
                if (dirty[r]) {
                    c.aload(X);
                    c.loadConstant(r);
                    c.lload(slot(r));
                    c.lastore();
                    dirty[r] = false;
                }
            }
        }

        void retire(int n) {
            c.aload(H);
            c.dup();
            c.getfield(CD_HART, "retired", CD_long);
            c.loadConstant((long) n);
            c.ladd();
            c.putfield(CD_HART, "retired", CD_long);
        }

        void at(int i) {
            c.loadConstant(i);
            c.istore(AT);
        }

        void address(int rs1, long imm) {
            c.aload(M);
            read(rs1);
            if (imm != 0) {
                c.loadConstant(imm);
                c.ladd();
            }
        }

        void emit() {
            boolean[] used = new boolean[32];
            for (int cw : b.code) {
                used[(cw >>> 8) & 31] = true;
                used[(cw >>> 13) & 31] = true;
                used[(cw >>> 18) & 31] = true;
            }
            c.loadConstant(0);
            c.istore(AT);
            c.loadConstant(0L);
            c.lstore(TARGET);
            for (int r = 1; r < 32; r++) {
                if (used[r]) {
                    c.aload(X);
                    c.loadConstant(r);
                    c.laload();
                    c.lstore(slot(r));
                }
            }
            Label start = c.newBoundLabel();
            Label tryEnd = c.newLabel();
            Label handler = c.newLabel();
            for (int i = 0; i < b.code.length; i++) {
                instruction(i, b.code[i], b.imm[i], start);
            }
            c.labelBinding(tryEnd);
            c.labelBinding(handler);
            c.astore(EXC);
            c.aload(H);
            c.aload(B);
            c.iload(AT);
            c.aload(EXC);
            c.invokestatic(CD_SELF, "fault", MethodTypeDesc.of(ClassDesc.of(RuntimeException.class.getName()), CD_HART,
                    CD_BLOCK, CD_int, CD_Throwable));
            c.athrow();
            c.exceptionCatch(start, tryEnd, handler, CD_Throwable);
        }

        private void exitTo(long target, int retired, Label start) {
            if (target == b.pc) {
                sync();
                retire(retired);
                c.aload(H);
                c.getfield(CD_HART, "stopRequested", ClassDesc.ofDescriptor("Z"));
                c.ifeq(start); // loop on unless another thread stops this hart
                c.loadConstant(target);
                c.lreturn();
            } else {
                sync();
                retire(retired);
                c.loadConstant(target);
                c.lreturn();
            }
        }

        private void instruction(int i, int cw, long v, Label start) {
            int op = cw & 0xff, rd = (cw >>> 8) & 31, rs1 = (cw >>> 13) & 31, rs2 = (cw >>> 18) & 31;
            switch (op) {
                case Op.NOP -> {
                }
                case Op.LUI, Op.AUIPC, BlockBuilder.LINK -> {
                    c.loadConstant(v);
                    write(rd);
                }
                case Op.ADDI -> alu(rs1, v, rd, CodeBuilder::ladd);
                case Op.XORI -> alu(rs1, v, rd, CodeBuilder::lxor);
                case Op.ORI -> alu(rs1, v, rd, CodeBuilder::lor);
                case Op.ANDI -> alu(rs1, v, rd, CodeBuilder::land);
                case Op.SLTI, Op.SLTIU -> {
                    read(rs1);
                    c.loadConstant(v);
                    compare(op == Op.SLTIU);
                    lessThanBit();
                    write(rd);
                }
                case Op.SLLI, Op.SRLI, Op.SRAI -> {
                    read(rs1);
                    c.loadConstant((int) v);
                    if (op == Op.SLLI) {
                        c.lshl();
                    } else if (op == Op.SRLI) {
                        c.lushr();
                    } else {
                        c.lshr();
                    }
                    write(rd);
                }
                case Op.ADD, Op.SUB, Op.XOR, Op.OR, Op.AND, Op.MUL -> {
                    read(rs1);
                    read(rs2);
                    switch (op) {
                        case Op.ADD -> c.ladd();
                        case Op.SUB -> c.lsub();
                        case Op.XOR -> c.lxor();
                        case Op.OR -> c.lor();
                        case Op.AND -> c.land();
                        default -> c.lmul();
                    }
                    write(rd);
                }
                case Op.SLL, Op.SRL, Op.SRA -> {
                    read(rs1);
                    read(rs2);
                    c.l2i();
                    if (op == Op.SLL) {
                        c.lshl();
                    } else if (op == Op.SRL) {
                        c.lushr();
                    } else {
                        c.lshr();
                    }
                    write(rd);
                }
                case Op.SLT, Op.SLTU -> {
                    read(rs1);
                    read(rs2);
                    compare(op == Op.SLTU);
                    lessThanBit();
                    write(rd);
                }
                case Op.ADDIW -> {
                    read(rs1);
                    c.l2i();
                    c.loadConstant((int) v);
                    c.iadd();
                    c.i2l();
                    write(rd);
                }
                case Op.SLLIW, Op.SRLIW, Op.SRAIW -> {
                    read(rs1);
                    c.l2i();
                    c.loadConstant((int) v);
                    if (op == Op.SLLIW) {
                        c.ishl();
                    } else if (op == Op.SRLIW) {
                        c.iushr();
                    } else {
                        c.ishr();
                    }
                    c.i2l();
                    write(rd);
                }
                case Op.ADDW, Op.SUBW, Op.SLLW, Op.SRLW, Op.SRAW, Op.MULW -> {
                    read(rs1);
                    c.l2i();
                    read(rs2);
                    c.l2i();
                    switch (op) {
                        case Op.ADDW -> c.iadd();
                        case Op.SUBW -> c.isub();
                        case Op.SLLW -> c.ishl();
                        case Op.SRLW -> c.iushr();
                        case Op.SRAW -> c.ishr();
                        default -> c.imul();
                    }
                    c.i2l();
                    write(rd);
                }
                case Op.MULH, Op.MULHU, Op.MULHSU -> {
                    read(rs1);
                    read(rs2);
                    if (op == Op.MULHSU) {
                        c.invokestatic(CD_SELF, "mulhsu", LJ_J);
                    } else {
                        c.invokestatic(ClassDesc.of("java.lang.Math"), op == Op.MULH ? "multiplyHigh" : "unsignedMultiplyHigh", LJ_J);
                    }
                    write(rd);
                }
                case Op.DIV, Op.DIVU, Op.REM, Op.REMU, Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW -> {
                    c.loadConstant(op);
                    read(rs1);
                    read(rs2);
                    c.invokestatic(CD_INTOPS, "divide", MethodTypeDesc.of(CD_long, CD_int, CD_long, CD_long));
                    write(rd);
                }
                case Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU -> {
                    sync();
                    at(i);
                    address(rs1, v);
                    switch (op) {
                        case Op.LB, Op.LBU -> c.invokeinterface(CD_MEM, "readByte", MethodTypeDesc.of(CD_byte, CD_long));
                        case Op.LH, Op.LHU -> c.invokeinterface(CD_MEM, "readShort", MethodTypeDesc.of(CD_short, CD_long));
                        case Op.LW, Op.LWU -> c.invokeinterface(CD_MEM, "readInt", MethodTypeDesc.of(CD_int, CD_long));
                        default -> c.invokeinterface(CD_MEM, "readLong", MethodTypeDesc.of(CD_long, CD_long));
                    }
                    if (op != Op.LD) {
                        c.i2l();
                    }
                    long mask = op == Op.LBU ? 0xffL : op == Op.LHU ? 0xffffL : op == Op.LWU ? 0xffffffffL : 0;
                    if (mask != 0) {
                        c.loadConstant(mask);
                        c.land();
                    }
                    write(rd);
                }
                case Op.SB, Op.SH, Op.SW, Op.SD -> {
                    sync();
                    at(i);
                    address(rs1, v);
                    read(rs2);
                    switch (op) {
                        case Op.SB -> {
                            c.l2i();
                            c.i2b();
                            c.invokeinterface(CD_MEM, "writeByte", MethodTypeDesc.of(CD_void, CD_long, CD_byte));
                        }
                        case Op.SH -> {
                            c.l2i();
                            c.i2s();
                            c.invokeinterface(CD_MEM, "writeShort", MethodTypeDesc.of(CD_void, CD_long, CD_short));
                        }
                        case Op.SW -> {
                            c.l2i();
                            c.invokeinterface(CD_MEM, "writeInt", MethodTypeDesc.of(CD_void, CD_long, CD_int));
                        }
                        default -> c.invokeinterface(CD_MEM, "writeLong", MethodTypeDesc.of(CD_void, CD_long, CD_long));
                    }
                }
                case Op.FENCE -> {
                    sync();
                    at(i);
                    c.aload(M);
                    c.invokeinterface(CD_MEM, "fence", MethodTypeDesc.of(CD_void));
                }
                case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> {
                    Label notTaken = c.newLabel();
                    read(rs1);
                    read(rs2);
                    compare(op == Op.BLTU || op == Op.BGEU);
                    switch (op) {
                        case Op.BEQ -> c.ifne(notTaken);
                        case Op.BNE -> c.ifeq(notTaken);
                        case Op.BLT, Op.BLTU -> c.ifge(notTaken);
                        default -> c.iflt(notTaken);
                    }
                    boolean[] saved = dirty.clone();
                    exitTo(v, i + 1, start);
                    System.arraycopy(saved, 0, dirty, 0, 32); // the fall-through path has not synced
                    c.labelBinding(notTaken);
                }
                case Op.JALR -> {
                    read(rs1);
                    c.loadConstant(v);
                    c.ladd();
                    c.loadConstant(~1L);
                    c.land();
                    c.lstore(TARGET);
                    c.loadConstant(b.end);
                    write(rd);
                    sync();
                    retire(i + 1);
                    c.lload(TARGET);
                    c.lreturn();
                }
                case BlockBuilder.END -> {
                    sync();
                    retire(i);
                    c.loadConstant(b.end);
                    c.lreturn();
                }
                case Op.LR_W, Op.SC_W, Op.AMOSWAP_W, Op.AMOADD_W, Op.AMOXOR_W, Op.AMOAND_W, Op.AMOOR_W, Op.AMOMIN_W,
                        Op.AMOMAX_W, Op.AMOMINU_W, Op.AMOMAXU_W, Op.LR_D, Op.SC_D, Op.AMOSWAP_D, Op.AMOADD_D, Op.AMOXOR_D,
                        Op.AMOAND_D, Op.AMOOR_D, Op.AMOMIN_D, Op.AMOMAX_D, Op.AMOMINU_D, Op.AMOMAXU_D -> {
                    sync();
                    at(i);
                    c.aload(H);
                    c.aload(M);
                    c.loadConstant(op);
                    read(rs1);
                    read(rs2);
                    c.loadConstant(b.pcs[i]);
                    c.invokestatic(ClassDesc.of(Atomics.class.getName()), "execute", MethodTypeDesc.of(CD_long, CD_HART,
                            CD_MEM, CD_int, CD_long, CD_long, CD_long));
                    write(rd);
                }
                case Op.FLD, Op.FLW -> {
                    sync();
                    at(i);
                    c.aload(F);
                    c.loadConstant(rd);
                    address(rs1, v);
                    if (op == Op.FLD) {
                        c.invokeinterface(CD_MEM, "readLong", MethodTypeDesc.of(CD_long, CD_long));
                    } else {
                        c.invokeinterface(CD_MEM, "readInt", MethodTypeDesc.of(CD_int, CD_long));
                        c.i2l();
                        c.loadConstant(0xffffffffL);
                        c.land();
                        c.invokestatic(CD_FPU, "box", MethodTypeDesc.of(CD_long, CD_long));
                    }
                    c.lastore();
                }
                case Op.FSD, Op.FSW -> {
                    sync();
                    at(i);
                    address(rs1, v);
                    c.aload(F);
                    c.loadConstant(rs2);
                    c.laload();
                    if (op == Op.FSD) {
                        c.invokeinterface(CD_MEM, "writeLong", MethodTypeDesc.of(CD_void, CD_long, CD_long));
                    } else {
                        c.l2i();
                        c.invokeinterface(CD_MEM, "writeInt", MethodTypeDesc.of(CD_void, CD_long, CD_int));
                    }
                }
                default -> {
                    // the other F and D operations: through FloatOps on synced state; reload an x result
                    sync();
                    at(i);
                    c.aload(H);
                    c.aload(FPU);
                    c.loadConstant(cw);
                    c.aload(X);
                    c.aload(F);
                    c.invokestatic(CD_FLOATOPS, "execute", MethodTypeDesc.of(CD_void, CD_HART, CD_FPU, CD_int, CD_LONGARR,
                            CD_LONGARR));
                    if (FloatOps.writesX(op) && rd != 0) {
                        c.aload(X);
                        c.loadConstant(rd);
                        c.laload();
                        c.lstore(slot(rd));
                    }
                }
            }
        }

        private void alu(int rs1, long v, int rd, java.util.function.Consumer<CodeBuilder> op) {
            read(rs1);
            c.loadConstant(v);
            op.accept(c);
            write(rd);
        }

        /** Leaves Long.compare (or compareUnsigned) of the two longs on the stack. */
        private void compare(boolean unsigned) {
            if (unsigned) {
                c.invokestatic(ClassDesc.of("java.lang.Long"), "compareUnsigned", MethodTypeDesc.of(CD_int, CD_long, CD_long));
            } else {
                c.lcmp();
            }
        }

        /** -1/0/1 to 1 if negative, else 0, as a long. */
        private void lessThanBit() {
            c.loadConstant(31);
            c.iushr();
            c.i2l();
        }
    }
}
