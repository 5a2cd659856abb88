package io.procshare.verticles.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The signal state of one shared process at its home (issue 12): the action of every signal, and
 * per thread its blocked mask, its pending signals, its robust-futex list head and its alternate
 * signal stack. procshare delivers default actions only (DESIGN §7): a signal whose action is to
 * terminate ends the process with status 128 + the signal; one that is ignored (SIG_IGN, or a
 * default of "ignore") is discarded; a blocked one stays pending until the thread unblocks it.
 * A handler the guest installed is recorded and reported by rt_sigaction, but never run: the
 * signal then acts as its default (terminate), and the message says so.
 *
 * <p>Guest layouts (Linux generic, riscv64, which defines no SA_RESTORER: {@code struct sigaction}
 * of {@code include/uapi/asm-generic/signal.h} and glibc's {@code kernel_sigaction.h}):
 * <pre>
 *   struct sigaction { u64 sa_handler; u64 sa_flags; u64 sa_mask; }      24 bytes
 *   stack_t          { u64 ss_sp; s32 ss_flags; u32 pad; u64 ss_size; }   24 bytes
 * </pre>
 * {@code sigset_t} is 8 bytes (64 signals); every call that takes a sigsetsize wants 8.
 *
 * <p>Sans-IO and thread-safe (one lock): the dispatcher calls it from any executor.
 */
public final class Signals {

    public static final int SIGSET_SIZE = 8;
    public static final int SIGACTION_SIZE = 24;
    public static final int STACK_T_SIZE = 24;
    /** sizeof(struct robust_list_head) on 64-bit: set_robust_list's only valid length. */
    public static final int ROBUST_LIST_HEAD_SIZE = 24;
    public static final int NSIG = 64;

    public static final int SIGKILL = 9;
    public static final int SIGABRT = 6;
    public static final int SIGSTOP = 19;
    public static final int SIG_BLOCK = 0;
    public static final int SIG_UNBLOCK = 1;
    public static final int SIG_SETMASK = 2;
    public static final long SIG_DFL = 0;
    public static final long SIG_IGN = 1;
    public static final int SS_ONSTACK = 1;
    public static final int SS_DISABLE = 2;
    public static final int SS_AUTODISARM = 1 << 31;
    /** MINSIGSTKSZ of {@code include/uapi/asm-generic/signal.h}, which riscv64 uses. */
    public static final long MINSIGSTKSZ = 2048;

    private static final long UNBLOCKABLE = bit(SIGKILL) | bit(SIGSTOP);
    private static final String[] NAMES = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
            "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
            "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
            "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
    /** Signals whose default action is to ignore; the stop signals too, as procshare has no job control. */
    private static final long DEFAULT_IGNORED = bit(17) | bit(18) | bit(23) | bit(28) | bit(19) | bit(20) | bit(21) | bit(22);

    /** What sending a signal did. */
    public enum Outcome {
        /** Discarded: ignored by its action or by default. */
        IGNORED,
        /** Blocked by the thread: pending until unblocked. */
        PENDING,
        /** Its action is to terminate the process (default, or a handler procshare does not run). */
        TERMINATE
    }

    private final long[][] actions = new long[NSIG + 1][3];
    private final Map<Long, ThreadSignals> threads = new HashMap<>();
    private long processPending;

    private static final class ThreadSignals {
        long blocked;
        long pending;
        long robustHead;
        long robustLen;
        long altSp;
        int altFlags = SS_DISABLE;
        long altSize;
    }

    /** Bit of signal {@code sig} in a sigset_t. */
    public static long bit(int sig) {
        return 1L << (sig - 1);
    }

    /** "SIGABRT", "SIGRTMIN+2", "signal 40". */
    public static String name(int sig) {
        if (sig > 0 && sig < NAMES.length) {
            return NAMES[sig];
        }
        return sig >= 34 && sig <= NSIG ? "SIGRTMIN+" + (sig - 34) : "signal " + sig;
    }

    /**
     * rt_sigaction(2): records {@code act} (null: only query) for {@code sig}; the output is the old
     * action (24 bytes). -EINVAL for a signal outside 1..64, for changing SIGKILL or SIGSTOP and for
     * a sigsetsize other than 8.
     */
    public synchronized SyscallResult rtSigaction(int sig, byte[] act, long sigsetsize) {
        if (sigsetsize != SIGSET_SIZE || sig < 1 || sig > NSIG || (act != null && (bit(sig) & UNBLOCKABLE) != 0)) {
            return SyscallResult.error(Errno.EINVAL);
        }
        long[] a = actions[sig];
        byte[] old = le(a[0], a[1], a[2]);
        if (act != null) {
            ByteBuffer b = ByteBuffer.wrap(act).order(ByteOrder.LITTLE_ENDIAN);
            a[0] = b.getLong();
            a[1] = b.getLong();
            a[2] = b.getLong() & ~UNBLOCKABLE; // sigdelsetmask(SIGKILL, SIGSTOP), as do_sigaction
            if (a[0] == SIG_IGN || (a[0] == SIG_DFL && (bit(sig) & DEFAULT_IGNORED) != 0)) {
                // POSIX: setting a pending signal to be ignored discards it
                processPending &= ~bit(sig);
                threads.values().forEach(t -> t.pending &= ~bit(sig));
            }
        }
        return new SyscallResult(0, old);
    }

    /** The handler recorded for {@code sig} (SIG_DFL 0, SIG_IGN 1, else an address). */
    public synchronized long handler(int sig) {
        return actions[sig][0];
    }

    /**
     * rt_sigprocmask(2) of thread {@code gtid}: output is the old mask (8 bytes). -EINVAL for a bad
     * {@code how} (when {@code set} is given) or a sigsetsize other than 8. SIGKILL and SIGSTOP are
     * never blocked. Call {@link #takeDeliverable} afterwards: unblocking may release a pending signal.
     */
    public synchronized SyscallResult rtSigprocmask(long gtid, int how, byte[] set, long sigsetsize) {
        if (sigsetsize != SIGSET_SIZE) {
            return SyscallResult.error(Errno.EINVAL);
        }
        ThreadSignals t = thread(gtid);
        byte[] old = le(t.blocked);
        if (set != null) {
            long s = ByteBuffer.wrap(set).order(ByteOrder.LITTLE_ENDIAN).getLong();
            switch (how) {
                case SIG_BLOCK -> t.blocked |= s;
                case SIG_UNBLOCK -> t.blocked &= ~s;
                case SIG_SETMASK -> t.blocked = s;
                default -> {
                    return SyscallResult.error(Errno.EINVAL);
                }
            }
            t.blocked &= ~UNBLOCKABLE;
        }
        return new SyscallResult(0, old);
    }

    /** The blocked mask of {@code gtid}. */
    public synchronized long blocked(long gtid) {
        return thread(gtid).blocked;
    }

    /**
     * Sends {@code sig} to thread {@code gtid} (tgkill, tkill) or, when {@code processWide}, to the
     * process through that thread (kill: the thread takes it unless it blocks it; then it stays
     * pending on the process for any thread that unblocks it).
     */
    public synchronized Outcome send(long gtid, int sig, boolean processWide) {
        if (ignored(sig)) {
            return Outcome.IGNORED;
        }
        ThreadSignals t = thread(gtid);
        if ((t.blocked & bit(sig)) != 0) {
            if (processWide) {
                processPending |= bit(sig);
            } else {
                t.pending |= bit(sig);
            }
            return Outcome.PENDING;
        }
        return Outcome.TERMINATE;
    }

    /**
     * The lowest pending signal that {@code gtid} no longer blocks (removed from pending), or 0. Every
     * pending signal terminates (ignored ones are never left pending).
     */
    public synchronized int takeDeliverable(long gtid) {
        ThreadSignals t = thread(gtid);
        long ready = (t.pending | processPending) & ~t.blocked;
        if (ready == 0) {
            return 0;
        }
        int sig = Long.numberOfTrailingZeros(ready) + 1;
        t.pending &= ~bit(sig);
        processPending &= ~bit(sig);
        if (ignored(sig)) {
            return takeDeliverable(gtid);
        }
        return sig;
    }

    /** Whether {@code sig}'s action now is to discard it. */
    private boolean ignored(int sig) {
        if (sig == SIGKILL) {
            return false;
        }
        long h = actions[sig][0];
        return h == SIG_IGN || (h == SIG_DFL && (bit(sig) & DEFAULT_IGNORED) != 0);
    }

    /** set_robust_list(2): remembers the head; -EINVAL unless {@code len} is 24. */
    public synchronized long setRobustList(long gtid, long head, long len) {
        if (len != ROBUST_LIST_HEAD_SIZE) {
            return -Errno.EINVAL;
        }
        ThreadSignals t = thread(gtid);
        t.robustHead = head;
        t.robustLen = len;
        return 0;
    }

    /** The robust list head {@code gtid} registered, or 0. */
    public synchronized long robustListHead(long gtid) {
        return thread(gtid).robustHead;
    }

    /**
     * sigaltstack(2) of {@code gtid}: output is the old stack_t. -EINVAL for unknown ss_flags,
     * -ENOMEM for a stack smaller than MINSIGSTKSZ. procshare never runs on the alternate stack, so
     * {@code SS_ONSTACK} is never reported and changing the stack never fails with EPERM.
     */
    public synchronized SyscallResult sigaltstack(long gtid, byte[] ss) {
        ThreadSignals t = thread(gtid);
        byte[] old = ByteBuffer.allocate(STACK_T_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(t.altSp).putInt(t.altFlags).putInt(0).putLong(t.altSize).array();
        if (ss != null) {
            ByteBuffer b = ByteBuffer.wrap(ss).order(ByteOrder.LITTLE_ENDIAN);
            long sp = b.getLong();
            int flags = b.getInt();
            b.getInt();
            long size = b.getLong();
            int mode = flags & ~SS_AUTODISARM;
            if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0) {
                return SyscallResult.error(Errno.EINVAL);
            }
            if (mode == SS_DISABLE) {
                t.altSp = 0;
                t.altSize = 0;
                t.altFlags = SS_DISABLE;
            } else {
                if (size < MINSIGSTKSZ) {
                    return SyscallResult.error(Errno.ENOMEM);
                }
                t.altSp = sp;
                t.altSize = size;
                t.altFlags = flags & SS_AUTODISARM;
            }
        }
        return new SyscallResult(0, old);
    }

    /**
     * A new thread (clone): it inherits the mask of its parent, as the kernel copies it; its robust
     * list and alternate stack start empty.
     */
    public synchronized void threadCreated(long parent, long child) {
        ThreadSignals c = thread(child);
        ThreadSignals p = threads.get(parent);
        if (p != null) {
            c.blocked = p.blocked;
        }
    }

    /** A thread exited: its state goes. */
    public synchronized void threadExited(long gtid) {
        threads.remove(gtid);
    }

    private ThreadSignals thread(long gtid) {
        return threads.computeIfAbsent(gtid, g -> new ThreadSignals());
    }

    private static byte[] le(long... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) {
            b.putLong(w);
        }
        return b.array();
    }
}
