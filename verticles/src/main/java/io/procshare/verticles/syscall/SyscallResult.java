package io.procshare.verticles.syscall;

import java.util.List;

/**
 * What a syscall returns to the guest: the return value ({@code >= 0}, or {@code -errno}) and the
 * bytes it stores into guest memory, in the guest's ABI (empty when it stores nothing). For
 * readv, the bytes of all iovecs concatenated in order; the caller scatters them. A call with
 * several output buffers (gettimeofday, getcpu) gives the first's bytes in {@code output} and the
 * others' in {@code more}, in the order of {@link SyscallSpec#outputs()}.
 */
public record SyscallResult(long value, byte[] output, List<byte[]> more) {

    private static final byte[] NONE = new byte[0];

    public SyscallResult {
        if (output == null) {
            output = NONE;
        }
        more = more == null ? List.of() : List.copyOf(more);
    }

    public SyscallResult(long value, byte[] output) {
        this(value, output, List.of());
    }

    public static SyscallResult of(long value) {
        return new SyscallResult(value, NONE);
    }

    public static SyscallResult error(int errno) {
        return new SyscallResult(-errno, NONE);
    }

    /** The bytes of the {@code i}-th output buffer (empty when it receives none). */
    public byte[] output(int i) {
        return i == 0 ? output : i - 1 < more.size() ? more.get(i - 1) : NONE;
    }

    public boolean isError() {
        return value < 0;
    }
}
