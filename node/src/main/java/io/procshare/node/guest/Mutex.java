package io.procshare.node.guest;

/**
 * A mutual-exclusion lock in guest memory, built on futex as glibc's is (Drepper, "Futexes Are
 * Tricky", mutex 3): the int at {@link #address()} is 0 (unlocked), 1 (locked) or 2 (locked, maybe
 * waiters). Uncontended lock and unlock are one atomic each and no system call. Any thread of the
 * process, on any node, may use the same mutex through its own {@link Guest}.
 *
 * <pre>{@code
 * Mutex m = Mutex.allocate(g);        // in the main thread; pass m.address() to the threads
 * m.lock(g);
 * try { ... } finally { m.unlock(g); }
 * }</pre>
 */
public final class Mutex {

    private final long address;

    /** The mutex whose word is at {@code address} (4-byte aligned, initially 0). */
    public Mutex(long address) {
        if ((address & 3) != 0) {
            throw new IllegalArgumentException("mutex word at 0x" + Long.toHexString(address) + " is not 4-byte aligned");
        }
        this.address = address;
    }

    /** A new unlocked mutex on the heap. */
    public static Mutex allocate(Guest g) {
        return new Mutex(g.calloc(4));
    }

    public long address() {
        return address;
    }

    public void lock(Guest g) {
        if (g.compareAndSetInt(address, 0, 1)) {
            return;
        }
        int c = g.getAndSetInt(address, 2);
        while (c != 0) {
            g.futexWait(address, 2);
            c = g.getAndSetInt(address, 2);
        }
    }

    /** Takes the lock if it is free; returns whether it did. */
    public boolean tryLock(Guest g) {
        return g.compareAndSetInt(address, 0, 1);
    }

    public void unlock(Guest g) {
        if (g.getAndAddInt(address, -1) != 1) {
            g.writeIntVolatile(address, 0);
            g.futexWake(address, 1);
        }
    }
}
