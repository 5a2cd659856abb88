package io.procshare.node.guest;

/**
 * malloc/free of a Java shared task over mmap, with all its state in guest memory (the runtime
 * page), so every thread on every node shares one heap:
 * <ul>
 *   <li>blocks of at most 2 KiB (header included) come from 8 size classes (16 B to 2 KiB), carved
 *       from 64 KiB chunks and recycled through per-class free lists, under a futex {@link Mutex};</li>
 *   <li>larger blocks are mmaps of their own, returned to the home with munmap by free.</li>
 * </ul>
 * Each block has a 16-byte header: its class (0..7), or minus the mapping length of a large block;
 * a free small block has {@link #FREED} there and its free-list link in the second word, so a second
 * free of it is caught.
 */
final class Heap {

    private static final long LOCK = Guest.RUNTIME;
    private static final long BUMP = Guest.RUNTIME + 8;
    private static final long BUMP_END = Guest.RUNTIME + 16;
    private static final long FREE_LISTS = Guest.RUNTIME + 32;
    private static final int CLASSES = 8;
    private static final int HEADER = 16;
    private static final long CHUNK = 64 * 1024;
    private static final long SMALL_MAX = 16L << (CLASSES - 1);
    private static final long FREED = 0x46524545L; // "FREE"

    private final Guest g;
    private final Mutex lock = new Mutex(LOCK);

    Heap(Guest g) {
        this.g = g;
    }

    long malloc(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("malloc(" + size + ")");
        }
        long total = Math.max(size, 1) + HEADER;
        if (total > SMALL_MAX) {
            long length = (total + Guest.PAGE - 1) & -Guest.PAGE;
            long block = g.allocPages(length);
            g.writeLong(block, -length);
            return block + HEADER;
        }
        int c = Math.max(0, 64 - Long.numberOfLeadingZeros(total - 1) - 4);
        long classSize = 16L << c;
        long block;
        lock.lock(g);
        try {
            long head = FREE_LISTS + 8L * c;
            block = g.readLong(head);
            if (block != 0) {
                g.writeLong(head, g.readLong(block + 8));
            } else {
                long bump = g.readLong(BUMP);
                long end = g.readLong(BUMP_END);
                if (bump == 0 || bump + classSize > end) {
                    bump = g.allocPages(CHUNK);
                    end = bump + CHUNK;
                    g.writeLong(BUMP_END, end);
                }
                block = bump;
                g.writeLong(BUMP, bump + classSize);
            }
        } finally {
            lock.unlock(g);
        }
        g.writeLong(block, c);
        return block + HEADER;
    }

    void free(long address) {
        if (address == 0) {
            return;
        }
        long block = address - HEADER;
        long h = g.readLong(block);
        if (h < 0 && (-h & (Guest.PAGE - 1)) == 0 && (block & (Guest.PAGE - 1)) == 0) {
            g.freePages(block, -h);
            return;
        }
        if (h == FREED) {
            throw new IllegalArgumentException("free(0x" + Long.toHexString(address) + "): double free");
        }
        if (h < 0 || h >= CLASSES) {
            throw new IllegalArgumentException("free(0x" + Long.toHexString(address) + "): not a block from malloc");
        }
        lock.lock(g);
        try {
            long head = FREE_LISTS + 8L * h;
            g.writeLong(block, FREED);
            g.writeLong(block + 8, g.readLong(head));
            g.writeLong(head, block);
        } finally {
            lock.unlock(g);
        }
    }

    void zero(long address, long size) {
        byte[] zeros = new byte[(int) Math.min(size, 64 * 1024)];
        for (long done = 0; done < size; done += zeros.length) {
            g.write(address + done, zeros, 0, (int) Math.min(zeros.length, size - done));
        }
    }
}
