package io.procshare.node.guest.riscv.engine;

import io.procshare.node.guest.riscv.EcallHandler;
import io.procshare.node.guest.riscv.Hart;
import io.procshare.node.guest.riscv.HartMemory;
import io.procshare.node.guest.riscv.decode.Op;

/**
 * Runs RV64IMAFDC + Zicsr + Zifencei code (DESIGN §7, engine): an interpreter over decoded blocks
 * ({@link Block}) from a {@link BlockCache} shared by the process's harts on this node, with the
 * blocks chained to their successors so that a hot loop does no lookup at all; a block run
 * {@link #HOT} times is compiled to bytecode ({@link BlockCompiler}) and runs compiled from then on.
 * It allocates nothing per instruction: registers stay in the hart's arrays (in JVM locals inside a
 * compiled block), a block is a few primitive arrays, and the retired-instruction count
 * ({@link Hart#retired}) is added per block exit.
 *
 * <p>{@link #run} returns only by an exception: the ecall handler's (exit, a lost node), a memory
 * fault of {@link HartMemory} (the hart's pc at the faulting instruction), a
 * {@link GuestTrapException} (SIGILL, SIGTRAP, SIGBUS), or {@link HartStoppedException} once
 * another thread set {@link Hart#stopRequested}.
 */
public final class Engine {

    /** Recent blocks of this engine's hart by pc: the lock-free first level in front of the cache. */
    private static final int LOCAL = 1 << 12;

    /** What {@link #block} returns for ECALL: odd, so never an instruction address. */
    private static final long ECALL = -1;

    /** Interpreted runs after which a block is compiled to bytecode. */
    static final int HOT = 50;

    private final BlockCache cache;
    private final Block[] local = new Block[LOCAL];
    private final boolean compile;

    /** One engine per guest thread; {@code cache} is the process's cache on this node. */
    public Engine(BlockCache cache) {
        this(cache, true);
    }

    /** @param compile compile hot blocks to bytecode (false: interpret only, for tests and comparisons) */
    public Engine(BlockCache cache, boolean compile) {
        this.cache = cache;
        this.compile = compile;
    }

    /** A hart running alone (tests, benchmarks): its own cache. */
    public static void run(Hart hart, HartMemory memory, EcallHandler ecall) {
        new Engine(new BlockCache()).execute(hart, memory, ecall);
    }

    private Block lookup(long pc, HartMemory m) {
        int slot = (int) (pc >>> 1) & (LOCAL - 1);
        Block b = local[slot];
        if (b != null && b.pc == pc && b.epoch == cache.epoch()) {
            return b;
        }
        b = cache.get(pc, m);
        local[slot] = b;
        return b;
    }

    private static int rd(int c) {
        return (c >>> 8) & 31;
    }

    private static int rs1(int c) {
        return (c >>> 13) & 31;
    }

    private static int rs2(int c) {
        return (c >>> 18) & 31;
    }

    /**
     * Runs {@code hart} from its pc until an exception ends the thread. ECALL sets the pc to the
     * next instruction, then calls {@code ecall}; execution resumes at the hart's pc afterwards.
     */
    public void execute(Hart h, HartMemory m, EcallHandler ecall) {
        final Fpu fpu = new Fpu(h);
        h.x[0] = 0;
        Block b = lookup(h.pc, m); // a fetch fault here leaves the hart's pc where it is
        for (;;) {
            if (h.stopRequested) {
                h.pc = b.pc;
                throw new HartStoppedException(b.pc);
            }
            long next;
            CompiledBlock cb = b.compiled;
            if (cb != null) {
                next = cb.run(h.x, h.f, m, h, b, fpu);
            } else {
                next = block(b, h, m, fpu);
                if (compile && ++b.runs == HOT) {
                    // racy between harts at worst compiles twice; the last one stays
                    b.compiled = BlockCompiler.compile(b);
                }
            }
            if (next == ECALL) {
                h.pc = b.end;
                ecall.ecall(h);
                h.x[0] = 0;
                next = h.pc;
            }
            Block nb;
            if (next == b.end) {
                nb = b.fall;
                if (nb == null || nb.epoch != cache.epoch()) {
                    nb = b.fall = lookupAt(h, next, m);
                }
            } else {
                nb = b.taken;
                if (nb == null || nb.pc != next || nb.epoch != cache.epoch()) {
                    nb = b.taken = lookupAt(h, next, m);
                }
            }
            b = nb;
        }
    }

