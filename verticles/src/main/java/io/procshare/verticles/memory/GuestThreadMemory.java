package io.procshare.verticles.memory;

import io.procshare.codecs.Access;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One guest thread's view of a {@link GuestMemory}: the same loads, stores, atomics, fences and bulk
 * copies, with the memory model and errors described there, served through a one-entry TLB of its
 * own. Get it with {@link GuestMemory#local()} on the thread that will use it, keep it there (an
 * interpreter keeps one per hart), and never hand it to another thread: it is not thread-safe, and
 * its store mark belongs to that thread.
 *
 * <p><b>The hot path.</b> An access of at most 8 bytes to the page the TLB holds, when the page's
 * word allows it, allocates nothing, sends nothing, takes no lock and pins nothing:
 * <ul>
 * <li>A load reads the page's word (volatile), the frame, and the word again after a load-load fence,
 *     and returns only if rights, gate and epoch did not change (a seqlock read, as StampedLock's
 *     optimistic read); otherwise, or on a TLB miss, it takes the slow path, which faults if it must.
 *     A plain load inside one aligned 8-byte word of the frame is one {@code long[]} read and shifts.
 * <li>A store, volatile store, compare-and-swap or fetch-add sets the thread's
 *     {@link StoreMarkers.Mark} to the page's slot (one volatile write), reads the word, does the
 *     access if the page is writable and the gate open, and clears the mark (a release write).
 * </ul>
 *
 * <p><b>Why a store racing with a revocation is never lost (DESIGN §5).</b> Before it snapshots,
 * downgrades or discards a page, the node's event loop closes the page's gate with a CAS on the word
 * (bumping the epoch) and then waits until no pin is held and no live thread's mark names the slot.
 * The thread's mark write and word read, and the event loop's CAS and mark read, are all
 * synchronization actions, so they are totally ordered (the store-buffering litmus test with both
 * sides volatile). Either the thread's word read comes after the CAS: it sees the gate closed, stores
 * nothing, and redoes the access through a fault, after the page is installed here again; or its mark
 * write came before the CAS: then the event loop reads that mark (and waits) or a later write of it,
 * and every later write of it (the clearing release, or the next mark) follows the store, so the store
 * happens-before the snapshot. A thread that died with its mark set cannot store any more (its end
 * happens-before {@code isAlive() == false}). The price is one locked instruction per store, instead
 * of the two {@code getAndAdd} of a pin; no correct scheme under the Java memory model needs fewer,
 * since store-buffering needs a StoreLoad barrier on both sides.
 *
 * <p><b>Why volatile and atomic accesses stay sequentially consistent.</b> They are VarHandle
 * volatile or atomic accesses on the one frame of the page on this node, done while its word says
 * READ_WRITE (no other node holds any copy) or, for loads, READ_ONLY (no node may write). A page
 * leaves the node only after the event loop saw every such access end (the mark or pin release
 * happens-before the snapshot, which happens-before the install on the next node), so all of them,
 * on every node, fall into one order consistent with each thread's program order.
 */
public final class GuestThreadMemory {

    static final int PAGE_SIZE = 4096;
    static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int PAGE_SHIFT = 12;

