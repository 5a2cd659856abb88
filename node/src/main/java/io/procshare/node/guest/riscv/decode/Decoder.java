package io.procshare.node.guest.riscv.decode;

import java.util.function.IntFunction;

/**
 * Decodes RV64IMAFDC + Zicsr + Zifencei instructions to {@link Insn}. 32-bit encodings are
 * dispatched on the major opcode (bits 6..2) through a table to the group that owns it; 16-bit
 * ones go to {@link RvC}. Never throws: an encoding outside the supported set decodes to
 * {@link Op#ILLEGAL}, which traps when (and only if) it is executed.
 */
public final class Decoder {

    private static final IntFunction<Insn>[] MAJOR = majors();

    private Decoder() {
    }

    @SuppressWarnings("unchecked")
    private static IntFunction<Insn>[] majors() {
        IntFunction<Insn>[] t = new IntFunction[32];
        java.util.Arrays.fill(t, (IntFunction<Insn>) b -> Insn.illegal(b, 4));
        t[0x00] = RvI::load;
        t[0x01] = RvF::load;
        t[0x03] = RvI::miscMem;
        t[0x04] = RvI::opImm;
        t[0x05] = RvI::auipc;
        t[0x06] = RvI::opImm32;
        t[0x08] = RvI::store;
        t[0x09] = RvF::store;
        t[0x0b] = RvA::amo;
        t[0x0c] = RvI::op;
        t[0x0d] = RvI::lui;
        t[0x0e] = RvI::op32;
        t[0x10] = RvF::fused;
        t[0x11] = RvF::fused;
        t[0x12] = RvF::fused;
        t[0x13] = RvF::fused;
        t[0x14] = RvF::opFp;
        t[0x18] = RvI::branch;
        t[0x19] = RvI::jalr;
        t[0x1b] = RvI::jal;
        t[0x1c] = RvI::system;
        return t;
    }

    /** The length in bytes of the instruction whose low halfword is {@code low16}: 2 or 4. */
    public static int length(int low16) {
        return (low16 & 3) == 3 ? 4 : 2;
    }

    /**
     * Decodes the instruction at the start of {@code bits} (a compressed one uses the low 16 bits
     * only). Encodings of 48 bits and more (bits 4..2 = 111 with bits 1..0 = 11) are illegal here.
     */
    public static Insn decode(int bits) {
        if ((bits & 3) != 3) {
            return RvC.decode(bits & 0xffff);
        }
        if ((bits & 0x1c) == 0x1c) {
            return Insn.illegal(bits, 4);
        }
        return MAJOR[(bits >>> 2) & 31].apply(bits);
    }
}
