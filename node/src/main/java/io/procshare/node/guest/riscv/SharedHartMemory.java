package io.procshare.node.guest.riscv;

import io.procshare.verticles.memory.GuestThreadMemory;

/**
 * A hart's memory: the shared memory's per-thread view, passed through one to one (its one-entry
 * TLB is the translation cache of DESIGN §7; a miss or a missing right faults through the DSM).
 * Made on the guest thread that uses it.
 */
final class SharedHartMemory implements HartMemory {

    private final GuestThreadMemory m;

    SharedHartMemory(GuestThreadMemory m) {
        this.m = m;
    }

    @Override
    public byte readByte(long address) {
        return m.readByte(address);
    }

    @Override
    public short readShort(long address) {
        return m.readShort(address);
    }

    @Override
    public int readInt(long address) {
        return m.readInt(address);
    }

    @Override
    public long readLong(long address) {
        return m.readLong(address);
    }

    @Override
    public void writeByte(long address, byte value) {
        m.writeByte(address, value);
    }

    @Override
    public void writeShort(long address, short value) {
        m.writeShort(address, value);
    }

    @Override
    public void writeInt(long address, int value) {
        m.writeInt(address, value);
    }

    @Override
    public void writeLong(long address, long value) {
        m.writeLong(address, value);
    }

    @Override
    public int readIntVolatile(long address) {
        return m.readIntVolatile(address);
    }

    @Override
    public long readLongVolatile(long address) {
        return m.readLongVolatile(address);
    }

    @Override
    public void writeIntVolatile(long address, int value) {
        m.writeIntVolatile(address, value);
    }

    @Override
    public void writeLongVolatile(long address, long value) {
        m.writeLongVolatile(address, value);
    }

    @Override
    public boolean compareAndSwapInt(long address, int expected, int update) {
        return m.compareAndSwapInt(address, expected, update);
    }

    @Override
    public boolean compareAndSwapLong(long address, long expected, long update) {
        return m.compareAndSwapLong(address, expected, update);
    }

    @Override
    public int fetchAddInt(long address, int delta) {
        return m.fetchAddInt(address, delta);
    }

    @Override
    public long fetchAddLong(long address, long delta) {
        return m.fetchAddLong(address, delta);
    }

    @Override
    public void fence() {
        m.fence();
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        m.read(address, dst, offset, length);
    }

    @Override
    public void write(long address, byte[] src, int offset, int length) {
        m.write(address, src, offset, length);
    }
}
