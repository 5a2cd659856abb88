package io.procshare.verticles.memory;

import io.procshare.codecs.Access;
import io.procshare.verticles.memory.space.AddressSpace;
import io.procshare.verticles.memory.space.AddressSpaceException;
import io.procshare.verticles.memory.space.MapChange;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The memory of one shared process as its guest threads on one node see it (DESIGN §5): 64-bit
 * guest addresses, little-endian as on riscv64, loads and stores of 1, 2, 4 and 8 bytes, bulk
 * copies, compare-and-swap, fetch-add and fences. Get one from {@link MemoryService}.
 *
 * <p><b>Memory model.</b> Plain accesses are coherent per location. Volatile and atomic accesses
 * (the {@code *Volatile} methods, {@code compareAndSwap*}, {@code fetchAdd*}) and {@link #fence} are
 * sequentially consistent among all threads of the process, on this node and on every other: an
 * atomic read-modify-write holds its page READ_WRITE (one writer in the cluster) for its whole
 * duration and is a VarHandle volatile RMW on the frame; pages move between nodes only through the
 * home, after every access in flight ended. Atomic and volatile accesses must be naturally aligned
 * ({@link IllegalArgumentException} otherwise); plain ones may be unaligned, and one that spans two
 * pages is done byte by byte.
 *
 * <p><b>Threads.</b> Any number of guest threads may use one instance concurrently. An access to a
 * resident page with the rights it needs (the hot path) allocates nothing, sends nothing and takes
 * no lock: a load is a seqlock-style optimistic read (the page's word, the frame, the word again);
 * a store or atomic pins the page with one {@code getAndAdd} on that word and unpins with another.
 * Otherwise the thread faults: it blocks (so guest threads must never be event-loop threads) until
 * the node's {@link PageFaultVerticle} has the page, at most {@link MemoryConfig#faultTimeoutMs()}
 * ({@link PageFaultTimeoutException}). An access that no mapping allows throws
 * {@link SegmentationFault}; one that cannot be served (home lost) {@link PageUnavailableException}.
 *
 * <p><b>Map changes</b> ({@link #mmap}, {@link #munmap}, {@link #mprotect}, {@link #brk}) run at the
 * home, so only the instance on the home node accepts them (elsewhere they go through the syscall
 * unit, issue 5); munmap and a rights-removing mprotect return only after every node dropped the
 * affected access (shootdown).
 */
public final class GuestMemory {

    static final int PAGE_SIZE = 4096;
    static final int PAGE_MASK = PAGE_SIZE - 1;

    // frames are long[]-backed segments (8-byte aligned), so aligned layouts allow volatile and atomic access
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE).varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE).varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE).varHandle();
    private static final VarHandle SHORT_ALIGNED = ValueLayout.JAVA_SHORT.withOrder(LE).varHandle();
    private static final VarHandle INT_ALIGNED = ValueLayout.JAVA_INT.withOrder(LE).varHandle();
    private static final VarHandle LONG_ALIGNED = ValueLayout.JAVA_LONG.withOrder(LE).varHandle();

    private final ProcessPages pages;
    private final SlotTable slots;
    private final InvalidationVerticle home;
    private final long timeoutMs;

    GuestMemory(ProcessPages pages, InvalidationVerticle home, long timeoutMs) {
        this.pages = pages;
        this.slots = pages.slots;
        this.home = home;
        this.timeoutMs = timeoutMs;
    }

    public long pid() {
        return pages.pid;
    }

    /** Node id of the process's home. */
    public String home() {
        return pages.home;
    }

    /** Node id of the node this instance runs on. */
    public String node() {
        return pages.self;
    }

    // ---- plain loads and stores -----------------------------------------------------------------

    public byte readByte(long address) {
        return (byte) load(address, 1, false);
    }

    public short readShort(long address) {
        return (short) load(address, 2, false);
    }

    public int readInt(long address) {
        return (int) load(address, 4, false);
    }

    public long readLong(long address) {
        return load(address, 8, false);
    }

    public void writeByte(long address, byte value) {
        store(address, 1, value, false);
    }

    public void writeShort(long address, short value) {
        store(address, 2, value, false);
    }

    public void writeInt(long address, int value) {
        store(address, 4, value, false);
    }

    public void writeLong(long address, long value) {
        store(address, 8, value, false);
    }

    // ---- volatile and atomic --------------------------------------------------------------------

    public int readIntVolatile(long address) {
        aligned(address, 4);
        return (int) load(address, 4, true);
    }

    public long readLongVolatile(long address) {
        aligned(address, 8);
        return load(address, 8, true);
    }

    public void writeIntVolatile(long address, int value) {
        aligned(address, 4);
        store(address, 4, value, true);
    }

    public void writeLongVolatile(long address, long value) {
        aligned(address, 8);
        store(address, 8, value, true);
    }

    /** Atomically sets the 8 bytes at {@code address} to {@code update} if they hold {@code expected}. */
    public boolean compareAndSwapLong(long address, long expected, long update) {
        aligned(address, 8);
        PageSlot s = pinWrite(address);
        try {
            return LONG_ALIGNED.compareAndSet(s.frame, (long) ((int) address & PAGE_MASK), expected, update);
        } finally {
            s.unpin();
        }
    }

    public boolean compareAndSwapInt(long address, int expected, int update) {
        aligned(address, 4);
        PageSlot s = pinWrite(address);
        try {
            return INT_ALIGNED.compareAndSet(s.frame, (long) ((int) address & PAGE_MASK), expected, update);
        } finally {
            s.unpin();
        }
    }

    /** Atomically adds {@code delta} to the 8 bytes at {@code address}; returns the previous value. */
    public long fetchAddLong(long address, long delta) {
        aligned(address, 8);
        PageSlot s = pinWrite(address);
        try {
            return (long) LONG_ALIGNED.getAndAdd(s.frame, (long) ((int) address & PAGE_MASK), delta);
        } finally {
            s.unpin();
        }
    }

    public int fetchAddInt(long address, int delta) {
        aligned(address, 4);
        PageSlot s = pinWrite(address);
        try {
            return (int) INT_ALIGNED.getAndAdd(s.frame, (long) ((int) address & PAGE_MASK), delta);
        } finally {
            s.unpin();
        }
    }

    /** A full fence (riscv {@code fence rw,rw}). */
    public void fence() {
        VarHandle.fullFence();
    }

    // ---- bulk -----------------------------------------------------------------------------------

    /** Copies {@code length} bytes at {@code address} into {@code dst[offset..]}, page by page. */
    public void read(long address, byte[] dst, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, dst.length);
        while (length > 0) {
            int off = (int) address & PAGE_MASK;
            int chunk = Math.min(length, PAGE_SIZE - off);
            PageSlot s = pin(address, Access.READ);
            try {
                MemorySegment.copy(s.frame, ValueLayout.JAVA_BYTE, off, dst, offset, chunk);
            } finally {
                s.unpin();
            }
            address += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    /** Copies {@code src[offset..offset+length)} to {@code address}, page by page. */
    public void write(long address, byte[] src, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, src.length);
        while (length > 0) {
            int off = (int) address & PAGE_MASK;
            int chunk = Math.min(length, PAGE_SIZE - off);
            PageSlot s = pinWrite(address);
            try {
                MemorySegment.copy(src, offset, s.frame, ValueLayout.JAVA_BYTE, off, chunk);
            } finally {
                s.unpin();
            }
            address += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    // ---- map changes (home only) ----------------------------------------------------------------

    /**
     * Anonymous mmap at the home; returns the address. See {@link AddressSpace#mmap}.
     *
     * @throws AddressSpaceException with the errno the syscall returns
     */
    public long mmap(long hint, long length, int prot, boolean fixed) {
        return mapOp(s -> s.mmap(hint, length, prot, fixed)).result();
    }

    /** munmap at the home; returns after every node discarded its copies of the range. */
    public void munmap(long address, long length) {
        mapOp(s -> s.munmap(address, length));
    }

    /** mprotect at the home; returns after every node dropped rights the new protection removes. */
    public void mprotect(long address, long length, int prot) {
        mapOp(s -> s.mprotect(address, length, prot));
    }

    /** brk at the home; returns the new break (the old one if it could not move). */
    public long brk(long requested) {
        return mapOp(s -> s.brk(requested)).result();
    }

    private MapChange mapOp(Function<AddressSpace, MapChange> op) {
        if (home == null) {
            throw new UnsupportedOperationException("map changes of pid " + pages.pid + " run at its home "
                    + pages.home + ", not on " + pages.self + ": forward the syscall to the home");
        }
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("map change of pid " + pages.pid + " from an event-loop thread");
        }
        Future<MapChange> f = home.mapOp(pages.pid, op);
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("map change of pid " + pages.pid + " not done within " + timeoutMs
                    + " ms: a node does not ack its shootdown", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a map change of pid " + pages.pid, e);
        }
    }

    // ---- the access path ------------------------------------------------------------------------

    private long load(long address, int size, boolean volatileAccess) {
        int off = (int) address & PAGE_MASK;
        if (off > PAGE_SIZE - size) {
            return loadSpanning(address, size);
        }
        PageSlot s = slots.get(address >>> 12);
        if (s != null) {
            long w = s.word;
            if (PageSlot.readable(w)) {
                long v = get(s.frame, off, size, volatileAccess);
                if (s.validate(w)) {
                    return v;
                }
            }
        }
        PageSlot p = pages.fault(address >>> 12, Access.READ, address);
        try {
            return get(p.frame, off, size, volatileAccess);
        } finally {
            p.unpin();
        }
    }

    private void store(long address, int size, long value, boolean volatileAccess) {
        int off = (int) address & PAGE_MASK;
        if (off > PAGE_SIZE - size) {
            storeSpanning(address, size, value);
            return;
        }
        PageSlot s = pinWrite(address);
        try {
            set(s.frame, off, size, value, volatileAccess);
        } finally {
            s.unpin();
        }
    }

    private PageSlot pinWrite(long address) {
        return pin(address, Access.WRITE);
    }

    private PageSlot pin(long address, byte access) {
        PageSlot s = slots.get(address >>> 12);
        if (s != null && s.tryPin(access)) {
            return s;
        }
        return pages.fault(address >>> 12, access, address);
    }

    private static long get(MemorySegment frame, long off, int size, boolean v) {
        return switch (size) {
            case 1 -> v ? (byte) BYTE.getVolatile(frame, off) : (byte) BYTE.get(frame, off);
            case 2 -> v ? (short) SHORT_ALIGNED.getVolatile(frame, off) : (short) SHORT.get(frame, off);
            case 4 -> v ? (int) INT_ALIGNED.getVolatile(frame, off) : (int) INT.get(frame, off);
            default -> v ? (long) LONG_ALIGNED.getVolatile(frame, off) : (long) LONG.get(frame, off);
        };
    }

    private static void set(MemorySegment frame, long off, int size, long value, boolean v) {
        switch (size) {
            case 1 -> {
                if (v) {
                    BYTE.setVolatile(frame, off, (byte) value);
                } else {
                    BYTE.set(frame, off, (byte) value);
                }
            }
            case 2 -> {
                if (v) {
                    SHORT_ALIGNED.setVolatile(frame, off, (short) value);
                } else {
                    SHORT.set(frame, off, (short) value);
                }
            }
            case 4 -> {
                if (v) {
                    INT_ALIGNED.setVolatile(frame, off, (int) value);
                } else {
                    INT.set(frame, off, (int) value);
                }
            }
            default -> {
                if (v) {
                    LONG_ALIGNED.setVolatile(frame, off, value);
                } else {
                    LONG.set(frame, off, value);
                }
            }
        }
    }

    /** A plain access across a page boundary: byte by byte, little-endian. */
    private long loadSpanning(long address, int size) {
        byte[] b = new byte[size];
        read(address, b, 0, size);
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return size == 8 ? v : (v << (64 - 8 * size)) >> (64 - 8 * size);
    }

    private void storeSpanning(long address, int size, long value) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        write(address, b, 0, size);
    }

    private static void aligned(long address, int size) {
        if ((address & (size - 1)) != 0) {
            throw new IllegalArgumentException("misaligned " + size + "-byte atomic access at 0x" + Long.toHexString(address));
        }
    }
}
