package io.procshare.node.guest.riscv.engine;

import io.procshare.node.guest.riscv.Hart;
import io.procshare.node.guest.riscv.HartMemory;
import io.procshare.node.guest.riscv.decode.Op;

/**
 * RV64A on HartMemory's sequentially consistent operations (DESIGN §5, so aq/rl need nothing more):
 * LR is a volatile load that records a reservation (address, width, value); SC is a
 * compare-and-swap against the reserved value, attempted only with a live reservation of the same
 * address and width, and every SC clears the reservation; AMOADD is a fetch-add and the other AMOs
 * a CAS loop. A misaligned address is SIGBUS, as on Linux.
 */
final class Atomics {

    private Atomics() {
    }

    /** Runs the operation; returns what rd receives (the old value sign-extended, or SC's 0/1). */
    static long execute(Hart h, HartMemory m, int op, long addr, long src, long pc) {
        boolean word = op <= Op.AMOMAXU_W;
        if ((addr & (word ? 3 : 7)) != 0) {
            throw new MisalignedAtomicException(pc, addr);
        }
        return word ? word(h, m, op, addr, (int) src) : dword(h, m, op, addr, src);
    }

    private static long word(Hart h, HartMemory m, int op, long addr, int src) {
        switch (op) {
            case Op.LR_W -> {
                int v = m.readIntVolatile(addr);
                h.reserve(addr, 4, v);
                return v;
            }
            case Op.SC_W -> {
                boolean live = h.reservationAddress == addr && h.reservationWidth == 4;
                int expected = (int) h.reservationValue;
                h.clearReservation();
                return live && m.compareAndSwapInt(addr, expected, src) ? 0 : 1;
            }
            case Op.AMOADD_W -> {
                return m.fetchAddInt(addr, src);
            }
            default -> {
                for (;;) {
                    int old = m.readIntVolatile(addr);
                    int v = switch (op) {
                        case Op.AMOSWAP_W -> src;
                        case Op.AMOXOR_W -> old ^ src;
                        case Op.AMOAND_W -> old & src;
                        case Op.AMOOR_W -> old | src;
                        case Op.AMOMIN_W -> Math.min(old, src);
                        case Op.AMOMAX_W -> Math.max(old, src);
                        case Op.AMOMINU_W -> Integer.compareUnsigned(old, src) <= 0 ? old : src;
                        case Op.AMOMAXU_W -> Integer.compareUnsigned(old, src) >= 0 ? old : src;
                        default -> throw new IllegalArgumentException(Op.name(op));
                    };
                    if (m.compareAndSwapInt(addr, old, v)) {
                        return old;
                    }
                }
            }
        }
    }

    private static long dword(Hart h, HartMemory m, int op, long addr, long src) {
        switch (op) {
            case Op.LR_D -> {
                long v = m.readLongVolatile(addr);
                h.reserve(addr, 8, v);
                return v;
            }
            case Op.SC_D -> {
                boolean live = h.reservationAddress == addr && h.reservationWidth == 8;
                long expected = h.reservationValue;
                h.clearReservation();
                return live && m.compareAndSwapLong(addr, expected, src) ? 0 : 1;
            }
            case Op.AMOADD_D -> {
                return m.fetchAddLong(addr, src);
            }
            default -> {
                for (;;) {
                    long old = m.readLongVolatile(addr);
                    long v = switch (op) {
                        case Op.AMOSWAP_D -> src;
                        case Op.AMOXOR_D -> old ^ src;
                        case Op.AMOAND_D -> old & src;
                        case Op.AMOOR_D -> old | src;
                        case Op.AMOMIN_D -> Math.min(old, src);
                        case Op.AMOMAX_D -> Math.max(old, src);
                        case Op.AMOMINU_D -> Long.compareUnsigned(old, src) <= 0 ? old : src;
                        case Op.AMOMAXU_D -> Long.compareUnsigned(old, src) >= 0 ? old : src;
                        default -> throw new IllegalArgumentException(Op.name(op));
                    };
                    if (m.compareAndSwapLong(addr, old, v)) {
                        return old;
                    }
                }
            }
        }
    }
}
