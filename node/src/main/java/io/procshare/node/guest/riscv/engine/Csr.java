package io.procshare.node.guest.riscv.engine;

import io.procshare.node.guest.riscv.Hart;
import io.procshare.node.guest.riscv.decode.Op;

/**
 * The user-mode CSRs (Zicsr, Zicntr): fflags, frm, fcsr, and read-only cycle, time, instret. The
 * decoder has already refused other CSRs and writes to the read-only ones.
 */
final class Csr {

    static final int FFLAGS = 0x001, FRM = 0x002, FCSR = 0x003, CYCLE = 0xC00, TIME = 0xC01, INSTRET = 0xC02;

    private Csr() {
    }

    /**
     * Reads the CSR and, as the op says, writes it.
     *
     * @param src1    rs1's register number or the 5-bit immediate of the I forms
     * @param retired instructions retired so far, for cycle and instret
     */
    static long access(Hart h, int op, int csr, int src1, long retired) {
        long old = switch (csr) {
            case FFLAGS -> h.fcsr & 0x1f;
            case FRM -> (h.fcsr >>> 5) & 7;
            case FCSR -> h.fcsr & 0xff;
            case CYCLE, INSTRET -> retired;
            case TIME -> System.nanoTime() / 100; // a 10 MHz timebase
            default -> throw new IllegalStateException("CSR 0x" + Integer.toHexString(csr) + " passed the decoder");
        };
        long src = switch (op) {
            case Op.CSRRW, Op.CSRRS, Op.CSRRC -> h.x[src1];
            default -> src1;
        };
        long value;
        switch (op) {
            case Op.CSRRW, Op.CSRRWI -> value = src;
            case Op.CSRRS, Op.CSRRSI -> {
                if (src1 == 0) {
                    return old;
                }
                value = old | src;
            }
            default -> {
                if (src1 == 0) {
                    return old;
                }
                value = old & ~src;
            }
        }
        switch (csr) {
            case FFLAGS -> h.fcsr = (h.fcsr & ~0x1f) | (int) (value & 0x1f);
            case FRM -> h.fcsr = (h.fcsr & 0x1f) | (int) ((value & 7) << 5);
            case FCSR -> h.fcsr = (int) (value & 0xff);
            default -> throw new IllegalStateException("write to read-only CSR 0x" + Integer.toHexString(csr) + " passed the decoder");
        }
        return old;
    }
}
