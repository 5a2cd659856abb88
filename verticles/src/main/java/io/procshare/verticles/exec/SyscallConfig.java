package io.procshare.verticles.exec;

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
 */
public record SyscallConfig(Path sandboxRoot, boolean argumentShipping, long resendMs, long silenceMs,
                            long requestTimeoutMs) {

    public SyscallConfig {
        if (resendMs <= 0 || silenceMs < resendMs || requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("syscall config needs 0 < resendMs <= silenceMs and requestTimeoutMs > 0: "
                    + resendMs + ", " + silenceMs + ", " + requestTimeoutMs);
        }
    }

    /** Shipping on; re-send after 1 s; give up after 10 s of silence. */
    public static SyscallConfig defaults(Path sandboxRoot) {
        return new SyscallConfig(sandboxRoot, true, 1_000, 10_000, 10_000);
    }

    public SyscallConfig withArgumentShipping(boolean v) {
        return new SyscallConfig(sandboxRoot, v, resendMs, silenceMs, requestTimeoutMs);
    }

    public SyscallConfig withDeadlines(long resend, long silence, long request) {
        return new SyscallConfig(sandboxRoot, argumentShipping, resend, silence, request);
    }
}
