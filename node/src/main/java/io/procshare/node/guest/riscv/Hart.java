package io.procshare.node.guest.riscv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The architectural state of one guest thread (one RISC-V hart): x0-x31, f0-f31 (raw 64-bit
 * patterns, single-precision values NaN-boxed), pc and fcsr (frm in bits 7..5, fflags in 4..0).
 * The engine reads and writes the arrays directly; x[0] is kept 0 by the engine. Used by one
 * guest thread only.
 *
 * <p>{@link #context()} and {@link #restore} carry the state of a clone's parent to the node that
 * starts the child (the ThreadStart message's opaque context).
 */
public final class Hart {

    /** Bytes of {@link #context()}: 32 x, 32 f, pc, fcsr. */
    public static final int CONTEXT_BYTES = (32 + 32 + 2) * Long.BYTES;

    public final long[] x = new long[32];
    public final long[] f = new long[32];
    public long pc;
    public int fcsr;

    /**
     * Instructions retired by this hart, counted per executed block (for benchmarks and the
     * instret/cycle CSRs); not part of {@link #context()}.
     */
    public long retired;

    /**
     * Set by another thread (exit_group, kill) to stop this hart: the engine checks it between
     * blocks and on every backward jump of a compiled loop, and then throws HartStoppedException.
     */
    public volatile boolean stopRequested;

    /** The LR reservation: address (-1 when none), width in bytes and the value LR read. */
    public long reservationAddress = -1;
    public int reservationWidth;
    public long reservationValue;

    /** Register numbers of the ABI names the front-end uses. */
    public static final int RA = 1, SP = 2, GP = 3, TP = 4, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15,
            A7 = 17;

    public long x(int i) {
        return x[i];
    }

    public void setX(int i, long value) {
        if (i != 0) {
            x[i] = value;
        }
    }

    /** Sets the reservation of an LR of {@code width} bytes at {@code address} that read {@code value}. */
    public void reserve(long address, int width, long value) {
        reservationAddress = address;
        reservationWidth = width;
        reservationValue = value;
    }

    /** Drops the reservation (every SC does, as do traps and context switches). */
    public void clearReservation() {
        reservationAddress = -1;
    }

    /** The whole state, little-endian, {@link #CONTEXT_BYTES} long. */
    public byte[] context() {
        ByteBuffer b = ByteBuffer.allocate(CONTEXT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : x) {
            b.putLong(v);
        }
        for (long v : f) {
            b.putLong(v);
        }
        b.putLong(pc).putLong(fcsr & 0xFFL);
        return b.array();
    }

    /** A hart with the state of {@link #context()}; x0 stays 0. */
    public static Hart restore(byte[] context) {
        if (context.length != CONTEXT_BYTES) {
            throw new IllegalArgumentException("a riscv64 context is " + CONTEXT_BYTES + " bytes, not " + context.length);
        }
        ByteBuffer b = ByteBuffer.wrap(context).order(ByteOrder.LITTLE_ENDIAN);
        Hart h = new Hart();
        for (int i = 0; i < 32; i++) {
            h.x[i] = b.getLong();
        }
        h.x[0] = 0;
        for (int i = 0; i < 32; i++) {
            h.f[i] = b.getLong();
        }
        h.pc = b.getLong();
        h.fcsr = (int) (b.getLong() & 0xFF);
        return h;
    }
}
