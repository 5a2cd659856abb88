package io.procshare.verticles.memory;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Page number to {@link PageSlot}, read lock-free and allocation-free by guest threads, written only
 * by the node's event loop (single writer). Open addressing with linear probing. A slot is removed
 * (replaced by a tombstone, which lookups probe past) only after it was retired: its gate closed for
 * good, so a reader that still holds it finds no rights and takes the slow path, which finds the
 * page's new slot, if any (issue 13, finding 6). Growth publishes a new array through a volatile
 * field, without the tombstones; a reader still on the old array misses only slots made after it
 * started (it then takes the slow path, which is always correct).
 */
final class SlotTable {

    /** Stands for a removed slot: matches no page (page numbers are never negative). */
    private static final PageSlot TOMBSTONE = new PageSlot(-1, null);

    private volatile AtomicReferenceArray<PageSlot> table = new AtomicReferenceArray<>(64);
    /** Cells in use: live slots and tombstones. */
    private int used;
    private int live;

    private static int index(long page, int mask) {
        long h = page * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 40) & mask;
    }

    /** The slot of {@code page}, or null. Any thread. */
    PageSlot get(long page) {
        AtomicReferenceArray<PageSlot> t = table;
        int mask = t.length() - 1;
        for (int i = index(page, mask); ; i = (i + 1) & mask) {
            PageSlot s = t.getAcquire(i);
            if (s == null || s.page == page) {
                return s;
            }
        }
    }

    /** Event loop only. */
    PageSlot getOrCreate(long page, ProcessPages owner) {
        PageSlot s = get(page);
        if (s != null) {
            return s;
        }
        if ((used + 1) * 2 > table.length()) {
            rebuild();
        }
        s = new PageSlot(page, owner);
        insert(table, s);
        used++;
        live++;
        return s;
    }

    /** Event loop only: removes the slot of {@code page}, which the caller retired. */
    void remove(long page) {
        AtomicReferenceArray<PageSlot> t = table;
        int mask = t.length() - 1;
        for (int i = index(page, mask); ; i = (i + 1) & mask) {
            PageSlot s = t.getPlain(i);
            if (s == null) {
                return;
            }
            if (s.page == page) {
                t.setRelease(i, TOMBSTONE);
                live--;
                return;
            }
        }
    }

    /** Event loop only. */
    void forEach(Consumer<PageSlot> action) {
        AtomicReferenceArray<PageSlot> t = table;
        for (int i = 0; i < t.length(); i++) {
            PageSlot s = t.getPlain(i);
            if (s != null && s != TOMBSTONE) {
                action.accept(s);
            }
        }
    }

    int size() {
        return live;
    }

    /** A new array for the live slots, at most a quarter full (so it grows with them and shrinks after removals). */
    private void rebuild() {
        AtomicReferenceArray<PageSlot> old = table;
        int length = 64;
        while ((live + 1) * 4 > length) {
            length *= 2;
        }
        AtomicReferenceArray<PageSlot> fresh = new AtomicReferenceArray<>(length);
        for (int i = 0; i < old.length(); i++) {
            PageSlot s = old.getPlain(i);
            if (s != null && s != TOMBSTONE) {
                insert(fresh, s);
            }
        }
        used = live;
        table = fresh;
    }

    private static void insert(AtomicReferenceArray<PageSlot> t, PageSlot s) {
        int mask = t.length() - 1;
        int i = index(s.page, mask);
        while (t.getPlain(i) != null) {
            i = (i + 1) & mask;
        }
        t.setRelease(i, s);
    }
}
