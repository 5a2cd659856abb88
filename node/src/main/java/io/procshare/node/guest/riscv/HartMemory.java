package io.procshare.node.guest.riscv;

/**
 * Guest memory as one hart sees it: the operations of the shared memory's per-thread view
 * ({@code io.procshare.verticles.memory.GuestThreadMemory}), which the node's adapter passes through
 * one to one. Little-endian, 64-bit guest addresses. Used by one guest thread only.
 *
 * <p>Faults: an implementation throws an unchecked exception for an access outside every mapping
 * or without the right (the shared memory's {@code SegmentationFault}), or when the page cannot be
 * had (a lost node); the engine does not catch it, and leaves the hart's pc at the instruction
 * that made the access, so the front-end can report it.
 *
 * <p>Memory model: plain accesses are coherent per location; the volatile, compare-and-swap and
 * fetch-add accesses and {@link #fence()} are sequentially consistent across every hart of the
 * process on every node (DESIGN §5). The engine maps LR/SC, AMOs and FENCE onto them.
 */
public interface HartMemory {

    byte readByte(long address);

    short readShort(long address);

    int readInt(long address);

    long readLong(long address);

    void writeByte(long address, byte value);

    void writeShort(long address, short value);

    void writeInt(long address, int value);

    void writeLong(long address, long value);

    int readIntVolatile(long address);

    long readLongVolatile(long address);

    void writeIntVolatile(long address, int value);

    void writeLongVolatile(long address, long value);

    boolean compareAndSwapInt(long address, int expected, int update);

    boolean compareAndSwapLong(long address, long expected, long update);

    int fetchAddInt(long address, int delta);

    long fetchAddLong(long address, long delta);

    /** A full fence: every earlier access of this hart is ordered before every later one. */
    void fence();

    /** Copies {@code length} bytes from {@code address} into {@code dst[offset..]}. */
    void read(long address, byte[] dst, int offset, int length);

    /** Copies {@code src[offset..offset+length)} to {@code address}. */
    void write(long address, byte[] src, int offset, int length);
}
