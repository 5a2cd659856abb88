package io.procshare.node.guest.riscv.engine;

import io.procshare.node.guest.riscv.HartMemory;
import io.procshare.node.guest.riscv.decode.Decoder;
import io.procshare.node.guest.riscv.decode.Insn;
import io.procshare.node.guest.riscv.decode.Op;

/** Fetches and decodes one {@link Block}. */
final class BlockBuilder {

    static final int MAX = 64;
    /** Internal op ending a block that has no control transfer (size limit, or unreadable next instruction). */
    static final int END = Op.COUNT;

    private BlockBuilder() {
    }

    static boolean endsBlock(int op) {
        return switch (op) {
            case Op.JAL, Op.JALR, Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU, Op.ECALL, Op.EBREAK, Op.FENCE_I,
                    Op.ILLEGAL -> true;
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
        int[] offset = new int[MAX + 1];
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
            code[n] = pack(in);
            long v = in.imm();
            switch (in.op()) {
                case Op.AUIPC, Op.JAL, Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> v += a;
                default -> {
                }
            }
            imm[n] = v;
            offset[n] = (int) (a - pc);
            bits[n] = in.bits();
            a += in.length();
            n++;
            if (endsBlock(in.op())) {
                terminated = true;
                break;
            }
        }
        int len = n;
        if (!terminated) {
            code[n] = END;
            offset[n] = (int) (a - pc);
            len = n + 1;
        }
        return new Block(pc, n, java.util.Arrays.copyOf(code, len), java.util.Arrays.copyOf(imm, len),
                java.util.Arrays.copyOf(offset, len), java.util.Arrays.copyOf(bits, len), a, epoch);
    }

    /** The instruction at {@code a}: 16 bits, or 32 read as two halfwords (it may straddle a page). */
    private static int fetch(HartMemory m, long a) {
        int lo = m.readShort(a) & 0xffff;
        if ((lo & 3) != 3) {
            return lo;
        }
        return lo | (m.readShort(a + 2) << 16);
    }

    static int pack(Insn in) {
        return in.op() | in.rd() << 8 | in.rs1() << 13 | in.rs2() << 18 | in.rs3() << 23 | in.rm() << 28;
    }
}
