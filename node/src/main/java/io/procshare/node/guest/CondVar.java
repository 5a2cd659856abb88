package io.procshare.node.guest;

/**
 * A condition variable in guest memory, built on futex: the int at {@link #address()} is a
 * sequence number that every signal bumps, and a waiter sleeps until it changes; the int at
 * {@code address + 4} counts the waiters, so that a signal with nobody waiting makes no system call
 * (a futex wake from a remote node is a forwarded call). Use it with a {@link Mutex} and a predicate
 * loop, as with pthread_cond_wait (wake-ups may be spurious).
 *
 * <p>Why no wake-up is lost: a waiter counts itself before it reads the sequence, a signaller bumps
 * the sequence before it reads the count, and guest memory is sequentially consistent. So either
 * the signaller sees the waiter counted and wakes it, or the waiter reads the bumped sequence and
 * does not sleep on the old one.
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

    /** The condition variable whose two words are at {@code address} (8 bytes, 4-byte aligned, initially 0). */
    public CondVar(long address) {
        if ((address & 3) != 0) {
            throw new IllegalArgumentException("condvar word at 0x" + Long.toHexString(address) + " is not 4-byte aligned");
        }
        this.address = address;
    }

    /** A new condition variable on the heap. */
    public static CondVar allocate(Guest g) {
        return new CondVar(g.calloc(8));
    }

    public long address() {
        return address;
    }

    /** Releases {@code m}, sleeps until a signal (or spuriously), takes {@code m} again. */
    public void await(Guest g, Mutex m) {
        g.getAndAddInt(address + 4, 1);
        int seq = g.readIntVolatile(address);
        m.unlock(g);
        try {
            g.futexWait(address, seq);
        } finally {
            g.getAndAddInt(address + 4, -1);
        }
        m.lock(g);
    }

    /** Wakes one waiter. */
    public void signal(Guest g) {
        g.getAndAddInt(address, 1);
        if (g.readIntVolatile(address + 4) > 0) {
            g.futexWake(address, 1);
        }
    }

    /** Wakes every waiter. */
    public void signalAll(Guest g) {
        g.getAndAddInt(address, 1);
        if (g.readIntVolatile(address + 4) > 0) {
            g.futexWake(address, Integer.MAX_VALUE);
        }
    }
}
