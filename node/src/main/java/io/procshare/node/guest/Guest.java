package io.procshare.node.guest;

import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.ThreadDescriptor;
import io.procshare.verticles.memory.GuestThreadMemory;
import io.procshare.verticles.syscall.Sysno;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The handle a Java shared task's thread gets (DESIGN §7): the process's memory, its system calls,
 * thin libc-like helpers and threads. One per guest thread, used by that thread only; a thread on
 * another node has its own, over the same process memory.
 *
 * <ul>
 *   <li><b>Memory</b> is the process's 64-bit address space, shared by every thread on every node
 *       and sequentially consistent: plain, volatile, compare-and-set and get-and-add accesses of
 *       1 to 8 bytes, little-endian, and bulk copies. A page another node wrote moves here on first
 *       touch. An access outside every mapping throws
 *       {@link io.procshare.verticles.memory.SegmentationFault}; the process then ends with status
 *       139.</li>
 *   <li><b>{@link #syscall}</b> issues a Linux generic-ABI system call (riscv64 numbers,
 *       {@link Sysno}) and returns what Linux returns: a value or {@code -errno}. File calls run at
 *       the process's home, in its sandbox; pointer arguments are guest addresses.</li>
 *   <li><b>Helpers</b> ({@link #open}, {@link #read(int, byte[], int, int)}, {@link #write(int, byte[])},
 *       {@link #mkdir}, {@link #listDirectory}, {@link #println}, ...) put their strings and buffers
 *       into guest memory (a per-thread scratch area) and pass the addresses, as libc does; they
 *       throw {@link GuestErrnoException} where libc would return -1.</li>
 *   <li><b>malloc/free</b> over mmap ({@link #malloc}, {@link #calloc}, {@link #free}); page-aligned
 *       blocks with {@link #allocPages}. Small blocks of different threads may share a page: put
 *       data that threads on different nodes write into separate page-aligned blocks.</li>
 *   <li><b>Threads</b>: {@link #spawn} is clone plus a descriptor on the child's stack; {@link #join}
 *       waits on the child-tid word with futex, as glibc's pthread_join does. {@link Mutex} and
 *       {@link CondVar} are built on futex.</li>
 * </ul>
 *
 * <p>See {@link SharedTask} for a complete small example.
 */
public final class Guest {

    /** The process's runtime page: heap state and the requested thread count, at a fixed address below the heap. */
    static final long RUNTIME = 0x10_0000L;
    static final long REQUESTED_THREADS = RUNTIME + 128;
    static final long PAGE = 4096;

    // generic-ABI constants (asm-generic/fcntl.h, mman-common.h, linux/futex.h)
    public static final int AT_FDCWD = -100;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_CLOEXEC = 02000000;
    static final int PROT_READ_WRITE = 3;
    static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    static final int FUTEX_WAIT_PRIVATE = 128;
    static final int FUTEX_WAKE_PRIVATE = 129;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int SCRATCH = 64 * 1024;
    private static final int PATH_MAX = 4096;
    private static final int CLONE_THREAD_FLAGS = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000 | 0x100000 | 0x200000;

    private final GuestThread thread;
    private final GuestThreadMemory mem;
    private final GuestNodes nodes;
    private final Heap heap;
    private long scratch;

    Guest(GuestThread thread, GuestNodes nodes) {
        this.thread = thread;
        this.mem = thread.memory().local();
        this.nodes = nodes;
        this.heap = new Heap(this);
    }

    // ---- identity -------------------------------------------------------------------------------

    /** The process id (cluster-unique). */
    public long pid() {
        return thread.pid();
    }

    /** This thread's id (gtid, its Linux tid); the main thread is 1. */
    public long tid() {
        return thread.gtid();
    }

    /** The name of the node this thread runs on ({@code node2}). */
    public String nodeName() {
        return nodes.nameOf(thread.memory().node());
    }

    /** The name of the process's home node. */
    public String homeName() {
        return nodes.nameOf(thread.home());
    }

    /** The names of the cluster's nodes now, sorted. */
    public List<String> nodeNames() {
        return nodes.names();
    }

    /** The thread count the submission asked for ({@code --threads N}), at least 1. */
    public int requestedThreads() {
        return Math.max(1, readInt(REQUESTED_THREADS));
    }

    // ---- memory ---------------------------------------------------------------------------------

    public byte readByte(long address) {
        return mem.readByte(address);
    }

    public int readInt(long address) {
        return mem.readInt(address);
    }

    public long readLong(long address) {
        return mem.readLong(address);
    }

    public double readDouble(long address) {
        return Double.longBitsToDouble(mem.readLong(address));
    }

    public void writeByte(long address, byte value) {
        mem.writeByte(address, value);
    }

    public void writeInt(long address, int value) {
        mem.writeInt(address, value);
    }

    public void writeLong(long address, long value) {
        mem.writeLong(address, value);
    }

    public void writeDouble(long address, double value) {
        mem.writeLong(address, Double.doubleToRawLongBits(value));
    }

    public int readIntVolatile(long address) {
        return mem.readIntVolatile(address);
    }

    public long readLongVolatile(long address) {
        return mem.readLongVolatile(address);
    }

    public void writeIntVolatile(long address, int value) {
        mem.writeIntVolatile(address, value);
    }

    public void writeLongVolatile(long address, long value) {
        mem.writeLongVolatile(address, value);
    }

    public boolean compareAndSetInt(long address, int expected, int update) {
        return mem.compareAndSwapInt(address, expected, update);
    }

    public boolean compareAndSetLong(long address, long expected, long update) {
        return mem.compareAndSwapLong(address, expected, update);
    }

    /** Atomically adds {@code delta}; returns the value before. */
    public int getAndAddInt(long address, int delta) {
        return mem.fetchAddInt(address, delta);
    }

    /** Atomically adds {@code delta}; returns the value before. */
    public long getAndAddLong(long address, long delta) {
        return mem.fetchAddLong(address, delta);
    }

    /** Atomically stores {@code value}; returns the value before. */
    public int getAndSetInt(long address, int value) {
        while (true) {
            int old = mem.readIntVolatile(address);
            if (mem.compareAndSwapInt(address, old, value)) {
                return old;
            }
        }
    }

    /** A full fence. */
    public void fence() {
        mem.fence();
    }

    /** Copies {@code length} guest bytes at {@code address} into {@code dst[offset..]}. */
    public void read(long address, byte[] dst, int offset, int length) {
        mem.read(address, dst, offset, length);
    }

    /** Copies {@code src[offset..offset+length)} to guest memory at {@code address}. */
    public void write(long address, byte[] src, int offset, int length) {
        mem.write(address, src, offset, length);
    }

    // ---- system calls ---------------------------------------------------------------------------

    /**
     * System call {@code nr} with up to six arguments; returns a value or {@code -errno}.
     *
     * @throws io.procshare.verticles.exec.ThreadExitException after exit or exit_group: let it
     *         propagate, the thread is over
     */
    public long syscall(int nr, long... args) {
        return thread.syscall(nr, args);
    }

    private long check(String call, long ret) {
        if (ret < 0 && ret > -4096) {
            throw new GuestErrnoException(call, (int) -ret);
        }
        return ret;
    }

    // ---- memory management ----------------------------------------------------------------------

    /**
     * mmap of {@code length} bytes of zeroed, page-aligned, read-write anonymous memory.
     *
     * @throws GuestErrnoException ENOMEM when the address space is full
     */
    public long allocPages(long length) {
        return check("mmap(" + length + ")", syscall(Sysno.MMAP, 0, length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0));
    }

    /** munmap of a block from {@link #allocPages}. */
    public void freePages(long address, long length) {
        check("munmap(0x" + Long.toHexString(address) + ")", syscall(Sysno.MUNMAP, address, length));
    }

    /** {@code size} bytes, 16-byte aligned, not zeroed; shared with every thread. */
    public long malloc(long size) {
        return heap.malloc(size);
    }

    /** {@code size} zeroed bytes. */
    public long calloc(long size) {
        long a = heap.malloc(size);
        heap.zero(a, size);
        return a;
    }

    /** Frees a block from {@link #malloc} or {@link #calloc}; 0 is ignored. */
    public void free(long address) {
        heap.free(address);
    }

    // ---- threads --------------------------------------------------------------------------------

    /** Starts a thread running {@code entry} with {@code arg} where the process's placement puts it. */
    public SpawnedThread spawn(Class<? extends ThreadEntry> entry, long arg) {
        return spawn(entry, arg, null);
    }

    /**
     * Starts a thread running {@code entry} with {@code arg} on node {@code node} (a name), or where
     * the placement policy puts it when {@code node} is null.
     *
     * @throws GuestErrnoException EINVAL when no node has that name, EAGAIN when the node could not
     *                             start it
     */
    public SpawnedThread spawn(Class<? extends ThreadEntry> entry, long arg, String node) {
        byte[] descriptor = new ThreadDescriptor(node == null ? "" : node, entry.getName(), arg).encode();
        long control = heap.malloc(16 + descriptor.length);
        writeLong(control, 0);
        writeLong(control + 8, 0);
        write(control + 16, descriptor, 0, descriptor.length);
        // glibc: CLONE_PARENT_SETTID stores the tid before the child runs, CLONE_CHILD_CLEARTID clears it at exit
        long tid = syscall(Sysno.CLONE, CLONE_THREAD_FLAGS, control + 16, control, 0, control);
        if (tid < 0) {
            heap.free(control);
            throw new GuestErrnoException("clone of " + entry.getSimpleName() + (node == null ? "" : " on node '" + node + "'"),
                    (int) -tid);
        }
        return new SpawnedThread(tid, control);
    }

    /** Waits until {@code t} has exited; returns its exit status. Join each thread once. */
    public int join(SpawnedThread t) {
        int v;
        while ((v = readIntVolatile(t.control())) != 0) {
            syscall(Sysno.FUTEX, t.control(), FUTEX_WAIT_PRIVATE, v, 0);
        }
        int status = readIntVolatile(t.control() + 8);
        heap.free(t.control());
        return status;
    }

    /** futex WAIT: sleeps while the int at {@code address} is {@code expected} (or until a wake). */
    public long futexWait(long address, int expected) {
        return syscall(Sysno.FUTEX, address, FUTEX_WAIT_PRIVATE, expected, 0);
    }

    /** futex WAKE: wakes at most {@code count} waiters on {@code address}; returns how many woke. */
    public long futexWake(long address, int count) {
        return syscall(Sysno.FUTEX, address, FUTEX_WAKE_PRIVATE, count);
    }

    /** Ends this thread with {@code status} (exit(2)); does not return. */
    public void exitThread(int status) {
        syscall(Sysno.EXIT, status);
        throw new IllegalStateException("exit returned");
    }

    /** Ends the process with {@code status} (exit_group(2)); does not return. */
    public void exitProcess(int status) {
        syscall(Sysno.EXIT_GROUP, status);
        throw new IllegalStateException("exit_group returned");
    }

    // ---- files ----------------------------------------------------------------------------------

    /** openat(AT_FDCWD, path, flags, mode); returns the fd. */
    public int open(String path, int flags, int mode) {
        return (int) check("open(" + path + ")", syscall(Sysno.OPENAT, AT_FDCWD, path(path), flags, mode));
    }

    public void close(int fd) {
        check("close(" + fd + ")", syscall(Sysno.CLOSE, fd));
    }

    /** read into guest memory; returns the count (0 at end of file). */
    public long read(int fd, long buffer, long count) {
        return check("read(" + fd + ")", syscall(Sysno.READ, fd, buffer, count));
    }

    /** read into {@code dst[offset..]} through guest memory; returns the count (0 at end of file). */
    public int read(int fd, byte[] dst, int offset, int length) {
        long buf = scratch();
        int n = (int) read(fd, buf, Math.min(length, SCRATCH));
        mem.read(buf, dst, offset, n);
        return n;
    }

    /** The whole rest of the file. */
    public byte[] readAll(int fd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[SCRATCH];
        int n;
        while ((n = read(fd, chunk, 0, chunk.length)) > 0) {
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    /** write from guest memory; returns the count. */
    public long write(int fd, long buffer, long count) {
        return check("write(" + fd + ")", syscall(Sysno.WRITE, fd, buffer, count));
    }

    /** Writes all of {@code data} through guest memory (several writes if it must). */
    public void write(int fd, byte[] data) {
        long buf = scratch();
        int done = 0;
        while (done < data.length) {
            int chunk = Math.min(SCRATCH, data.length - done);
            mem.write(buf, data, done, chunk);
            int off = 0;
            while (off < chunk) {
                off += (int) write(fd, buf + off, chunk - off);
            }
            done += chunk;
        }
    }

    /** Writes {@code text} and a newline to stdout in one write, so lines of different threads do not mix. */
    public void println(String text) {
        write(1, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code text} and a newline to stderr. */
    public void eprintln(String text) {
        write(2, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void mkdir(String path, int mode) {
        check("mkdir(" + path + ")", syscall(Sysno.MKDIRAT, AT_FDCWD, path(path), mode));
    }

    public void unlink(String path) {
        check("unlink(" + path + ")", syscall(Sysno.UNLINKAT, AT_FDCWD, path(path), 0));
    }

    public void rmdir(String path) {
        check("rmdir(" + path + ")", syscall(Sysno.UNLINKAT, AT_FDCWD, path(path), AT_REMOVEDIR));
    }

    public void rename(String from, String to) {
        long buf = scratch();
        long a = putString(buf, from);
        long b = putString(buf + PATH_MAX + 1, to);
        check("rename(" + from + ", " + to + ")", syscall(Sysno.RENAMEAT2, AT_FDCWD, a, AT_FDCWD, b, 0));
    }

    /** The names in directory {@code path} (getdents64), without "." and "..", in directory order. */
    public List<String> listDirectory(String path) {
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        try {
            List<String> names = new ArrayList<>();
            long buf = scratch();
            byte[] bytes = new byte[SCRATCH];
            long n;
            while ((n = check("getdents64(" + path + ")", syscall(Sysno.GETDENTS64, fd, buf, SCRATCH))) > 0) {
                mem.read(buf, bytes, 0, (int) n);
                for (int off = 0; off < n; ) {
                    int reclen = (bytes[off + 16] & 0xff) | (bytes[off + 17] & 0xff) << 8;
                    int end = off + 19;
                    while (bytes[end] != 0) {
                        end++;
                    }
                    String name = new String(bytes, off + 19, end - off - 19, StandardCharsets.UTF_8);
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                    off += reclen;
                }
            }
            return names;
        } finally {
            close(fd);
        }
    }

    /** Releases this thread's scratch area (the runner calls it when the thread ends). */
    void releaseScratch() {
        if (scratch != 0) {
            syscall(Sysno.MUNMAP, scratch, SCRATCH);
            scratch = 0;
        }
    }

    /** The path as a NUL-terminated string in this thread's scratch area. */
    private long path(String path) {
        return putString(scratch(), path);
    }

    private long putString(long at, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length >= PATH_MAX) {
            throw new GuestErrnoException("path of " + b.length + " bytes", io.procshare.verticles.syscall.Errno.ENAMETOOLONG);
        }
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        mem.write(at, z, 0, z.length);
        return at;
    }

    private long scratch() {
        if (scratch == 0) {
            scratch = allocPages(SCRATCH); // this thread's own pages: no other thread touches them
        }
        return scratch;
    }

    GuestThread thread() {
        return thread;
    }

    /** The main thread maps the runtime page before any other thread exists. */
    void initRuntime(int requestedThreads) {
        check("mmap of the runtime page", syscall(Sysno.MMAP, RUNTIME, PAGE, PROT_READ_WRITE,
                MAP_PRIVATE_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
        writeInt(REQUESTED_THREADS, requestedThreads);
    }
}
