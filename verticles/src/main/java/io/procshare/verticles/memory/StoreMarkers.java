package io.procshare.verticles.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The guest threads' "store in flight" marks of one process on one node: the cheap half of the
 * handshake that lets a resident store go without pinning its page (DESIGN §5, see
 * {@link GuestMemory}).
 *
 * <p>Each guest thread owns one {@link Mark}. Around a store, atomic or volatile write to a page it
 * sets its mark to that page's slot with a volatile write, reads the slot's word, and if the page is
 * writable and the gate open it stores and clears the mark with a release write. The event loop,
 * after it closed a slot's gate (a CAS on the word), treats the slot as drained only when no live
 * thread's mark names it ({@link #busy}). Both sides write one location and then read the other's
 * with volatile accesses (Dekker; the store-buffering litmus test), so in the synchronization order
 * either the thread's read of the word comes after the gate closed (it sees the gate and takes the
 * slow path without storing) or its mark was set before the gate closed, and the event loop sees the
 * mark (and waits) or a later write of it, which comes after the store and makes it visible (release
 * then acquire). A store is thus in the snapshot the revocation sends, or redone after the page is
 * installed again; never lost.
 *
 * <p>One volatile write per store replaces the two {@code getAndAdd} of a pin. A thread's mark lives
 * in its {@link GuestThreadMemory}; the event loop scans every mark of the process, which is cheap
 * because revocations are rare next to stores.
 */
final class StoreMarkers {

    private static final VarHandle SLOT;

    static {
        try {
            SLOT = MethodHandles.lookup().findVarHandle(Mark.class, "slot", PageSlot.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One guest thread's mark. Only that thread writes {@link #slot}. */
    static final class Mark {
        final Thread thread;
        @SuppressWarnings("unused") // through SLOT
        private volatile PageSlot slot;

        Mark(Thread thread) {
            this.thread = thread;
        }

        /** Owner: a store to {@code s} may start from here on (volatile: ordered before the word read). */
        void enter(PageSlot s) {
            SLOT.setVolatile(this, s);
        }

        /** Owner: the store is done (release: ordered after it). */
        void exit() {
            SLOT.setRelease(this, (PageSlot) null);
        }

        PageSlot slot() {
            return (PageSlot) SLOT.getVolatile(this);
        }
    }

    private final CopyOnWriteArrayList<Mark> all = new CopyOnWriteArrayList<>();

    /** A new mark for {@code thread}, which alone will write it. */
    Mark register(Thread thread) {
        Mark m = new Mark(thread);
        all.add(m);
        return m;
    }

    /**
     * Event loop, after closing {@code s}'s gate: whether a store to {@code s} may still be in flight.
     * A terminated thread's mark does not count (its end happens-before {@code isAlive() == false}),
     * and is dropped.
     */
    boolean busy(PageSlot s) {
        boolean busy = false;
        for (Mark m : all) {
            if (!m.thread.isAlive()) {
                all.remove(m);
            } else if (m.slot() == s) {
                busy = true;
            }
        }
        return busy;
    }
}
