package io.procshare.verticles.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The pointer arguments of one syscall, read from guest memory as the {@link SyscallTable} row
 * describes them, and the storing of its output (DESIGN §6). This is the only code that
 * interprets {@link BufferArg}s: the dispatcher reads its inputs with {@link #read}, the
 * forwarding part ships exactly what {@link #read} touches ({@link #ship}), and outputs are
 * stored by {@link #store}. Instances are immutable once read.
 */
public final class Arguments {

    /**
     * Most bytes one write-like buffer (or one iovec set) moves per call; more is a short write,
     * which Linux allows. Kept equal to {@link HostProcessConfig#DEFAULT_MAX_TRANSFER} so that a
     * forwarded call and a home-local one move the same amount.
     */
    public static final int MAX_TRANSFER = HostProcessConfig.DEFAULT_MAX_TRANSFER;
    /**
     * A forwarded request whose iovec count exceeds this is sent without shipping (the home reads
     * and fills memory through the DSM): the wire carries at most 64 segments each way.
     */
    public static final int MAX_SHIPPED_IOVECS = 30;

    private static final int WIRE_SEGMENTS = 64;
    /** Most elements an array argument may have (ppoll's nfds): above any fd table a process may have. */
    static final long MAX_ARRAY = 65_536;

    private final byte[][] buffers = new byte[6][];
    private final long[][] iovBases = new long[6][];
    private final long[][] iovLengths = new long[6][];
    private final byte[][][] iovData = new byte[6][][];
    private int errno;

    private Arguments() {
    }

    /**
     * Reads every buffer the kernel would read for this call: paths, input buffers (capped at
     * {@link #MAX_TRANSFER}), fixed input structures, iovec arrays (for readv too) and the buffers
     * of input iovecs. Stops at the first error, remembered in {@link #errno()}.
     */
    public static Arguments read(SyscallSpec spec, long[] args, GuestAccess mem) {
        Arguments a = new Arguments();
        for (BufferArg b : spec.buffers()) {
            int e = a.readOne(b, args, mem);
            if (e != 0) {
                a.errno = e;
                break;
            }
        }
        return a;
    }

    /**
     * The guest memory a forwarded request ships: exactly what {@link #read} reads, from
     * {@code mem} (the issuing node's memory). Null when the request cannot be shipped within the
     * wire limits; it is then sent unshipped and the home reads through the DSM.
     */
    public static List<GuestBytes> ship(SyscallSpec spec, long[] args, GuestAccess mem) {
        for (BufferArg b : spec.buffers()) {
            if (b.kind() == BufferArg.Kind.IOVEC && Long.compareUnsigned(args[b.lengthArg()], MAX_SHIPPED_IOVECS) > 0) {
                return null;
            }
        }
        List<GuestBytes> shipped = new ArrayList<>();
        read(spec, args, new GuestAccess() {
            @Override
            public byte[] path(long address) {
                byte[] p = mem.path(address);
                if (p != null) {
                    shipped.add(new GuestBytes(address, p));
                }
                return p;
            }

            @Override
            public byte[] read(long address, int length) {
                byte[] r = mem.read(address, length);
                if (r != null && length > 0) {
                    shipped.add(new GuestBytes(address, r));
                }
                return r;
            }

            @Override
            public boolean write(long address, byte[] bytes) {
                throw new IllegalStateException("shipping reads only");
            }
        });
        return shipped.size() <= WIRE_SEGMENTS ? shipped : null;
    }

    /** 0, or the errno (EFAULT, EINVAL) that stops the call before it runs. */
    public int errno() {
        return errno;
    }

    /** The bytes read for pointer argument {@code arg} (a path with its NUL, a buffer, a structure); null if unreadable. */
    public byte[] buffer(int arg) {
        return buffers[arg];
    }

    /** The buffers of input iovec argument {@code arg}. */
    public byte[][] iovecs(int arg) {
        return iovData[arg];
    }

    /** The lengths of iovec argument {@code arg}, as the guest wrote them. */
    public long[] iovecLengths(int arg) {
        return iovLengths[arg];
    }

    /**
     * Stores the output of {@code result} for the table row's output buffer as Linux would
     * (the returned count, or the whole structure on success), scattering over iovecs.
     *
     * @return the syscall's final value: {@code result.value()}, or -EFAULT when the memory was unwritable
     */
    public long store(SyscallSpec spec, long[] args, SyscallResult result, GuestAccess mem) {
        long value = result.value();
        List<BufferArg> outputs = spec.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            BufferArg b = outputs.get(i);
            byte[] bytes = result.output(i);
            boolean stores = switch (b.written()) {
                case RETURN_VALUE -> value > 0;
                case WHOLE_ON_SUCCESS -> value == 0;
                case WHOLE_ON_EINTR -> value == -Errno.EINTR;
                case WHOLE_UNLESS_ERROR -> value >= 0;
                case NONE -> false;
            };
            if (!stores || bytes.length == 0 || (b.nullable() && args[b.arg()] == 0)) {
                continue;
            }
            boolean ok = b.kind() == BufferArg.Kind.IOVEC
                    ? scatter(iovBases[b.arg()], iovLengths[b.arg()], bytes, mem)
                    : mem.write(args[b.arg()], bytes);
            if (!ok) {
                return -Errno.EFAULT;
            }
        }
        return value;
    }

    private static boolean scatter(long[] bases, long[] lengths, byte[] out, GuestAccess mem) {
        int at = 0;
        for (int i = 0; i < bases.length && at < out.length; i++) {
            int n = (int) Math.min(out.length - at, lengths[i]);
            if (n > 0 && !mem.write(bases[i], java.util.Arrays.copyOfRange(out, at, at + n))) {
                return false;
            }
            at += n;
        }
        return true;
    }

    private int readOne(BufferArg b, long[] args, GuestAccess mem) {
        long ptr = args[b.arg()];
        switch (b.kind()) {
            case PATH -> {
                if (!(b.nullable() && ptr == 0)) {
                    buffers[b.arg()] = mem.path(ptr); // HostProcess turns null/unterminated into EFAULT/ENAMETOOLONG
                }
            }
            case LENGTH_ARG -> {
                if (b.direction() == BufferArg.Direction.OUT) {
                    return 0;
                }
                long len = args[b.lengthArg()];
                if (b.fixedLength() > 0) {
                    // an array: the count is of elements; beyond MAX_ARRAY the call is EINVAL (ppoll: nfds > RLIMIT_NOFILE)
                    if (Long.compareUnsigned(len, MAX_ARRAY) > 0) {
                        return Errno.EINVAL;
                    }
                    len *= b.fixedLength();
                }
                if (len < 0) {
                    return Errno.EINVAL; // rw_verify_area: (ssize_t) count < 0
                }
                // a zero count reads nothing, so any pointer is fine (access_ok of size 0)
                byte[] r = len == 0 ? new byte[0] : mem.read(ptr, (int) Math.min(len, MAX_TRANSFER));
                if (r == null) {
                    return Errno.EFAULT;
                }
                buffers[b.arg()] = r;
            }
            case FIXED -> {
                if (b.direction() == BufferArg.Direction.OUT || (b.nullable() && ptr == 0)) {
                    return 0; // a null optional input (rt_sigaction's act) is "no change": buffer stays null
                }
                byte[] r = mem.read(ptr, b.fixedLength());
                if (r == null) {
                    return Errno.EFAULT;
                }
                buffers[b.arg()] = r;
            }
            case IOVEC -> {
                return readIovecs(b, args, mem);
            }
        }
        return 0;
    }

    private int readIovecs(BufferArg b, long[] args, GuestAccess mem) {
        long count = args[b.lengthArg()] & 0xffff_ffffL; // the count is an int in the kernel
        if (count > BufferArg.IOV_MAX) {
            return Errno.EINVAL;
        }
        int n = (int) count;
        byte[] array = n == 0 ? new byte[0] : mem.read(args[b.arg()], n * BufferArg.IOVEC_SIZE);
        if (array == null) {
            return Errno.EFAULT;
        }
        ByteBuffer bb = ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
        long[] bases = new long[n];
        long[] lengths = new long[n];
        for (int i = 0; i < n; i++) {
            bases[i] = bb.getLong();
            lengths[i] = bb.getLong();
            if (lengths[i] < 0) {
                return Errno.EINVAL;
            }
        }
        iovBases[b.arg()] = bases;
        iovLengths[b.arg()] = lengths;
        if (b.direction() == BufferArg.Direction.IN) {
            byte[][] data = new byte[n][];
            long budget = MAX_TRANSFER;
            for (int i = 0; i < n; i++) {
                int take = (int) Math.min(lengths[i], budget);
                data[i] = take == 0 ? new byte[0] : mem.read(bases[i], take);
                if (data[i] == null) {
                    return Errno.EFAULT;
                }
                budget -= take;
            }
            iovData[b.arg()] = data;
        }
        return 0;
    }
}
