package io.procshare.verticles.memory;

import java.util.List;

/**
 * What one node holds of one process's address space, for the console's page-ownership map:
 * the pages of {@code [from, from + count)} this node holds READ_ONLY or READ_WRITE, the mapped
 * ranges as this node's copy of the map has them, and the process's hottest pages here.
 *
 * @param pid       the process
 * @param mapped    mapped ranges, in pages: {@code [startPage, endPage)} each
 * @param held      pages held here in the range, ascending, each with its {@code PageState}
 * @param hot       the hottest pages here, hottest first
 * @param untracked fault and invalidation events on pages past the heat table's bound
 */
public record PageView(long pid, List<long[]> mapped, List<Held> held, List<Hot> hot, long untracked) {

    /** A page this node holds and its state ({@code PageState.READ_ONLY} or {@code READ_WRITE}). */
    public record Held(long page, byte state) {
    }

    /** A page's faults from this node, invalidations and forwards received here, and its faulting threads. */
    public record Hot(long page, long faults, long invalidations, List<String> threads) {
    }

    public PageView {
        mapped = List.copyOf(mapped);
        held = List.copyOf(held);
        hot = List.copyOf(hot);
    }
}
