package io.procshare.verticles.memory;

import io.procshare.verticles.memory.space.AddressSpace;
import io.procshare.verticles.memory.space.AddressSpaceException;
import io.procshare.verticles.memory.space.MapChange;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The memory of one shared process as its guest threads on one node see it (DESIGN §5): 64-bit
 * guest addresses, little-endian as on riscv64, loads and stores of 1, 2, 4 and 8 bytes, bulk
 * copies, compare-and-swap, fetch-add and fences. Get one from {@link MemoryService}.
 *
 * <p><b>Memory model.</b> Plain accesses are coherent per location. Volatile and atomic accesses
 * (the {@code *Volatile} methods, {@code compareAndSwap*}, {@code fetchAdd*}) and {@link #fence} are
 * sequentially consistent among all threads of the process, on this node and on every other: an
 * atomic read-modify-write holds its page READ_WRITE (one writer in the cluster) for its whole
 * duration and is a VarHandle volatile RMW on the frame; pages move between nodes only through the
 * home, after every access in flight ended. Atomic and volatile accesses must be naturally aligned
 * ({@link IllegalArgumentException} otherwise); plain ones may be unaligned, and one that spans two
 * pages is done byte by byte.
 *
 * <p><b>Threads.</b> Any number of guest threads may use one instance concurrently. Each access
 * here goes through the calling thread's {@link GuestThreadMemory} ({@link #local()}); a thread that
 * makes many accesses (an interpreter's hart) should keep that view and call it directly, which saves
 * finding it per access. An access of at most 8 bytes to a resident page with the rights it needs
 * (the hot path) allocates nothing, sends nothing, takes no lock and pins nothing; why it never loses
 * a store that races with a revocation is told in {@link GuestThreadMemory}. Otherwise the thread
 * faults: it blocks (so guest threads must never be event-loop threads) until the node's
 * {@link PageFaultVerticle} has the page, at most {@link MemoryConfig#faultTimeoutMs()}
 * ({@link PageFaultTimeoutException}). An access that no mapping allows throws
 * {@link SegmentationFault}; one that cannot be served (home lost) {@link PageUnavailableException}.
 *
 * <p><b>Map changes</b> ({@link #mmap}, {@link #munmap}, {@link #mprotect}, {@link #brk}) run at the
 * home, so only the instance on the home node accepts them (elsewhere they go through the syscall
 * unit, issue 5); munmap and a rights-removing mprotect return only after every node dropped the
 * affected access (shootdown). A map change returns its true outcome however long its shootdown
 * takes: it ends when every node acked, a node that does not ack is lost, or the process ends.
 */
public final class GuestMemory {

    private static final int VIEWS = 64;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GuestMemory.class);

    private final ProcessPages pages;
    private final InvalidationVerticle home;
    private final long timeoutMs;
    /** Direct-mapped by thread id in front of {@link #views}: racy, but a view's owner is final. */
    private final GuestThreadMemory[] recent = new GuestThreadMemory[VIEWS];
    private final ThreadLocal<GuestThreadMemory> views;

    GuestMemory(ProcessPages pages, InvalidationVerticle home, long timeoutMs) {
        this.pages = pages;
        this.home = home;
        this.timeoutMs = timeoutMs;
        this.views = ThreadLocal.withInitial(() -> new GuestThreadMemory(pages, Thread.currentThread()));
    }

    /**
     * The calling thread's view of this memory: the same accesses, without finding the view each
     * time. Use it on this thread only. Allocation-free after the thread's first call.
     */
    public GuestThreadMemory local() {
        Thread t = Thread.currentThread();
        int i = (int) t.threadId() & (VIEWS - 1);
        GuestThreadMemory v = recent[i];
        if (v != null && v.owner == t) {
            return v;
        }
        v = views.get();
        recent[i] = v;
        return v;
    }

    public long pid() {
        return pages.pid;
    }

    /** Node id of the process's home. */
    public String home() {
        return pages.home;
    }

    /** Node id of the node this instance runs on. */
    public String node() {
        return pages.self;
    }

    // ---- accesses, through the calling thread's view ---------------------------------------------

    public byte readByte(long address) {
        return local().readByte(address);
    }

    public short readShort(long address) {
        return local().readShort(address);
    }

    public int readInt(long address) {
        return local().readInt(address);
    }

    public long readLong(long address) {
        return local().readLong(address);
    }

    public void writeByte(long address, byte value) {
        local().writeByte(address, value);
    }

    public void writeShort(long address, short value) {
        local().writeShort(address, value);
    }

    public void writeInt(long address, int value) {
        local().writeInt(address, value);
    }

    public void writeLong(long address, long value) {
        local().writeLong(address, value);
    }

    public int readIntVolatile(long address) {
        return local().readIntVolatile(address);
    }

    /** See {@link GuestThreadMemory#peekIntVolatile}: never faults, never blocks. */
    public long peekIntVolatile(long address) {
        return local().peekIntVolatile(address);
    }

    public long readLongVolatile(long address) {
        return local().readLongVolatile(address);
    }

    public void writeIntVolatile(long address, int value) {
        local().writeIntVolatile(address, value);
    }

    public void writeLongVolatile(long address, long value) {
        local().writeLongVolatile(address, value);
    }

    /** Atomically sets the 8 bytes at {@code address} to {@code update} if they hold {@code expected}. */
    public boolean compareAndSwapLong(long address, long expected, long update) {
        return local().compareAndSwapLong(address, expected, update);
    }

    public boolean compareAndSwapInt(long address, int expected, int update) {
        return local().compareAndSwapInt(address, expected, update);
    }

    /** Atomically adds {@code delta} to the 8 bytes at {@code address}; returns the previous value. */
    public long fetchAddLong(long address, long delta) {
        return local().fetchAddLong(address, delta);
    }

    public int fetchAddInt(long address, int delta) {
        return local().fetchAddInt(address, delta);
    }

    /** A full fence (riscv {@code fence rw,rw}). */
    public void fence() {
        VarHandle.fullFence();
    }

    /** Copies {@code length} bytes at {@code address} into {@code dst[offset..]}, page by page. */
    public void read(long address, byte[] dst, int offset, int length) {
        local().read(address, dst, offset, length);
    }

    /** Copies {@code src[offset..offset+length)} to {@code address}, page by page. */
    public void write(long address, byte[] src, int offset, int length) {
        local().write(address, src, offset, length);
    }

    // ---- map changes (home only) ----------------------------------------------------------------

    /**
     * Anonymous mmap at the home; returns the address. See {@link AddressSpace#mmap}.
     *
     * @throws AddressSpaceException with the errno the syscall returns
     */
    public long mmap(long hint, long length, int prot, boolean fixed) {
        return mapOp(s -> s.mmap(hint, length, prot, fixed)).result();
    }

    /** munmap at the home; returns after every node discarded its copies of the range. */
    public void munmap(long address, long length) {
        mapOp(s -> s.munmap(address, length));
    }

    /** mprotect at the home; returns after every node dropped rights the new protection removes. */
    public void mprotect(long address, long length, int prot) {
        mapOp(s -> s.mprotect(address, length, prot));
    }

    /** brk at the home; returns the new break (the old one if it could not move). */
    public long brk(long requested) {
        return mapOp(s -> s.brk(requested)).result();
    }

    /** The process's current map, read at the home in turn with the map changes (mremap reads it). */
    public io.procshare.verticles.memory.space.AddressMap map() {
        return mapOp(s -> new MapChange(0, s.map(), MapChange.Shootdown.NONE, 0, 0)).map();
    }

    private MapChange mapOp(Function<AddressSpace, MapChange> op) {
        if (home == null) {
            throw new UnsupportedOperationException("map changes of pid " + pages.pid + " run at its home "
                    + pages.home + ", not on " + pages.self + ": forward the syscall to the home");
        }
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("map change of pid " + pages.pid + " from an event-loop thread");
        }
        Future<MapChange> f = home.mapOp(pages.pid, op);
        // the change is applied at the home at once; what is left is its shootdown, which ends when
        // every node acked, when a node that does not ack is declared lost, or when the process
        // ends. So the outcome is waited for, never guessed: an error after a timeout would tell
        // the guest that a change it made did not happen (issue 13, finding 4)
        var result = f.toCompletionStage().toCompletableFuture();
        long started = System.nanoTime();
        while (true) {
            try {
                return result.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                LOG.warn("pid {}: map change waits {} ms for a node to ack its shootdown", pages.pid,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a map change of pid " + pages.pid, e);
            }
        }
    }
}
