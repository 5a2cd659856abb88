package io.procshare.node.guest.riscv.engine;

/**
 * A decoded basic block: the instructions from {@link #pc} up to and including the first control
 * transfer (branch, jump, ECALL, EBREAK, FENCE.I, an illegal instruction), at most
 * {@link BlockBuilder#MAX} of them, as flat arrays the interpreter (and later a compiler) walks
 * without allocating. {@code code[i]} packs op | rd << 8 | rs1 << 13 | rs2 << 18 | rs3 << 23 |
 * rm << 28; {@code imm[i]} is the immediate, made absolute for pc-relative instructions (branch and
 * JAL targets, AUIPC's value). A block that stops before a control transfer ends in
 * {@link BlockBuilder#END}, which is not an instruction.
 *
 * <p>Immutable except the two successor links, which any thread may set; a racy read sees null or
 * a complete block (its fields are final), and a link is only followed after checking its pc and
 * the cache's epoch.
 */
final class Block {

    final long pc;
    /** Guest instructions in the block (END excluded): what it retires when it runs to its end. */
    final int count;
    final int[] code;
    final long[] imm;
    /** Byte offset of each instruction from {@link #pc}. */
    final int[] offset;
    final int[] bits;
    /** The address after the last instruction: the fall-through and link address. */
    final long end;
    final int epoch;

    Block fall;
    Block taken;

    Block(long pc, int count, int[] code, long[] imm, int[] offset, int[] bits, long end, int epoch) {
        this.pc = pc;
        this.count = count;
        this.code = code;
        this.imm = imm;
        this.offset = offset;
        this.bits = bits;
        this.end = end;
        this.epoch = epoch;
    }
}
