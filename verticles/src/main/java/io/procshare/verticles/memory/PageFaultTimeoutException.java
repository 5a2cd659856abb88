package io.procshare.verticles.memory;

/**
 * A page fault was not served within {@link MemoryConfig#faultTimeoutMs()}: the home is overloaded or
 * unreachable. The access did not happen; the guest may retry it, or give up on the process.
 */
public final class PageFaultTimeoutException extends RuntimeException {

    public PageFaultTimeoutException(long pid, long page, String node, long timeoutMs) {
        super("page fault on page 0x" + Long.toHexString(page) + " (address 0x" + Long.toHexString(page << 12)
                + ") of pid " + pid + " on node " + node + " not served within " + timeoutMs
                + " ms: the process's home is overloaded or unreachable");
    }
}
