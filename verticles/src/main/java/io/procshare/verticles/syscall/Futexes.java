package io.procshare.verticles.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The futex queues of one process at its home (DESIGN §6): WAIT, WAKE, WAIT_BITSET, WAKE_BITSET,
 * the PRIVATE flag (every futex of a shared process is process-private) and FUTEX_CLOCK_REALTIME.
 *
 * <p>Queues are keyed by the word's guest address and hashed into buckets, each with one lock, as
 * Linux's futex hash does. WAIT faults the word's page in (through the DSM, outside any lock), then
 * takes its bucket's lock, reads the word only if its page is still resident (a volatile read at
 * the home) and enqueues itself only if it still holds the expected value; WAKE
 * takes the same lock to dequeue. So a WAKE that follows a store of a new value can never miss a
 * waiter that saw the old one (no lost wake-up). A waiter sleeps on its own monitor, outside the
 * bucket lock: it blocks only its own executor.
 *
 * <p>Thread-safe.
 */
public final class Futexes {

    public static final int FUTEX_WAIT = 0;
    public static final int FUTEX_WAKE = 1;
    public static final int FUTEX_WAIT_BITSET = 9;
    public static final int FUTEX_WAKE_BITSET = 10;
    public static final int FUTEX_PRIVATE_FLAG = 128;
    public static final int FUTEX_CLOCK_REALTIME = 256;
    public static final int FUTEX_BITSET_MATCH_ANY = -1;

    private static final int BUCKETS = 64;

    /** Reads the 4-byte futex word with sequentially consistent semantics. */
    @FunctionalInterface
    public interface Word {
        /** {@link #peek}'s answer when the word's page is not resident here now. */
        long NOT_RESIDENT = Long.MIN_VALUE;

        /**
         * The word at {@code uaddr}, or null when the address is not readable (-EFAULT). May fault
         * the page in from another node: never called under a bucket lock.
         */
        Integer load(long uaddr);

        /**
         * The word at {@code uaddr} if its page is resident here now, else {@link #NOT_RESIDENT};
         * never blocks (it is read under the bucket lock). The default suits a word that is always
         * resident.
         */
        default long peek(long uaddr) {
            Integer v = load(uaddr);
            return v == null ? NOT_RESIDENT : v;
        }
    }

    /** Faults a WAIT retries before it returns a spurious -EAGAIN (the page kept leaving under it). */
    private static final int WAIT_ATTEMPTS = 64;

    private static final class Waiter {
        final int bitset;
        boolean woken;

        Waiter(int bitset) {
            this.bitset = bitset;
        }
    }

    private static final class Bucket {
        final Map<Long, List<Waiter>> queues = new HashMap<>();
    }

    private final Bucket[] buckets = new Bucket[BUCKETS];
    private final java.util.function.LongSupplier monotonic;
    private volatile boolean closed;

    /** Futexes whose absolute CLOCK_MONOTONIC deadlines are judged against this JVM's {@link System#nanoTime()}. */
    public Futexes() {
        this(System::nanoTime);
    }

