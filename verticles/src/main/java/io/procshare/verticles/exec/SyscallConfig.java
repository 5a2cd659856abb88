package io.procshare.verticles.exec;

import io.procshare.verticles.syscall.HostProcessConfig;
import java.nio.file.Path;

/**
 * Settings of the syscall control unit on one node.
 *
 * @param sandboxRoot       process sandboxes are {@code sandboxRoot/<pid>} on their home
 * @param argumentShipping  the node switch of DESIGN §6: true ships the memory a forwarded syscall
 *                          reads and gets back the memory it fills; false sends only the registers
 *                          and the home reads and fills memory through the DSM (the paper's behaviour)
 * @param resendMs          a forwarded request is re-sent (same gtid and sequence) after this long
 *                          without its reply; the home answers a re-send of a running request with
 *                          "in progress", which keeps a blocking syscall waiting
 * @param silenceMs         a forwarding thread gives up ({@link SyscallUnavailableException}) after
 *                          this long without any word from the home
 * @param requestTimeoutMs  deadline of the other requests to the home (thread creation)
 * @param limits            what one process homed on this node may hold
 */
public record SyscallConfig(Path sandboxRoot, boolean argumentShipping, long resendMs, long silenceMs,
                            long requestTimeoutMs, Limits limits) {

    public SyscallConfig {
        if (resendMs <= 0 || silenceMs < resendMs || requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("syscall config needs 0 < resendMs <= silenceMs and requestTimeoutMs > 0: "
                    + resendMs + ", " + silenceMs + ", " + requestTimeoutMs);
        }
        if (limits == null) {
            limits = Limits.DEFAULTS;
        }
    }

    /** A config with the default {@link Limits}. */
    public SyscallConfig(Path sandboxRoot, boolean argumentShipping, long resendMs, long silenceMs, long requestTimeoutMs) {
        this(sandboxRoot, argumentShipping, resendMs, silenceMs, requestTimeoutMs, Limits.DEFAULTS);
    }

    /** Shipping on; re-send after 1 s; give up after 10 s of silence; default limits. */
    public static SyscallConfig defaults(Path sandboxRoot) {
        return new SyscallConfig(sandboxRoot, true, 1_000, 10_000, 10_000, Limits.DEFAULTS);
    }

    public SyscallConfig withArgumentShipping(boolean v) {
        return new SyscallConfig(sandboxRoot, v, resendMs, silenceMs, requestTimeoutMs, limits);
    }

    public SyscallConfig withDeadlines(long resend, long silence, long request) {
        return new SyscallConfig(sandboxRoot, argumentShipping, resend, silence, request, limits);
    }

    public SyscallConfig withLimits(Limits v) {
        return new SyscallConfig(sandboxRoot, argumentShipping, resendMs, silenceMs, requestTimeoutMs, v);
    }

    /** The files of process {@code pid}: its sandbox under {@link #sandboxRoot()}, an fd table of {@link Limits#openFiles()}. */
    public HostProcessConfig hostProcess(long pid) {
        return HostProcessConfig.of(sandboxRoot.resolve(Long.toUnsignedString(pid)), limits.openFiles());
    }

    /**
     * What one process may hold at its home, each refused with the errno a Linux program expects
     * (node.json {@code limits}; the page limit lives in the memory unit's layout).
     *
     * @param threads          live threads of the process (RLIMIT_NPROC-like): clone beyond it returns
     *                         -EAGAIN, before anything is allocated
     * @param openFiles        size of the guest fd table (RLIMIT_NOFILE): open, dup, pipe2, ... beyond it
     *                         return -EMFILE
     * @param pendingSyscalls  forwarded syscalls of the process queued at or running in its executors:
     *                         a new one beyond it is answered -EAGAIN without running. A guest thread has
     *                         at most one syscall outstanding, so this never exceeds the live threads;
     *                         it bounds the home's work only when set below {@code threads}
     */
    public record Limits(int threads, int openFiles, int pendingSyscalls) {

        public static final int DEFAULT_THREADS = 1024;
        public static final int DEFAULT_OPEN_FILES = HostProcessConfig.DEFAULT_MAX_FDS;
        public static final int DEFAULT_PENDING_SYSCALLS = 4096;
        public static final Limits DEFAULTS = new Limits(DEFAULT_THREADS, DEFAULT_OPEN_FILES, DEFAULT_PENDING_SYSCALLS);

        public Limits {
            if (threads < 1) {
                throw new IllegalArgumentException("threads per process must be >= 1 (the main thread): " + threads);
            }
            if (openFiles < 3) {
                throw new IllegalArgumentException("open files per process must leave room for fds 0, 1, 2: " + openFiles);
            }
            if (pendingSyscalls < 1) {
                throw new IllegalArgumentException("pending syscalls per process must be >= 1: " + pendingSyscalls);
            }
        }
    }
}
