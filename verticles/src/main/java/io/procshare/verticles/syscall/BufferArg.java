package io.procshare.verticles.syscall;

/**
 * One pointer argument of a system call and how much guest memory behind it the call reads or
 * writes. This is what lets the forwarding part ship input bytes with the request and store the
 * output bytes from the reply (DESIGN §6, argument shipping).
 *
 * @param arg       index (0..5) of the pointer argument
 * @param direction whether the kernel reads ({@link Direction#IN}) or fills ({@link Direction#OUT}) the memory
 * @param kind      how the extent of the memory is found
 * @param lengthArg for {@link Kind#LENGTH_ARG}: the argument that holds the byte count; for
 *                  {@link Kind#IOVEC}: the argument that holds the iovec count; otherwise -1
 * @param fixedLength for {@link Kind#FIXED}: the size of the guest structure in bytes; for
 *                  {@link Kind#LENGTH_ARG}: the size of one element when the length argument counts
 *                  elements (ppoll's pollfds), 0 when it counts bytes
 * @param nullable  a null pointer is legal and means "no buffer" (e.g. nanosleep's {@code rem})
 * @param written   for outputs: how many bytes the kernel stores; for inputs: {@link Written#NONE}
 */
public record BufferArg(int arg, Direction direction, Kind kind, int lengthArg, int fixedLength,
                        boolean nullable, Written written) {

    /** PATH_MAX of Linux, the terminating NUL included. */
    public static final int PATH_MAX = 4096;
    /** UIO_MAXIOV: readv/writev with more iovecs fail with EINVAL. */
    public static final int IOV_MAX = 1024;
    /** Size of one guest {@code struct iovec} (base, length: two 64-bit words). */
    public static final int IOVEC_SIZE = 16;

    /** Direction of the data relative to the guest's memory. */
    public enum Direction { IN, OUT }

    /** How the extent of the memory is found. */
    public enum Kind {
        /** NUL-terminated string, at most {@link #PATH_MAX} bytes with the NUL. */
        PATH,
        /** A byte buffer whose length is another argument. */
        LENGTH_ARG,
        /** A structure of {@link #fixedLength()} bytes in the guest ABI. */
        FIXED,
        /** An array of {@code struct iovec}; the count is {@link #lengthArg()}; each entry names a buffer. */
        IOVEC
    }

    /** How many bytes an output buffer receives. */
    public enum Written {
        /** Input buffer: nothing is stored. */
        NONE,
        /** The return value, when positive, is the number of bytes stored (read, getdents64, readlinkat, getcwd). */
        RETURN_VALUE,
        /** The whole structure is stored when the call returns 0 (fstat, pipe2, clock_gettime). */
        WHOLE_ON_SUCCESS,
        /** The whole structure is stored only when the call returns -EINTR (nanosleep's remaining time). */
        WHOLE_ON_EINTR,
        /** The whole structure is stored when the call does not fail (ppoll's pollfd array, whose value is a count). */
        WHOLE_UNLESS_ERROR
    }

    public BufferArg {
        if (arg < 0 || arg > 5) {
            throw new IllegalArgumentException("arg must be 0..5, was " + arg);
        }
        if ((direction == Direction.IN) != (written == Written.NONE)) {
            throw new IllegalArgumentException("inputs store nothing and outputs store something: " + direction + "/" + written);
        }
    }

    static BufferArg path(int arg) {
        return new BufferArg(arg, Direction.IN, Kind.PATH, -1, 0, false, Written.NONE);
    }

    /** A path that may be NULL (utimensat: the call then acts on the dirfd). */
    static BufferArg nullablePath(int arg) {
        return new BufferArg(arg, Direction.IN, Kind.PATH, -1, 0, true, Written.NONE);
    }

    /** An array of {@code args[countArg]} elements of {@code size} bytes that the kernel reads. */
    static BufferArg inArray(int arg, int countArg, int size) {
        return new BufferArg(arg, Direction.IN, Kind.LENGTH_ARG, countArg, size, false, Written.NONE);
    }

    /** An array of {@code args[countArg]} elements of {@code size} bytes that the kernel fills, unless the call fails. */
    static BufferArg outArray(int arg, int countArg, int size) {
        return new BufferArg(arg, Direction.OUT, Kind.LENGTH_ARG, countArg, size, false, Written.WHOLE_UNLESS_ERROR);
    }

    static BufferArg in(int arg, int lengthArg) {
        return new BufferArg(arg, Direction.IN, Kind.LENGTH_ARG, lengthArg, 0, false, Written.NONE);
    }

    static BufferArg inFixed(int arg, int size) {
        return new BufferArg(arg, Direction.IN, Kind.FIXED, -1, size, false, Written.NONE);
    }

    /** An optional input structure: a null pointer means "none" (rt_sigaction's act, prlimit64's new limit). */
    static BufferArg inFixedNullable(int arg, int size) {
        return new BufferArg(arg, Direction.IN, Kind.FIXED, -1, size, true, Written.NONE);
    }

    static BufferArg out(int arg, int lengthArg) {
        return new BufferArg(arg, Direction.OUT, Kind.LENGTH_ARG, lengthArg, 0, false, Written.RETURN_VALUE);
    }

    static BufferArg outFixed(int arg, int size, boolean nullable, Written written) {
        return new BufferArg(arg, Direction.OUT, Kind.FIXED, -1, size, nullable, written);
    }

    static BufferArg iovecIn(int arg, int countArg) {
        return new BufferArg(arg, Direction.IN, Kind.IOVEC, countArg, 0, false, Written.NONE);
    }

    static BufferArg iovecOut(int arg, int countArg) {
        return new BufferArg(arg, Direction.OUT, Kind.IOVEC, countArg, 0, false, Written.RETURN_VALUE);
    }
}
