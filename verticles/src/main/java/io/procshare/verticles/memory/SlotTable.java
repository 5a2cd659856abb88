package io.procshare.verticles.memory;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Page number to {@link PageSlot}, read lock-free and allocation-free by guest threads, written only
 * by the node's event loop (single writer). Open addressing with linear probing; slots are never
 * removed, so a reader that finds one may keep it. Growth publishes a new array through a volatile
 * field; a reader still on the old array misses only slots made after it started (it then takes
 * the slow path, which is always correct).
 */
final class SlotTable {

    private volatile AtomicReferenceArray<PageSlot> table = new AtomicReferenceArray<>(64);
    private int size;

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
        if ((size + 1) * 2 > table.length()) {
            grow();
        }
        s = new PageSlot(page, owner);
        insert(table, s);
        size++;
        return s;
    }

    /** Event loop only. */
    void forEach(Consumer<PageSlot> action) {
        AtomicReferenceArray<PageSlot> t = table;
        for (int i = 0; i < t.length(); i++) {
            PageSlot s = t.getPlain(i);
            if (s != null) {
                action.accept(s);
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        AtomicReferenceArray<PageSlot> old = table;
        AtomicReferenceArray<PageSlot> bigger = new AtomicReferenceArray<>(old.length() * 2);
        for (int i = 0; i < old.length(); i++) {
            PageSlot s = old.getPlain(i);
            if (s != null) {
                insert(bigger, s);
            }
        }
        table = bigger;
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
