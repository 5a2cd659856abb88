package io.procshare.verticles.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pages of one process move most on this node: per page, the faults that sent a page
 * request from here and the invalidations and forwards this node received, with the names of the
 * threads that faulted on it (at most {@value #THREADS_PER_PAGE}). For the console's hottest pages.
 * Sans-IO, confined to the process's event loop; bounded: at most {@value #MAX_PAGES} pages are
 * tracked, the ones first seen, and a page past that is counted only in {@link #untracked()}.
 */
final class PageHeat {

    static final int MAX_PAGES = 16_384;
    static final int THREADS_PER_PAGE = 4;

    /** One page's heat; {@code threads} in order of first fault. */
    record Hot(long page, long faults, long invalidations, List<String> threads) {
    }

    private static final class Entry {
        long faults;
        long invalidations;
        final List<String> threads = new ArrayList<>(1);
    }

    private final Map<Long, Entry> pages = new HashMap<>();
    private long untracked;

    void fault(long page, String thread) {
        Entry e = entry(page);
        if (e != null) {
            e.faults++;
            if (thread != null && e.threads.size() < THREADS_PER_PAGE && !e.threads.contains(thread)) {
                e.threads.add(thread);
            }
        }
    }

    /** An invalidation or a forward ("send your copy") this node received for the page. */
    void revoked(long page) {
        Entry e = entry(page);
        if (e != null) {
            e.invalidations++;
        }
    }

    /** Events on pages that were not tracked because {@value #MAX_PAGES} others were. */
    long untracked() {
        return untracked;
    }

    /** The {@code n} pages with the most faults plus invalidations, hottest first. */
    List<Hot> top(int n) {
        return pages.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<Long, Entry> e) -> -(e.getValue().faults + e.getValue().invalidations))
                        .thenComparingLong(Map.Entry::getKey))
                .limit(n)
                .map(e -> new Hot(e.getKey(), e.getValue().faults, e.getValue().invalidations, List.copyOf(e.getValue().threads)))
                .toList();
    }

    private Entry entry(long page) {
        Entry e = pages.get(page);
        if (e == null) {
            if (pages.size() >= MAX_PAGES) {
                untracked++;
                return null;
            }
            e = new Entry();
            pages.put(page, e);
        }
        return e;
    }
}
