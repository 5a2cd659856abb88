package io.procshare.verticles.memory;

import io.procshare.codecs.Access;

/**
 * A guest access outside every mapping, or without the protection it needs (DESIGN §5). For a Java
 * task it ends the task like an uncaught exception; the riscv64 front-end turns it into SIGSEGV
 * (exit status 139). It never harms the node: nothing was read or written.
 */
public final class SegmentationFault extends RuntimeException {

    private final long pid;
    private final long address;
    private final byte access;

    public SegmentationFault(long pid, long address, byte access) {
        super("segmentation fault: pid " + pid + " " + (access == Access.WRITE ? "write" : "read") + " at 0x"
                + Long.toHexString(address) + " (no mapping, or the mapping does not allow it)");
        this.pid = pid;
        this.address = address;
        this.access = access;
    }

    public long pid() {
        return pid;
    }

    public long address() {
        return address;
    }

    /** {@code Access.READ} or {@code Access.WRITE}. */
    public byte access() {
        return access;
    }
}
