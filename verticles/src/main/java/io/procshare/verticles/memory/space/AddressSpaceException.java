package io.procshare.verticles.memory.space;

/**
 * A map operation the address space refuses, with the Linux errno a guest expects from the
 * syscall ({@link #EINVAL} for a bad argument, {@link #ENOMEM} for an unmapped range or no room).
 * Nothing was changed.
 */
public final class AddressSpaceException extends RuntimeException {

    public static final int ENOMEM = 12;
    public static final int EINVAL = 22;

    private final int errno;

    public AddressSpaceException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** The positive Linux errno; the syscall returns its negation. */
    public int errno() {
        return errno;
    }
}
