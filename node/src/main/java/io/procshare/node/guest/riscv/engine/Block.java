package io.procshare.node.guest.riscv.engine;

/**
 * A decoded trace: the instructions from {@link #pc} on, followed through direct jumps (JAL, whose
 * target is known when decoding), with conditional branches as side exits, up to and including
 * the first instruction that ends it (JALR, ECALL, EBREAK, FENCE.I, an illegal instruction) or
 * {@link BlockBuilder#MAX} instructions. Flat arrays the interpreter (and later a compiler) walks
 * without allocating: {@code code[i]} packs op | rd << 8 | rs1 << 13 | rs2 << 18 | rs3 << 23 |
 * rm << 28; {@code imm[i]} is the immediate, made absolute for pc-relative instructions (branch
 * targets, AUIPC's value, JAL's link address). A block that stops without an ending instruction
 * ends in {@link BlockBuilder#END}, which is not an instruction and continues at {@link #end}.
 *
 * <p>Immutable except the two successor links, which any thread may set; a racy read sees null or
 * a complete block (its fields are final), and a link is only followed after checking its pc and
 * the cache's epoch.
 */
final class Block {

    final long pc;
    final int[] code;
    final long[] imm;
    /** The address of each instruction (for faults and traps). */
    final long[] pcs;
    final int[] bits;
    /** Where execution continues after the last instruction if it does not jump. */
    final long end;
    final int epoch;

    Block fall;
    Block taken;
    /** Runs through the interpreter, counted until the block is hot enough to compile. */
    int runs;
    /** The compiled form once hot (null: not yet, or the compiler does not handle one of its instructions). */
    CompiledBlock compiled;

    Block(long pc, int[] code, long[] imm, long[] pcs, int[] bits, long end, int epoch) {
        this.pc = pc;
        this.code = code;
        this.imm = imm;
        this.pcs = pcs;
        this.bits = bits;
        this.end = end;
        this.epoch = epoch;
    }
}