    /**
     * Executes one block; returns the next pc, or {@link #ECALL} (an odd value, never a pc) when it
     * ended in ECALL. On an exception the hart's pc is the failing instruction's and the retired
     * count includes the instructions before it.
     */
    private long block(Block b, Hart h, HartMemory m, Fpu fpu) {
        final long[] x = h.x;
        final long[] f = h.f;
        final int[] code = b.code;
        final long[] imm = b.imm;
        long next;
        int i = 0;
            try {
                exec:
                for (;; i++) {
                    final int c = code[i];
                    switch (c & 0xff) {
                        case Op.NOP -> {
                        }
                        case Op.LUI, Op.AUIPC -> x[rd(c)] = imm[i];
                        case Op.ADDI -> x[rd(c)] = x[rs1(c)] + imm[i];
                        case Op.SLTI -> x[rd(c)] = x[rs1(c)] < imm[i] ? 1 : 0;
                        case Op.SLTIU -> x[rd(c)] = Long.compareUnsigned(x[rs1(c)], imm[i]) < 0 ? 1 : 0;
                        case Op.XORI -> x[rd(c)] = x[rs1(c)] ^ imm[i];
                        case Op.ORI -> x[rd(c)] = x[rs1(c)] | imm[i];
                        case Op.ANDI -> x[rd(c)] = x[rs1(c)] & imm[i];
                        case Op.SLLI -> x[rd(c)] = x[rs1(c)] << imm[i];
                        case Op.SRLI -> x[rd(c)] = x[rs1(c)] >>> imm[i];
                        case Op.SRAI -> x[rd(c)] = x[rs1(c)] >> imm[i];
                        case Op.ADD -> x[rd(c)] = x[rs1(c)] + x[rs2(c)];
                        case Op.SUB -> x[rd(c)] = x[rs1(c)] - x[rs2(c)];
                        case Op.SLL -> x[rd(c)] = x[rs1(c)] << x[rs2(c)];
                        case Op.SLT -> x[rd(c)] = x[rs1(c)] < x[rs2(c)] ? 1 : 0;
                        case Op.SLTU -> x[rd(c)] = Long.compareUnsigned(x[rs1(c)], x[rs2(c)]) < 0 ? 1 : 0;
                        case Op.XOR -> x[rd(c)] = x[rs1(c)] ^ x[rs2(c)];
                        case Op.SRL -> x[rd(c)] = x[rs1(c)] >>> x[rs2(c)];
                        case Op.SRA -> x[rd(c)] = x[rs1(c)] >> x[rs2(c)];
                        case Op.OR -> x[rd(c)] = x[rs1(c)] | x[rs2(c)];
                        case Op.AND -> x[rd(c)] = x[rs1(c)] & x[rs2(c)];
                        case Op.ADDIW -> x[rd(c)] = (int) (x[rs1(c)] + imm[i]);
                        case Op.SLLIW -> x[rd(c)] = (int) x[rs1(c)] << imm[i];
                        case Op.SRLIW -> x[rd(c)] = (int) x[rs1(c)] >>> imm[i];
                        case Op.SRAIW -> x[rd(c)] = (int) x[rs1(c)] >> imm[i];
                        case Op.ADDW -> x[rd(c)] = (int) (x[rs1(c)] + x[rs2(c)]);
                        case Op.SUBW -> x[rd(c)] = (int) (x[rs1(c)] - x[rs2(c)]);
                        case Op.SLLW -> x[rd(c)] = (int) x[rs1(c)] << x[rs2(c)];
                        case Op.SRLW -> x[rd(c)] = (int) x[rs1(c)] >>> x[rs2(c)];
                        case Op.SRAW -> x[rd(c)] = (int) x[rs1(c)] >> x[rs2(c)];
                        case Op.MUL -> x[rd(c)] = x[rs1(c)] * x[rs2(c)];
                        case Op.MULH -> x[rd(c)] = Math.multiplyHigh(x[rs1(c)], x[rs2(c)]);
                        case Op.MULHU -> x[rd(c)] = Math.unsignedMultiplyHigh(x[rs1(c)], x[rs2(c)]);
                        case Op.MULHSU -> {
                            long a = x[rs1(c)], v = x[rs2(c)];
                            x[rd(c)] = Math.multiplyHigh(a, v) + (v < 0 ? a : 0);
                        }
                        case Op.MULW -> x[rd(c)] = (int) x[rs1(c)] * (int) x[rs2(c)];
                        case Op.DIV, Op.DIVU, Op.REM, Op.REMU, Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW ->
                                x[rd(c)] = IntegerOps.divide(c & 0xff, x[rs1(c)], x[rs2(c)]);
                        case Op.LB -> {
                            x[rd(c)] = m.readByte(x[rs1(c)] + imm[i]);
                            x[0] = 0;
                        }
                        case Op.LH -> {
                            x[rd(c)] = m.readShort(x[rs1(c)] + imm[i]);
                            x[0] = 0;
                        }
                        case Op.LW -> {
                            x[rd(c)] = m.readInt(x[rs1(c)] + imm[i]);
                            x[0] = 0;
                        }
                        case Op.LD -> {
                            x[rd(c)] = m.readLong(x[rs1(c)] + imm[i]);
                            x[0] = 0;
                        }
                        case Op.LBU -> {
                            x[rd(c)] = m.readByte(x[rs1(c)] + imm[i]) & 0xffL;
                            x[0] = 0;
                        }
                        case Op.LHU -> {
                            x[rd(c)] = m.readShort(x[rs1(c)] + imm[i]) & 0xffffL;
                            x[0] = 0;
                        }
                        case Op.LWU -> {
                            x[rd(c)] = m.readInt(x[rs1(c)] + imm[i]) & 0xffffffffL;
                            x[0] = 0;
                        }
                        case Op.SB -> m.writeByte(x[rs1(c)] + imm[i], (byte) x[rs2(c)]);
                        case Op.SH -> m.writeShort(x[rs1(c)] + imm[i], (short) x[rs2(c)]);
                        case Op.SW -> m.writeInt(x[rs1(c)] + imm[i], (int) x[rs2(c)]);
                        case Op.SD -> m.writeLong(x[rs1(c)] + imm[i], x[rs2(c)]);
                        case Op.FLW -> f[rd(c)] = Fpu.box(m.readInt(x[rs1(c)] + imm[i]) & 0xffffffffL);
                        case Op.FLD -> f[rd(c)] = m.readLong(x[rs1(c)] + imm[i]);
                        case Op.FSW -> m.writeInt(x[rs1(c)] + imm[i], (int) f[rs2(c)]);
                        case Op.FSD -> m.writeLong(x[rs1(c)] + imm[i], f[rs2(c)]);
                        case Op.BEQ -> {
                            if (x[rs1(c)] == x[rs2(c)]) {
                                next = imm[i];
                                break exec;
                            }
                        }
                        case Op.BNE -> {
                            if (x[rs1(c)] != x[rs2(c)]) {
                                next = imm[i];
                                break exec;
                            }
                        }
                        case Op.BLT -> {
                            if (x[rs1(c)] < x[rs2(c)]) {
                                next = imm[i];
                                break exec;
                            }
                        }
                        case Op.BGE -> {
                            if (x[rs1(c)] >= x[rs2(c)]) {
                                next = imm[i];
                                break exec;
                            }
                        }
                        case Op.BLTU -> {
                            if (Long.compareUnsigned(x[rs1(c)], x[rs2(c)]) < 0) {
                                next = imm[i];
                                break exec;
                            }
                        }
                        case Op.BGEU -> {
                            if (Long.compareUnsigned(x[rs1(c)], x[rs2(c)]) >= 0) {
                                next = imm[i];
                                break exec;
                            }
                        }
                        case BlockBuilder.LINK -> x[rd(c)] = imm[i];
                        case Op.JALR -> {
                            next = (x[rs1(c)] + imm[i]) & ~1L;
                            x[rd(c)] = b.end;
                            x[0] = 0;
                            break exec;
                        }
                        case BlockBuilder.END -> {
                            h.retired += i;
                            return b.end;
                        }
                        case Op.ECALL -> {
                            next = ECALL;
                            break exec;
                        }
                        case Op.FENCE -> m.fence();
                        case Op.FENCE_I -> {
                            cache.flush();
                            next = b.end;
                            break exec;
                        }
                        case Op.EBREAK -> throw new BreakpointException(b.pcs[i]);
                        case Op.ILLEGAL -> throw new IllegalInstructionException(b.pcs[i], b.bits[i], "");
                        case Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI -> {
                            x[rd(c)] = Csr.access(h, c & 0xff, (int) imm[i], rs1(c), h.retired + i);
                            x[0] = 0;
                        }
                        default -> {
                            if ((c & 0xff) <= Op.AMOMAXU_D) {
                                x[rd(c)] = Atomics.execute(h, m, c & 0xff, x[rs1(c)], x[rs2(c)], b.pcs[i]);
                                x[0] = 0;
                            } else {
                                FloatOps.execute(h, fpu, c, x, f);
                            }
                        }
                    }
                }
            } catch (IllegalInstructionException e) {
                h.pc = b.pcs[i];
                h.retired += i;
                throw e.pc() >= 0 ? e : new IllegalInstructionException(h.pc, b.bits[i], e.reason());
            } catch (RuntimeException | Error e) {
                h.pc = b.pcs[i];
                h.retired += i;
                throw e;
            }
        h.retired += i + 1;
        return next;
    }

    /** A lookup whose fetch fault leaves the hart's pc at the address it could not fetch. */
    private Block lookupAt(Hart h, long pc, HartMemory m) {
        try {
            return lookup(pc, m);
        } catch (RuntimeException e) {
            h.pc = pc;
            throw e;
        }
    }
}