    // frames are long[]-backed segments (8-byte aligned), so aligned layouts allow volatile and atomic access
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE).varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE).varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE).varHandle();
    private static final VarHandle SHORT_ALIGNED = ValueLayout.JAVA_SHORT.withOrder(LE).varHandle();
    private static final VarHandle INT_ALIGNED = ValueLayout.JAVA_INT.withOrder(LE).varHandle();
    private static final VarHandle LONG_ALIGNED = ValueLayout.JAVA_LONG.withOrder(LE).varHandle();
    // the same frames as long[]: element i holds bytes 8i..8i+7 in the host's byte order
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final boolean LE_HOST = ByteOrder.nativeOrder() == LE;

    private final ProcessPages pages;
    private final SlotTable slots;
    private final StoreMarkers.Mark mark;
    final Thread owner;

    // the TLB: one page, filled only after a read of its word showed rights (so the frame is published);
    // tlbBase is its first address, so (address & ~WORD_OFFSET) == tlbBase tests page and 8-byte alignment at once
    private static final long WORD_OFFSET = PAGE_MASK & ~7L;
    private long tlbBase = -1; // bits 3..11 set: matches no address
    private long tlbPage = -1;
    private PageSlot tlbSlot;
    private long[] tlbWords;
    private MemorySegment tlbFrame;

    GuestThreadMemory(ProcessPages pages, Thread owner) {
        this.pages = pages;
        this.slots = pages.slots;
        this.owner = owner;
        this.mark = pages.markers.register(owner);
    }

    // ---- plain loads and stores -----------------------------------------------------------------

    public byte readByte(long address) {
        return (byte) load(address, 1);
    }

    public short readShort(long address) {
        return (short) load(address, 2);
    }

    public int readInt(long address) {
        return (int) load(address, 4);
    }

    public long readLong(long address) {
        if ((address & ~WORD_OFFSET) == tlbBase) {
            PageSlot s = tlbSlot;
            long w = s.word;
            // the TLB's array is the page's for good: reading it first is harmless, the value counts only if valid
            long v = tlbWords[((int) address & PAGE_MASK) >>> 3];
            if (s.validate(w) & PageSlot.readable(w)) {
                return LE_HOST ? v : Long.reverseBytes(v);
            }
        }
        return loadMiss(address, 8, false);
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
        if ((address & ~WORD_OFFSET) == tlbBase) {
            PageSlot s = tlbSlot;
            mark.enter(s);
            try {
                if (PageSlot.writable(s.word)) {
                    tlbWords[((int) address & PAGE_MASK) >>> 3] = LE_HOST ? value : Long.reverseBytes(value);
                    return;
                }
            } finally {
                mark.exit();
            }
        }
        storeMiss(address, 8, value, false);
    }

    // ---- volatile and atomic --------------------------------------------------------------------

    public int readIntVolatile(long address) {
        aligned(address, 4);
        return (int) loadMiss(address, 4, true);
    }

    /**
     * The volatile int at {@code address} if its page is resident here with read rights now, else
     * {@link #NOT_RESIDENT}: never faults, never blocks, touches no TLB (any thread may call it). For a
     * check that must not wait for another node while it holds a lock (the futex word, issue 13).
     */
    public long peekIntVolatile(long address) {
        aligned(address, 4);
        PageSlot s = slots.get(address >>> PAGE_SHIFT);
        if (s != null) {
            long w = s.word;
            if (PageSlot.readable(w)) {
                long v = get(s.frame, (int) address & PAGE_MASK, 4, true);
                if (s.validate(w)) {
                    return v;
                }
            }
        }
        return NOT_RESIDENT;
    }

    /** {@link #peekIntVolatile}'s answer for a page that is not resident: outside the int range. */
    public static final long NOT_RESIDENT = Long.MIN_VALUE;

    public long readLongVolatile(long address) {
        aligned(address, 8);
        if (address >>> PAGE_SHIFT == tlbPage) {
            PageSlot s = tlbSlot;
            long w = s.word;
            if (PageSlot.readable(w)) {
                long v = (long) WORDS.getVolatile(tlbWords, ((int) address & PAGE_MASK) >>> 3);
                if (s.validate(w)) {
                    return LE_HOST ? v : Long.reverseBytes(v);
                }
            }
        }
        return loadMiss(address, 8, true);
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
        long off = (int) address & PAGE_MASK;
        MemorySegment f = enterWritable(address);
        if (f != null) {
            try {
                return LONG_ALIGNED.compareAndSet(f, off, expected, update);
            } finally {
                mark.exit();
            }
        }
        PageSlot p = fault(address, Access.WRITE);
        try {
            return LONG_ALIGNED.compareAndSet(p.frame, off, expected, update);
        } finally {
            p.unpin();
        }
    }

    public boolean compareAndSwapInt(long address, int expected, int update) {
        aligned(address, 4);
        long off = (int) address & PAGE_MASK;
        MemorySegment f = enterWritable(address);
        if (f != null) {
            try {
                return INT_ALIGNED.compareAndSet(f, off, expected, update);
            } finally {
                mark.exit();
            }
        }
        PageSlot p = fault(address, Access.WRITE);
        try {
            return INT_ALIGNED.compareAndSet(p.frame, off, expected, update);
        } finally {
            p.unpin();
        }
    }

    /** Atomically adds {@code delta} to the 8 bytes at {@code address}; returns the previous value. */
    public long fetchAddLong(long address, long delta) {
        aligned(address, 8);
        long off = (int) address & PAGE_MASK;
        MemorySegment f = enterWritable(address);
        if (f != null) {
            try {
                return (long) LONG_ALIGNED.getAndAdd(f, off, delta);
            } finally {
                mark.exit();
            }
        }
        PageSlot p = fault(address, Access.WRITE);
        try {
            return (long) LONG_ALIGNED.getAndAdd(p.frame, off, delta);
        } finally {
            p.unpin();
        }
    }

    public int fetchAddInt(long address, int delta) {
        aligned(address, 4);
        long off = (int) address & PAGE_MASK;
        MemorySegment f = enterWritable(address);
        if (f != null) {
            try {
                return (int) INT_ALIGNED.getAndAdd(f, off, delta);
            } finally {
                mark.exit();
            }
        }
        PageSlot p = fault(address, Access.WRITE);
        try {
            return (int) INT_ALIGNED.getAndAdd(p.frame, off, delta);
        } finally {
            p.unpin();
        }
    }

    /** A full fence (riscv {@code fence rw,rw}). */
    public void fence() {
        VarHandle.fullFence();
    }

    // ---- bulk -----------------------------------------------------------------------------------

    /** Copies {@code length} bytes at {@code address} into {@code dst[offset..]}, page by page. */
    public void read(long address, byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        prefetch(address, length, Access.READ);
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
        Objects.checkFromIndexSize(offset, length, src.length);
        prefetch(address, length, Access.WRITE);
        while (length > 0) {
            int off = (int) address & PAGE_MASK;
            int chunk = Math.min(length, PAGE_SIZE - off);
            PageSlot s = pin(address, Access.WRITE);
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

    // ---- the access path ------------------------------------------------------------------------

    /** A plain load; inside one aligned 8-byte word of the TLB's page: one array read and shifts. */
    private long load(long address, int size) {
        int off = (int) address & PAGE_MASK;
        int bit = off & 7;
        if (bit + size <= 8 && address >>> PAGE_SHIFT == tlbPage) {
            PageSlot s = tlbSlot;
            long w = s.word;
            if (PageSlot.readable(w)) {
                long v = tlbWords[off >>> 3];
                if (s.validate(w)) {
                    return extract(v, bit, size);
                }
            }
        }
        return loadMiss(address, size, false);
    }

    /** Bytes {@code [bit, bit + size)} of a frame word, as a sign-extended little-endian value. */
    private static long extract(long raw, int bit, int size) {
        long v = LE_HOST ? raw : Long.reverseBytes(raw);
        return (v << (64 - 8 * (bit + size))) >> (64 - 8 * size);
    }

    private long loadMiss(long address, int size, boolean volatileAccess) {
        checkOwner();
        int off = (int) address & PAGE_MASK;
        if (off > PAGE_SIZE - size) {
            return loadSpanning(address, size);
        }
        PageSlot s = slots.get(address >>> PAGE_SHIFT);
        if (s != null) {
            long w = s.word;
            if (PageSlot.readable(w)) {
                cache(s);
                long v = get(s.frame, off, size, volatileAccess);
                if (s.validate(w)) {
                    return v;
                }
            }
        }
        PageSlot p = fault(address, Access.READ);
        try {
            return get(p.frame, off, size, volatileAccess);
        } finally {
            p.unpin();
        }
    }

    /** A store: marks the thread's store in flight instead of pinning (see the class comment). */
    private void store(long address, int size, long value, boolean volatileAccess) {
        int off = (int) address & PAGE_MASK;
        if (address >>> PAGE_SHIFT == tlbPage && off <= PAGE_SIZE - size) {
            PageSlot s = tlbSlot;
            mark.enter(s);
            try {
                if (PageSlot.writable(s.word)) {
                    put(tlbWords, tlbFrame, off, size, value, volatileAccess);
                    return;
                }
            } finally {
                mark.exit();
            }
        }
        storeMiss(address, size, value, volatileAccess);
    }

    private void storeMiss(long address, int size, long value, boolean volatileAccess) {
        checkOwner();
        int off = (int) address & PAGE_MASK;
        if (off > PAGE_SIZE - size) {
            storeSpanning(address, size, value);
            return;
        }
        PageSlot s = slots.get(address >>> PAGE_SHIFT);
        if (s != null) {
            mark.enter(s);
            try {
                if (PageSlot.writable(s.word)) {
                    cache(s);
                    put(s.longs, s.frame, off, size, value, volatileAccess);
                    return;
                }
            } finally {
                mark.exit();
            }
        }
        PageSlot p = fault(address, Access.WRITE);
        try {
            put(p.longs, p.frame, off, size, value, volatileAccess);
        } finally {
            p.unpin();
        }
    }

    /**
     * For an atomic: marks a store in flight and returns the frame if the page is writable here (the
     * caller then accesses it and calls {@code mark.exit()}); else clears the mark and returns null.
     */
    private MemorySegment enterWritable(long address) {
        long page = address >>> PAGE_SHIFT;
        PageSlot s = tlbSlot;
        if (page != tlbPage) {
            checkOwner();
            s = slots.get(page);
        }
        if (s == null) {
            return null;
        }
        mark.enter(s);
        if (PageSlot.writable(s.word)) {
            try {
                cache(s); // only after the word showed rights: then s.longs and s.frame are set
            } catch (Throwable t) {
                // e.g. StackOverflowError before the caller's finally: a mark left set would stall
                // every revocation of this page
                mark.exit();
                throw t;
            }
            return s.frame;
        }
        mark.exit();
        return null;
    }

    private static void put(long[] words, MemorySegment frame, int off, int size, long value, boolean volatileAccess) {
        if (size == 8 && (off & 7) == 0) {
            long raw = LE_HOST ? value : Long.reverseBytes(value);
            if (volatileAccess) {
                WORDS.setVolatile(words, off >>> 3, raw);
            } else {
                words[off >>> 3] = raw;
            }
        } else {
            set(frame, off, size, value, volatileAccess);
        }
    }

    /**
     * Fills the TLB; only with a slot whose word was just seen with rights (its frame is then
     * published). A TLB that holds a retired slot misses for good (its gate never opens again).
     */
    private void cache(PageSlot s) {
        if (s != tlbSlot) { // by identity: a page whose slot was retired gets a new slot and frame
            tlbSlot = s;
            tlbWords = s.longs;
            tlbFrame = s.frame;
            tlbPage = s.page;
            tlbBase = s.page << PAGE_SHIFT;
        }
    }

    /** Off the hot path (TLB miss): the mark and the TLB belong to the thread that made this view. */
    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("the guest memory view of thread " + owner.getName() + " used on "
                    + Thread.currentThread().getName() + ": get one per thread with GuestMemory.local()");
        }
    }

    /** Blocks until the page is resident for {@code access}; returns it pinned, and in the TLB. */
    private PageSlot fault(long address, byte access) {
        checkOwner();
        PageSlot p = pages.fault(address >>> PAGE_SHIFT, access, address);
        cache(p);
        return p;
    }

    /** Most pages one bulk copy asks for ahead of itself. */
    private static final int PREFETCH_MAX = 256;

    /**
     * A copy over several pages asks for the pages after its first at once (their faults overlap),
     * unless they are all here already; the first page is faulted by the copy itself.
     */
    private void prefetch(long address, int length, byte access) {
        if (length == 0) {
            return;
        }
        long first = address >>> PAGE_SHIFT;
        long last = (address + length - 1) >>> PAGE_SHIFT;
        if (last == first) {
            return;
        }
        for (long p = first + 1; p <= last; p++) {
            PageSlot s = slots.get(p);
            if (s == null || !PageSlot.allows(s.word, access)) {
                pages.prefetch(p, (int) Math.min(last - p + 1, PREFETCH_MAX), access);
                return;
            }
        }
    }

    private PageSlot pin(long address, byte access) {
        PageSlot s = slots.get(address >>> PAGE_SHIFT);
        if (s != null && s.tryPin(access)) {
            return s;
        }
        return pages.fault(address >>> PAGE_SHIFT, access, address);
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
