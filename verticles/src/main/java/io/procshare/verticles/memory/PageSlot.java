package io.procshare.verticles.memory;

import io.procshare.codecs.Access;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * One page of one process on one node as the guest fast path sees it: a frame and one 64-bit word
 * that every guest thread and the node's event loop agree through.
 *
 * <pre>
 *  bits  0..31  pins    guest accesses in flight (writes, atomics, bulk copies, slow-path reads)
 *  bits 32..33  rights  0, Access.READ or Access.WRITE: min(page state, map protection)
 *  bit  34      gate    closed while a revocation or shootdown waits for pins to drain
 *  bits 35..63  epoch   bumped at every gate close: optimistic readers re-check it
 * </pre>
 *
 * A plain, volatile or atomic access of at most 8 bytes to a resident page does not pin. A load
 * reads the word, the frame, and the word again, and retries the slow way if the upper 32 bits
 * changed (a seqlock read; StampedLock's optimistic read, without its lock). A store or atomic sets
 * the thread's {@link StoreMarkers.Mark} to this slot (one volatile write), checks rights and gate in
 * the word, stores, and clears the mark. Slow-path accesses (after a fault) and bulk copies pin with
 * one {@code getAndAdd} and unpin with another. The event loop closes the gate with a CAS and
 * answers a revocation only when the pins are 0 and no thread's mark names the slot: so a store is
 * either in the snapshot or made after the page was installed again, never lost (DESIGN §5).
 *
 * <p>Fields other than {@link #word}, {@link #frame} and {@link #longs} are confined to the event loop.
 */
final class PageSlot {

    static final long PINS_MASK = 0xFFFF_FFFFL;
    static final int RIGHTS_SHIFT = 32;
    static final long RIGHTS_MASK = 3L << RIGHTS_SHIFT;
    static final long GATE = 1L << 34;
    static final long EPOCH = 1L << 35;

    private static final VarHandle WORD;

    static {
        try {
            WORD = MethodHandles.lookup().findVarHandle(PageSlot.class, "word", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long page;
    final ProcessPages owner;
    volatile long word;
    /**
     * The PageNode's frame as a segment; set by the event loop before the first grant of rights
     * (published by the word's volatile write), never changed after.
     */
    java.lang.foreign.MemorySegment frame;
    /** The same frame as the PageNode's array, for the 8-byte-word fast path; set and published with {@link #frame}. */
    long[] longs;

    // ---- event loop only ----------------------------------------------------------------------
    /** Reasons the gate is closed: a revocation being deferred, shootdowns in progress. */
    int closers;
    /** Work waiting for the pins to drain, in order. */
    final ArrayDeque<Runnable> onDrained = new ArrayDeque<>();
    /** A revocation holds the page in the PageNode until the pins drain. */
    boolean revoking;
    /** The PageNode state last counted in the node's pages-per-state gauges. */
    byte countedState;
    /** A re-check of the store marks is scheduled (a store was in flight when the gate closed). */
    boolean recheckScheduled;
    int rechecks;

    PageSlot(long page, ProcessPages owner) {
        this.page = page;
        this.owner = owner;
    }

    static boolean readable(long w) {
        return (w & (GATE | RIGHTS_MASK)) != 0 && (w & GATE) == 0;
    }

    static boolean writable(long w) {
        return (w & (GATE | RIGHTS_MASK)) == ((long) Access.WRITE << RIGHTS_SHIFT);
    }

    static boolean allows(long w, byte access) {
        return access == Access.WRITE ? writable(w) : readable(w);
    }

    static int pins(long w) {
        return (int) (w & PINS_MASK);
    }

    static byte rights(long w) {
        return (byte) ((w & RIGHTS_MASK) >>> RIGHTS_SHIFT);
    }

    /** Whether a read that started at word {@code before} may return what it read. */
    boolean validate(long before) {
        VarHandle.loadLoadFence();
        return ((word ^ before) >>> RIGHTS_SHIFT) == 0;
    }

    /** Pins for {@code access} if the rights allow it and the gate is open; else leaves it unpinned. */
    boolean tryPin(byte access) {
        long w = (long) WORD.getAndAdd(this, 1L);
        if (allows(w, access)) {
            return true;
        }
        unpin();
        return false;
    }

    /** Ends a pinned access; the last one out of a closed gate tells the event loop. */
    void unpin() {
        long after = (long) WORD.getAndAdd(this, -1L) - 1L;
        if ((after & GATE) != 0 && (after & PINS_MASK) == 0) {
            owner.drained(this);
        }
    }

    /** Event loop: pins on behalf of a faulting thread (the gate is open and the rights allow it). */
    void pinForWaiter() {
        WORD.getAndAdd(this, 1L);
    }

    /** Event loop: closes the gate and bumps the epoch; returns the pins in flight at that moment. */
    int closeGate() {
        long w;
        do {
            w = word;
        } while (!WORD.compareAndSet(this, w, (w | GATE) + EPOCH));
        return pins(w);
    }

    /** Event loop: sets the rights and opens the gate, keeping the pins; epoch bumped if rights drop. */
    void open(byte rights) {
        long w;
        long next;
        do {
            w = word;
            next = (w & ~(GATE | RIGHTS_MASK)) | ((long) rights << RIGHTS_SHIFT);
            if (rights < rights(w)) {
                next += EPOCH;
            }
        } while (!WORD.compareAndSet(this, w, next));
    }

    boolean gateClosed() {
        return (word & GATE) != 0;
    }
}
