package io.procshare.node.guest.riscv.decode;

/** Bit fields of the 32-bit formats (unprivileged spec, chapter 2.3). */
final class Fields {

    private Fields() {
    }

    static int opcode(int b) {
        return b & 0x7f;
    }

    static int rd(int b) {
        return (b >>> 7) & 31;
    }

    static int funct3(int b) {
        return (b >>> 12) & 7;
    }

    static int rs1(int b) {
        return (b >>> 15) & 31;
    }

    static int rs2(int b) {
        return (b >>> 20) & 31;
    }

    static int rs3(int b) {
        return b >>> 27;
    }

    static int funct7(int b) {
        return b >>> 25;
    }

    static long immI(int b) {
        return b >> 20;
    }

    static long immS(int b) {
        return ((b >> 25) << 5) | ((b >>> 7) & 31);
    }

    static long immB(int b) {
        return ((long) (b >> 31) << 12) | (((b >>> 7) & 1) << 11) | (((b >>> 25) & 0x3f) << 5) | (((b >>> 8) & 0xf) << 1);
    }

    static long immU(int b) {
        return b & 0xfffff000;
    }

    static long immJ(int b) {
        return ((long) (b >> 31) << 20) | (b & 0xff000) | (((b >>> 20) & 1) << 11) | (((b >>> 21) & 0x3ff) << 1);
    }

    /** The rm field is valid if 0..4 (static) or 7 (dynamic); 5 and 6 are reserved. */
    static boolean validRm(int rm) {
        return rm != 5 && rm != 6;
    }
}
