package io.procshare.verticles.syscall;

/**
 * How a syscall reads and fills the memory its pointer arguments name. At the home with argument
 * shipping off (the paper's behaviour) and for any syscall issued on the home, this is the DSM
 * ({@link DsmAccess}); for a forwarded request with shipping on, the bytes the issuing node
 * shipped and a list of bytes to ship back ({@link ShippedAccess}). The dispatcher does not know
 * which: that is what makes the two modes give the same results.
 */
public interface GuestAccess {

    /**
     * The NUL-terminated string at {@code address}: its bytes with the NUL; the readable prefix
     * without a NUL when the memory ends first (the caller answers -EFAULT); at most
     * {@link BufferArg#PATH_MAX} bytes without a NUL (-ENAMETOOLONG); null when not even the first
     * byte is readable.
     */
    byte[] path(long address);

    /** {@code length} bytes at {@code address}, or null when any of them is unreadable. */
    byte[] read(long address, int length);

    /** Stores {@code bytes} at {@code address} as the thread would; false when any byte is unwritable. */
    boolean write(long address, byte[] bytes);
}
