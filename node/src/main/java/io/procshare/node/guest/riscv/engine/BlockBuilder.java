package io.procshare.node.guest.riscv.engine;

import io.procshare.node.guest.riscv.HartMemory;
import io.procshare.node.guest.riscv.decode.Decoder;
import io.procshare.node.guest.riscv.decode.Insn;
import io.procshare.node.guest.riscv.decode.Op;

/** Fetches and decodes one {@link Block}. */
final class BlockBuilder {

    static final int MAX = 64;
    /** Internal op ending a block that has no ending instruction (size limit, unreadable next instruction). */
    static final int END = Op.COUNT;
    /** Internal op: JAL followed into its target; only writes the link register. */
    static final int LINK = Op.COUNT + 1;

    private BlockBuilder() {
    }

    static boolean endsBlock(int op) {
        return switch (op) {
            case Op.JALR, Op.ECALL, Op.EBREAK, Op.FENCE_I, Op.ILLEGAL -> true;
            default -> false;
        };
    }

    /**
     * Decodes from {@code pc}. A fault fetching the first instruction propagates (the hart faults
     * there); a fault on a later one ends the block before it, so it faults when reached.
     */
    static Block build(HartMemory m, long pc, int epoch) {
        int[] code = new int[MAX + 1];
        long[] imm = new long[MAX + 1];
        long[] pcs = new long[MAX + 1];
        int[] bits = new int[MAX + 1];
        int n = 0;
        long a = pc;
        boolean terminated = false;
        while (n < MAX) {
            int raw;
            try {
                raw = fetch(m, a);
            } catch (RuntimeException e) {
                if (n == 0) {
                    throw e;
                }
                break;
            }
            Insn in = Decoder.decode(raw);
            int op = in.op();
            long v = in.imm();
            long nextPc = a + in.length();
            switch (op) {
                case Op.AUIPC, Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> v += a;
                case Op.JAL -> {
                    nextPc = a + v; // follow the jump: the trace goes on at its target
                    v = a + in.length();
                    op = in.rd() == 0 ? Op.NOP : LINK;
                }
                default -> {
                }
            }
            code[n] = op | in.rd() << 8 | in.rs1() << 13 | in.rs2() << 18 | in.rs3() << 23 | in.rm() << 28;
            imm[n] = v;
            pcs[n] = a;
            bits[n] = in.bits();
            n++;
            long here = a;
            a = nextPc;
            if (endsBlock(op)) {
                terminated = true;
                a = here + in.length(); // JALR's link, ECALL's return address
                break;
            }
        }
        int len = n;
        if (!terminated) {
            code[n] = END;
            pcs[n] = a;
            len = n + 1;
        }
        return new Block(pc, java.util.Arrays.copyOf(code, len), java.util.Arrays.copyOf(imm, len),
                java.util.Arrays.copyOf(pcs, len), java.util.Arrays.copyOf(bits, len), a, epoch);
    }

    /** The instruction at {@code a}: 16 bits, or 32 read as two halfwords (it may straddle a page). */
    private static int fetch(HartMemory m, long a) {
        int lo = m.readShort(a) & 0xffff;
        if ((lo & 3) != 3) {
            return lo;
        }
        return lo | (m.readShort(a + 2) << 16);
    }
}
