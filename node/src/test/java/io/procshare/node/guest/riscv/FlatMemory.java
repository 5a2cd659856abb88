package io.procshare.node.guest.riscv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import io.procshare.node.guest.riscv.elf.LoadTarget;

/**
 * Test-scope guest memory: the low 4 GiB of the address space as 4 KiB pages allocated on map,
 * with per-page rights; an access outside a mapping or without the right throws
 * {@link Fault}. Atomic operations are sequentially consistent by being synchronized (one hart).
 */
public final class FlatMemory implements HartMemory, LoadTarget {

    public static final long LIMIT = 1L << 32;
    private static final int SHIFT = 12, PAGE = 1 << SHIFT, MASK = PAGE - 1;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[][] pages = new byte[(int) (LIMIT >>> SHIFT)][];
    private final byte[] prot = new byte[(int) (LIMIT >>> SHIFT)];

    /** A segmentation fault of the guest: the address and what was tried. */
    public static final class Fault extends RuntimeException {
        public final long address;

        public Fault(long address, String what) {
            super("segmentation fault: " + what + " at 0x" + Long.toHexString(address));
            this.address = address;
        }
    }

    @Override
    public void map(long start, long length, int p) {
        check(start, length);
        for (long a = start; a < start + length; a += PAGE) {
            int i = (int) (a >>> SHIFT);
            pages[i] = new byte[PAGE];
            prot[i] = (byte) p;
        }
    }

    @Override
    public void protect(long start, long length, int p) {
        check(start, length);
        for (long a = start; a < start + length; a += PAGE) {
            int i = (int) (a >>> SHIFT);
            if (pages[i] == null) {
                throw new Fault(a, "mprotect of an unmapped page");
            }
            prot[i] = (byte) p;
        }
    }

    public void unmap(long start, long length) {
        check(start, length);
        for (long a = start; a < start + length; a += PAGE) {
            pages[(int) (a >>> SHIFT)] = null;
            prot[(int) (a >>> SHIFT)] = 0;
        }
    }

    public boolean isMapped(long address) {
        return address >= 0 && address < LIMIT && pages[(int) (address >>> SHIFT)] != null;
    }

    public int protection(long address) {
        return prot[(int) (address >>> SHIFT)];
    }

    private static void check(long start, long length) {
        if ((start & MASK) != 0 || (length & MASK) != 0 || start < 0 || start + length > LIMIT) {
            throw new IllegalArgumentException("bad range 0x" + Long.toHexString(start) + "+" + length);
        }
    }

    private byte[] page(long a, int right) {
        if (a < 0 || a >= LIMIT) {
            throw new Fault(a, "access");
        }
        int i = (int) (a >>> SHIFT);
        byte[] pg = pages[i];
        if (pg == null || (prot[i] & right) == 0) {
            throw new Fault(a, right == PROT_WRITE ? "write" : "read");
        }
        return pg;
    }

    @Override
    public void write(long address, byte[] b, int off, int len) {
        for (int k = 0; k < len; k++) {
            long a = address + k;
            int i = (int) (a >>> SHIFT);
            if (a < 0 || a >= LIMIT || pages[i] == null) {
                throw new Fault(a, "write");
            }
            pages[i][(int) (a & MASK)] = b[off + k];
        }
    }

    @Override
    public byte readByte(long a) {
        return page(a, PROT_READ)[(int) (a & MASK)];
    }

    @Override
    public short readShort(long a) {
        if ((a & MASK) <= PAGE - 2) {
            return (short) SHORT.get(page(a, PROT_READ), (int) (a & MASK));
        }
        return (short) slowRead(a, 2);
    }

    @Override
    public int readInt(long a) {
        if ((a & MASK) <= PAGE - 4) {
            return (int) INT.get(page(a, PROT_READ), (int) (a & MASK));
        }
        return (int) slowRead(a, 4);
    }

    @Override
    public long readLong(long a) {
        if ((a & MASK) <= PAGE - 8) {
            return (long) LONG.get(page(a, PROT_READ), (int) (a & MASK));
        }
        return slowRead(a, 8);
    }

    private long slowRead(long a, int n) {
        long v = 0;
        for (int k = n - 1; k >= 0; k--) {
            v = (v << 8) | (readByte(a + k) & 0xff);
        }
        return v;
    }

    private void slowWrite(long a, long v, int n) {
        for (int k = 0; k < n; k++) {
            page(a + k, PROT_WRITE);
        }
        for (int k = 0; k < n; k++) {
            writeByte(a + k, (byte) (v >>> (8 * k)));
        }
    }

    @Override
    public void writeByte(long a, byte v) {
        page(a, PROT_WRITE)[(int) (a & MASK)] = v;
    }

    @Override
    public void writeShort(long a, short v) {
        if ((a & MASK) <= PAGE - 2) {
            SHORT.set(page(a, PROT_WRITE), (int) (a & MASK), v);
        } else {
            slowWrite(a, v, 2);
        }
    }

    @Override
    public void writeInt(long a, int v) {
        if ((a & MASK) <= PAGE - 4) {
            INT.set(page(a, PROT_WRITE), (int) (a & MASK), v);
        } else {
            slowWrite(a, v, 4);
        }
    }

    @Override
    public void writeLong(long a, long v) {
        if ((a & MASK) <= PAGE - 8) {
            LONG.set(page(a, PROT_WRITE), (int) (a & MASK), v);
        } else {
            slowWrite(a, v, 8);
        }
    }

    @Override
    public synchronized int readIntVolatile(long a) {
        return readInt(a);
    }

    @Override
    public synchronized long readLongVolatile(long a) {
        return readLong(a);
    }

    @Override
    public synchronized void writeIntVolatile(long a, int v) {
        writeInt(a, v);
    }

    @Override
    public synchronized void writeLongVolatile(long a, long v) {
        writeLong(a, v);
    }

    @Override
    public synchronized boolean compareAndSwapInt(long a, int expected, int update) {
        page(a, PROT_WRITE);
        if (readInt(a) != expected) {
            return false;
        }
        writeInt(a, update);
        return true;
    }

    @Override
    public synchronized boolean compareAndSwapLong(long a, long expected, long update) {
        page(a, PROT_WRITE);
        if (readLong(a) != expected) {
            return false;
        }
        writeLong(a, update);
        return true;
    }

    @Override
    public synchronized int fetchAddInt(long a, int delta) {
        page(a, PROT_WRITE);
        int v = readInt(a);
        writeInt(a, v + delta);
        return v;
    }

    @Override
    public synchronized long fetchAddLong(long a, long delta) {
        page(a, PROT_WRITE);
        long v = readLong(a);
        writeLong(a, v + delta);
        return v;
    }

    @Override
    public void fence() {
        VarHandle.fullFence();
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        for (int k = 0; k < length; k++) {
            dst[offset + k] = readByte(address + k);
        }
    }
}
