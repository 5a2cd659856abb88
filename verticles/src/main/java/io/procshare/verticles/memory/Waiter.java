package io.procshare.verticles.memory;

import io.procshare.codecs.PageStatus;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One guest thread blocked on a page fault. The event loop either grants it (the page pinned on its
 * behalf, so it makes progress even if the page is revoked right after) or fails it; the guest may
 * give up at its deadline. Exactly one of grant/fail/abandon wins; a grant that loses to abandon
 * unpins at once, so a timed-out thread never leaves a page pinned.
 */
final class Waiter {

    /** Fail status (beside PageStatus's): the process ended while the thread waited. */
    static final byte ENDED = (byte) 0x7f;

    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    final long page;
    final byte access;
    final long address;
    /** A prefetch: nobody waits on it; a grant pins nothing, a failure is dropped. */
    final boolean prefetch;
    /** The faulting thread's name; null for a prefetch. */
    final String thread;
    /** Event loop only: refreshes of the map so far, and SEGV answers of the manager. */
    int mapRefreshes;
    int refusals;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final CountDownLatch latch = new CountDownLatch(1);
    private PageSlot slot;
    private byte status;
    private String why;

    Waiter(long page, byte access, long address) {
        this(page, access, address, false, null);
    }

    /** @param thread the faulting guest thread's name, for the page's heat (the console's hottest pages) */
    Waiter(long page, byte access, long address, String thread) {
        this(page, access, address, false, thread);
    }

    Waiter(long page, byte access, long address, boolean prefetch) {
        this(page, access, address, prefetch, null);
    }

    private Waiter(long page, byte access, long address, boolean prefetch, String thread) {
        this.page = page;
        this.access = access;
        this.address = address;
        this.prefetch = prefetch;
        this.thread = thread;
    }

    boolean isWaiting() {
        return state.get() == WAITING;
    }

    /** Event loop: the page is resident with the rights and the gate open. */
    void grant(PageSlot s) {
        if (prefetch) {
            state.set(DONE); // the page is here; the copy that asked for it pins it itself
            return;
        }
        s.pinForWaiter();
        slot = s;
        status = PageStatus.OK;
        if (state.compareAndSet(WAITING, DONE)) {
            latch.countDown();
        } else {
            s.unpin();
        }
    }

    /** Event loop: SEGV or FAILED. */
    void fail(byte failure, String reason) {
        status = failure;
        why = reason;
        if (state.compareAndSet(WAITING, DONE)) {
            latch.countDown();
        }
    }

    /**
     * Guest thread: waits until granted (returns the slot, pinned: the caller unpins it), failed
     * (throws), or the deadline passes (throws PageFaultTimeoutException).
     */
    PageSlot await(long timeoutMs, long pid, String node) {
        boolean done;
        try {
            done = latch.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done && state.compareAndSet(WAITING, ABANDONED)) {
            throw new PageFaultTimeoutException(pid, page, node, timeoutMs);
        }
        if (!done) {
            try {
                latch.await(); // lost the race against a grant or failure that is counting down now
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return switch (status) {
            case PageStatus.OK -> slot;
            case PageStatus.SEGV -> throw new SegmentationFault(pid, address, access);
            case ENDED -> throw new ProcessEndedException(pid, node);
            default -> throw new PageUnavailableException(pid, page, node, why);
        };
    }
}
