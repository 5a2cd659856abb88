package io.procshare.node.guest;

/**
 * A condition variable in guest memory, built on futex: the int at {@link #address()} is a
 * sequence number that every signal bumps, and a waiter sleeps until it changes. Use it with a
 * {@link Mutex} and a predicate loop, as with pthread_cond_wait (wake-ups may be spurious).
 *
 * <pre>{@code
 * m.lock(g);
 * try {
 *     while (g.readInt(count) == 0) notEmpty.await(g, m);
 *     ...
 * } finally { m.unlock(g); }
 * }</pre>
 */
public final class CondVar {

    private final long address;

    /** The condition variable whose word is at {@code address} (4-byte aligned, initially 0). */
    public CondVar(long address) {
        if ((address & 3) != 0) {
            throw new IllegalArgumentException("condvar word at 0x" + Long.toHexString(address) + " is not 4-byte aligned");
        }
        this.address = address;
    }

    /** A new condition variable on the heap. */
    public static CondVar allocate(Guest g) {
        return new CondVar(g.calloc(4));
    }

    public long address() {
        return address;
    }

    /** Releases {@code m}, sleeps until a signal (or spuriously), takes {@code m} again. */
    public void await(Guest g, Mutex m) {
        int seq = g.readIntVolatile(address);
        m.unlock(g);
        g.futexWait(address, seq);
        m.lock(g);
    }

    /** Wakes one waiter. */
    public void signal(Guest g) {
        g.getAndAddInt(address, 1);
        g.futexWake(address, 1);
    }

    /** Wakes every waiter. */
    public void signalAll(Guest g) {
        g.getAndAddInt(address, 1);
        g.futexWake(address, Integer.MAX_VALUE);
    }
}
