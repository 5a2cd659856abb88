package io.procshare.verticles.syscall;

/**
 * What a syscall returns to the guest: the return value ({@code >= 0}, or {@code -errno}) and the
 * bytes it stores into guest memory, in the guest's ABI (empty when it stores nothing). For
 * readv, the bytes of all iovecs concatenated in order; the caller scatters them.
 */
public record SyscallResult(long value, byte[] output) {

    private static final byte[] NONE = new byte[0];

    public SyscallResult {
        if (output == null) {
            output = NONE;
        }
    }

    public static SyscallResult of(long value) {
        return new SyscallResult(value, NONE);
    }

    public static SyscallResult error(int errno) {
        return new SyscallResult(-errno, NONE);
    }

    public boolean isError() {
        return value < 0;
    }
}