    /**
     * @param monotonic the process's CLOCK_MONOTONIC (its home's clock, issue 12 item 4), against
     *                  which a FUTEX_WAIT_BITSET absolute deadline is judged
     */
    public Futexes(java.util.function.LongSupplier monotonic) {
        this.monotonic = monotonic;
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new Bucket();
        }
    }

    /**
     * futex(2) as the generic ABI passes it. {@code timeoutPtr} (WAIT: relative, WAIT_BITSET:
     * absolute on CLOCK_MONOTONIC, or CLOCK_REALTIME with FUTEX_CLOCK_REALTIME; 0: forever) is read
     * through {@code mem}.
     */
    public long call(long uaddr, int op, int val, long timeoutPtr, int val3, GuestAccess mem, Word word) {
        int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
        boolean realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
        if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET) {
            return -Errno.ENOSYS; // futex_cmd_has_timeout() || -ENOSYS, as kernel/futex/syscalls.c
        }
        return switch (cmd) {
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> {
                int bitset = cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3;
                if (bitset == 0) {
                    yield -Errno.EINVAL;
                }
                long deadline = Long.MAX_VALUE;
                if (timeoutPtr != 0) {
                    byte[] ts = mem.read(timeoutPtr, SyscallTable.TIMESPEC_SIZE);
                    if (ts == null) {
                        yield -Errno.EFAULT;
                    }
                    ByteBuffer b = ByteBuffer.wrap(ts).order(ByteOrder.LITTLE_ENDIAN);
                    long sec = b.getLong();
                    long nsec = b.getLong();
                    if (sec < 0 || nsec < 0 || nsec > 999_999_999L) {
                        yield -Errno.EINVAL;
                    }
                    deadline = deadline(cmd == FUTEX_WAIT, realtime, sec, nsec);
                }
                yield wait(uaddr, val, bitset, deadline, word);
            }
            case FUTEX_WAKE, FUTEX_WAKE_BITSET -> {
                int bitset = cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
                if (bitset == 0) {
                    yield -Errno.EINVAL;
                }
                if ((uaddr & 3) != 0) {
                    yield -Errno.EINVAL;
                }
                yield wake(uaddr, val, bitset);
            }
            default -> -Errno.ENOSYS;
        };
    }

    /**
     * Sleeps while the word at {@code uaddr} holds {@code expected}, until woken (0), the
     * {@link System#nanoTime()} {@code deadline} passes (-ETIMEDOUT) or the thread is interrupted
     * or the process exits (-EINTR). -EAGAIN when the word differs, -EFAULT when unreadable.
     */
    public long wait(long uaddr, int expected, int bitset, long deadline, Word word) {
        if ((uaddr & 3) != 0) {
            return -Errno.EINVAL;
        }
        Bucket bucket = bucket(uaddr);
        Waiter w = new Waiter(bitset);
        long enqueued = enqueue(bucket, uaddr, expected, w, word);
        if (enqueued != 0) {
            return enqueued;
        }
        long result = sleep(w, deadline);
        if (result == 0) {
            return 0;
        }
        synchronized (bucket) {
            List<Waiter> q = bucket.queues.get(uaddr);
            if (q == null || !q.remove(w)) {
                return 0; // a WAKE dequeued us before we gave up: it counted us, so we were woken
            }
            if (q.isEmpty()) {
                bucket.queues.remove(uaddr);
            }
        }
        return result;
    }

    /**
     * Check-and-enqueue, atomic with respect to WAKE (DESIGN §6): the word is read under the bucket's
     * lock, but only from a resident page. Its page is faulted in first, outside the lock, so that a
     * remote fault never holds the lock and stalls the unrelated futexes of the bucket (issue 13,
     * finding 5); if the page left again before the lock was taken, the fault is retried. Returns 0
     * once {@code w} is queued, else the -errno to return.
     */
    private long enqueue(Bucket bucket, long uaddr, int expected, Waiter w, Word word) {
        for (int attempt = 0; attempt < WAIT_ATTEMPTS; attempt++) {
            if (word.load(uaddr) == null) {
                return -Errno.EFAULT;
            }
            synchronized (bucket) {
                if (closed) {
                    return -Errno.EINTR;
                }
                long current = word.peek(uaddr);
                if (current == Word.NOT_RESIDENT) {
                    continue; // taken away between the fault and the lock: fault it in again
                }
                if ((int) current != expected) {
                    return -Errno.EAGAIN;
                }
                bucket.queues.computeIfAbsent(uaddr, k -> new ArrayList<>()).add(w);
                return 0;
            }
        }
        return -Errno.EAGAIN; // as a spurious wake-up: the caller re-reads the word and waits again
    }

    /** Wakes up to {@code n} waiters on {@code uaddr} whose bitset intersects {@code bitset}; returns how many. */
    public int wake(long uaddr, int n, int bitset) {
        List<Waiter> woken = new ArrayList<>();
        Bucket bucket = bucket(uaddr);
        synchronized (bucket) {
            List<Waiter> q = bucket.queues.get(uaddr);
            if (q != null) {
                for (Iterator<Waiter> it = q.iterator(); it.hasNext() && woken.size() < n; ) {
                    Waiter w = it.next();
                    if ((w.bitset & bitset) != 0) {
                        it.remove();
                        woken.add(w);
                    }
                }
                if (q.isEmpty()) {
                    bucket.queues.remove(uaddr);
                }
            }
        }
        woken.forEach(Futexes::signal);
        return woken.size();
    }

    /** Number of threads waiting on {@code uaddr} (tests, status). */
    public int waiters(long uaddr) {
        Bucket bucket = bucket(uaddr);
        synchronized (bucket) {
            List<Waiter> q = bucket.queues.get(uaddr);
            return q == null ? 0 : q.size();
        }
    }

    /** The process exits: every waiter returns -EINTR and no new one sleeps. */
    public void close() {
        closed = true;
        for (Bucket b : buckets) {
            List<Waiter> all = new ArrayList<>();
            synchronized (b) {
                b.queues.values().forEach(all::addAll);
            }
            for (Waiter w : all) {
                synchronized (w) {
                    w.notifyAll(); // not woken: the sleeper sees closed and returns -EINTR
                }
            }
        }
    }

    private long sleep(Waiter w, long deadline) {
        synchronized (w) {
            while (!w.woken) {
                if (closed) {
                    return -Errno.EINTR;
                }
                long left = deadline == Long.MAX_VALUE ? 0 : deadline - System.nanoTime();
                if (deadline != Long.MAX_VALUE && left <= 0) {
                    return -Errno.ETIMEDOUT;
                }
                try {
                    if (deadline == Long.MAX_VALUE) {
                        w.wait();
                    } else {
                        w.wait(left / 1_000_000, (int) (left % 1_000_000));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -Errno.EINTR;
                }
            }
            return 0;
        }
    }

    private static void signal(Waiter w) {
        synchronized (w) {
            w.woken = true;
            w.notifyAll();
        }
    }

    private long deadline(boolean relative, boolean realtime, long sec, long nsec) {
        long now = System.nanoTime();
        long span;
        if (relative) {
            span = saturatedNanos(sec, nsec);
        } else if (realtime) {
            Instant t = Instant.now();
            span = saturatedNanos(sec, nsec) - saturatedNanos(t.getEpochSecond(), t.getNano());
        } else {
            // the guest's CLOCK_MONOTONIC is the process's clock, the home's (issue 12 item 4)
            span = saturatedNanos(sec, nsec) - monotonic.getAsLong();
        }
        return span <= 0 ? now : (now + span < now ? Long.MAX_VALUE - 1 : now + span);
    }

    private static long saturatedNanos(long sec, long nsec) {
        return sec > (Long.MAX_VALUE - nsec) / 1_000_000_000L ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
    }

    private Bucket bucket(long uaddr) {
        return buckets[(int) ((uaddr >>> 2) ^ (uaddr >>> 12)) & (BUCKETS - 1)];
    }
}
