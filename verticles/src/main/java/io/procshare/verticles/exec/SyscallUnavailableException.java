package io.procshare.verticles.exec;

/**
 * A forwarded syscall got no answer: the home did not reply (nor say it was still running the
 * call) within the deadline, or refused it. The process cannot continue on this node; its client
 * should be told that the home (named here) is lost or failed. Never thrown for a syscall that
 * merely blocks at a live home.
 */
public final class SyscallUnavailableException extends RuntimeException {

    public SyscallUnavailableException(String message) {
        super(message);
    }
}
