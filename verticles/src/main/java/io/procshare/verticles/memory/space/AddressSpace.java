package io.procshare.verticles.memory.space;

import io.procshare.verticles.memory.coherence.AccessCheck;
import io.procshare.verticles.memory.space.MapChange.Shootdown;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mappings of one process, owned by its home (DESIGN §5). {@code mmap} (anonymous), {@code munmap},
 * {@code mprotect} and {@code brk} change them and bump the version; each returns a {@link MapChange}
 * saying which pages must be shot down on every node before the syscall returns. It is also the
 * manager's {@link AccessCheck}: a page request outside every mapping, or a write to a page without
 * PROT_WRITE, is answered SEGV. The check always uses the current map, whatever version the requester
 * had: a stale node can be refused, never wrongly served.
 *
 * <p>Sans-IO and single-threaded, like the protocol classes: the home's verticle serialises calls.
 * Addresses compare unsigned; ranges are {@code [start, end)}.
 */
public final class AddressSpace implements AccessCheck {

    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    public static final long PAGE_MASK = PAGE_SIZE - 1;

    /**
     * Where things go. Defaults fit riscv64 Sv39 (user addresses below 2^38): the heap (brk) from
     * 256 MiB, anonymous mmap first-fit upwards from 128 GiB to 252 GiB.
     *
     * @param brkBase     start of the heap; the initial break
     * @param mmapBase    lowest address mmap picks without a usable hint
     * @param mmapTop     end of the region mmap picks from, and the highest end any mapping may have
     * @param maxMappings mmap/mprotect/munmap fail with ENOMEM beyond this many mappings (Linux: 65530)
     * @param maxPages    the most pages the process may have mapped, heap included (the
     *                    {@code limits.mappedPagesPerProcess} of node.json, like RLIMIT_AS): an mmap that
     *                    would map more fails with ENOMEM, a brk that would grow past it leaves the break
     *                    where it was (Linux's brk failure)
     */
    public record Layout(long brkBase, long mmapBase, long mmapTop, int maxMappings, long maxPages) {

        /** The default page limit: 262144 pages, 1 GiB. */
        public static final long DEFAULT_MAX_PAGES = 262_144;

        public Layout {
            if ((brkBase & PAGE_MASK) != 0 || (mmapBase & PAGE_MASK) != 0 || (mmapTop & PAGE_MASK) != 0
                    || brkBase <= 0 || mmapBase <= brkBase || mmapTop <= mmapBase) {
                throw new IllegalArgumentException("layout needs page-aligned 0 < brkBase < mmapBase < mmapTop: " + this);
            }
            if (maxMappings < 1) {
                throw new IllegalArgumentException("maxMappings is " + maxMappings + ", expected >= 1");
            }
            if (maxPages < 1) {
                throw new IllegalArgumentException("maxPages is " + maxPages + ", expected >= 1");
            }
        }

        /** A layout with the default page limit. */
        public Layout(long brkBase, long mmapBase, long mmapTop, int maxMappings) {
            this(brkBase, mmapBase, mmapTop, maxMappings, DEFAULT_MAX_PAGES);
        }

        public static Layout defaults() {
            return new Layout(0x1000_0000L, 0x20_0000_0000L, 0x3f_0000_0000L, 4096);
        }

        public Layout withMaxPages(long v) {
            return new Layout(brkBase, mmapBase, mmapTop, maxMappings, v);
        }
    }

    private final Layout layout;
    private final TreeMap<Long, Mapping> mappings = new TreeMap<>(Comparator.comparing(Long::longValue, Long::compareUnsigned));
    private AddressMap current = AddressMap.EMPTY;
    private long brk;

    public AddressSpace(Layout layout) {
        this.layout = layout;
        this.brk = layout.brkBase();
    }

    /** The current map; what nodes get with their snapshot. */
    public AddressMap map() {
        return current;
    }

    public long version() {
        return current.version();
    }

    /** Pages mapped now, heap included; at most {@link Layout#maxPages()}. */
    public long mappedPages() {
        return pages(mappings);
    }

    /** The current program break. */
    public long brk() {
        return brk;
    }

    @Override
    public boolean allows(long page, byte access, long mapVersion) {
        // an access outside every mapping is a segfault for the guest (DESIGN §5); always the current map
        return current.allows(page, access);
    }

    /**
     * Anonymous mmap. Without {@code fixed}, a page-aligned free {@code hint} is used if the range fits,
     * else the first free range from {@link Layout#mmapBase()}; with {@code fixed}, exactly
     * {@code hint}, replacing (and discarding) whatever was mapped there.
     *
     * @throws AddressSpaceException EINVAL for a bad length, prot or fixed address; ENOMEM when no room,
     *                               or past {@link Layout#maxPages()} or {@link Layout#maxMappings()}
     */
    public MapChange mmap(long hint, long length, int prot, boolean fixed) {
        long len = pageLength(length);
        checkProt(prot);
        TreeMap<Long, Mapping> next = new TreeMap<>(mappings);
        long start;
        boolean replaced = false;
        if (fixed) {
            if ((hint & PAGE_MASK) != 0 || hint == 0 || !fits(hint, len)) {
                throw new AddressSpaceException(AddressSpaceException.EINVAL, "mmap: MAP_FIXED address 0x"
                        + Long.toHexString(hint) + " is not page-aligned or the range leaves [0x1000, 0x"
                        + Long.toHexString(layout.mmapTop()) + ")");
            }
            start = hint;
            replaced = remove(next, start, start + len);
        } else {
            long aligned = (hint + PAGE_MASK) & ~PAGE_MASK;
            start = hint != 0 && aligned != 0 && fits(aligned, len) && isFree(next, aligned, aligned + len)
                    ? aligned : firstFit(next, len);
        }
        next.put(start, new Mapping(start, start + len, prot));
        commit(next);
        return new MapChange(start, current, replaced ? Shootdown.UNMAP : Shootdown.NONE, start, start + len);
    }

    /** munmap: unmaps every page in the range (unmapped parts are fine); their content is discarded. */
    public MapChange munmap(long address, long length) {
        long len = pageLength(length);
        if ((address & PAGE_MASK) != 0 || address + len < address) {
            throw new AddressSpaceException(AddressSpaceException.EINVAL, "munmap: address 0x"
                    + Long.toHexString(address) + " is not page-aligned or the range wraps");
        }
        TreeMap<Long, Mapping> next = new TreeMap<>(mappings);
        if (!remove(next, address, address + len)) {
            return new MapChange(0, current, Shootdown.NONE, address, address + len);
        }
        commit(next);
        return new MapChange(0, current, Shootdown.UNMAP, address, address + len);
    }

    /**
     * mprotect: sets the protection of every page in the range, which must be mapped throughout.
     * A change that removes a right anywhere needs a PROTECT shootdown.
     *
     * @throws AddressSpaceException EINVAL for an unaligned address or bad prot; ENOMEM for a hole,
     *                               or for a split past {@link Layout#maxMappings()}
     */
    public MapChange mprotect(long address, long length, int prot) {
        long len = pageLength(length);
        checkProt(prot);
        if ((address & PAGE_MASK) != 0 || address + len < address) {
            throw new AddressSpaceException(AddressSpaceException.EINVAL, "mprotect: address 0x"
                    + Long.toHexString(address) + " is not page-aligned or the range wraps");
        }
        long end = address + len;
        List<Mapping> covered = overlapping(mappings, address, end);
        long at = address;
        boolean removesRights = false;
        for (Mapping m : covered) {
            if (Long.compareUnsigned(m.start(), at) > 0) {
                break;
            }
            at = m.end();
            removesRights |= (m.prot() & ~prot) != 0;
        }
        if (Long.compareUnsigned(at, end) < 0) {
            throw new AddressSpaceException(AddressSpaceException.ENOMEM, "mprotect: [0x" + Long.toHexString(address)
                    + ", 0x" + Long.toHexString(end) + ") is not mapped at 0x" + Long.toHexString(at));
        }
        TreeMap<Long, Mapping> next = new TreeMap<>(mappings);
        remove(next, address, end);
        next.put(address, new Mapping(address, end, prot));
        commit(next);
        return new MapChange(0, current, removesRights ? Shootdown.PROTECT : Shootdown.NONE, address, end);
    }

    /**
     * brk: moves the program break; the heap is {@code [brkBase, break)} rounded up to a page, RW.
     * As on Linux the result is the new break, or the old one if {@code requested} is below the base
     * or the heap cannot grow into a mapped range, past {@link Layout#maxPages()} or past
     * {@link Layout#maxMappings()}. Shrinking discards the freed pages (UNMAP).
     */
    public MapChange brk(long requested) {
        long oldEnd = pageUp(brk);
        if (Long.compareUnsigned(requested, layout.brkBase()) < 0 || Long.compareUnsigned(requested, layout.mmapBase()) > 0) {
            return new MapChange(brk, current, Shootdown.NONE, oldEnd, oldEnd);
        }
        long newEnd = pageUp(requested);
        TreeMap<Long, Mapping> next = new TreeMap<>(mappings);
        if (Long.compareUnsigned(newEnd, oldEnd) > 0) {
            if (!isFree(next, oldEnd, newEnd)) {
                return new MapChange(brk, current, Shootdown.NONE, oldEnd, oldEnd);
            }
            next.put(oldEnd, new Mapping(oldEnd, newEnd, Prot.RW));
            try {
                commit(next);
            } catch (AddressSpaceException e) {
                return new MapChange(brk, current, Shootdown.NONE, oldEnd, oldEnd); // ENOMEM: brk(2) returns the old break
            }
            brk = requested;
            return new MapChange(brk, current, Shootdown.NONE, oldEnd, newEnd);
        }
        brk = requested;
        if (newEnd == oldEnd) {
            return new MapChange(brk, current, Shootdown.NONE, newEnd, newEnd);
        }
        remove(next, newEnd, oldEnd);
        commit(next);
        return new MapChange(brk, current, Shootdown.UNMAP, newEnd, oldEnd);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void commit(TreeMap<Long, Mapping> next) {
        merge(next);
        if (next.size() > layout.maxMappings()) {
            throw new AddressSpaceException(AddressSpaceException.ENOMEM, "the process would have " + next.size()
                    + " mappings, max " + layout.maxMappings());
        }
        long pages = pages(next);
        if (pages > layout.maxPages()) {
            throw new AddressSpaceException(AddressSpaceException.ENOMEM, "the process would have " + pages
                    + " pages mapped, max " + layout.maxPages());
        }
        mappings.clear();
        mappings.putAll(next);
        current = new AddressMap(current.version() + 1, List.copyOf(mappings.values()));
    }

    private static long pages(TreeMap<Long, Mapping> map) {
        long n = 0;
        for (Mapping m : map.values()) {
            n += (m.end() - m.start()) >>> PAGE_SHIFT;
        }
        return n;
    }

    /** Joins neighbours with the same protection, so a growing heap stays one mapping. */
    private static void merge(TreeMap<Long, Mapping> map) {
        List<Mapping> merged = new ArrayList<>();
        for (Mapping m : map.values()) {
            Mapping last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && last.end() == m.start() && last.prot() == m.prot()) {
                merged.set(merged.size() - 1, new Mapping(last.start(), m.end(), m.prot()));
            } else {
                merged.add(m);
            }
        }
        map.clear();
        merged.forEach(m -> map.put(m.start(), m));
    }

    /** Removes {@code [start, end)} from every mapping, splitting those that straddle it. */
    private static boolean remove(TreeMap<Long, Mapping> map, long start, long end) {
        List<Mapping> hit = overlapping(map, start, end);
        for (Mapping m : hit) {
            map.remove(m.start());
            if (Long.compareUnsigned(m.start(), start) < 0) {
                map.put(m.start(), new Mapping(m.start(), start, m.prot()));
            }
            if (Long.compareUnsigned(m.end(), end) > 0) {
                map.put(end, new Mapping(end, m.end(), m.prot()));
            }
        }
        return !hit.isEmpty();
    }

    private static List<Mapping> overlapping(TreeMap<Long, Mapping> map, long start, long end) {
        List<Mapping> out = new ArrayList<>();
        Map.Entry<Long, Mapping> below = map.floorEntry(start);
        long from = below != null && Long.compareUnsigned(below.getValue().end(), start) > 0 ? below.getKey() : start;
        for (Mapping m : map.subMap(from, true, end, false).values()) {
            if (Long.compareUnsigned(m.end(), start) > 0) {
                out.add(m);
            }
        }
        return out;
    }

    private static boolean isFree(TreeMap<Long, Mapping> map, long start, long end) {
        return overlapping(map, start, end).isEmpty();
    }

    private long firstFit(TreeMap<Long, Mapping> map, long len) {
        long at = layout.mmapBase();
        for (Mapping m : overlapping(map, layout.mmapBase(), layout.mmapTop())) {
            if (Long.compareUnsigned(m.start(), at) >= 0 && Long.compareUnsigned(m.start() - at, len) >= 0) {
                return at;
            }
            at = Long.compareUnsigned(m.end(), at) > 0 ? m.end() : at;
        }
        if (Long.compareUnsigned(layout.mmapTop() - at, len) >= 0 && Long.compareUnsigned(at, layout.mmapTop()) <= 0) {
            return at;
        }
        throw new AddressSpaceException(AddressSpaceException.ENOMEM, "mmap: no free range of " + len + " bytes in [0x"
                + Long.toHexString(layout.mmapBase()) + ", 0x" + Long.toHexString(layout.mmapTop()) + ")");
    }

    private boolean fits(long start, long len) {
        long end = start + len;
        return Long.compareUnsigned(start, PAGE_SIZE) >= 0 && Long.compareUnsigned(end, start) > 0
                && Long.compareUnsigned(end, layout.mmapTop()) <= 0;
    }

    private static long pageLength(long length) {
        if (length <= 0 || length > Long.MAX_VALUE - PAGE_MASK) {
            throw new AddressSpaceException(AddressSpaceException.EINVAL, "length " + length + " is not positive");
        }
        return pageUp(length);
    }

    private static long pageUp(long value) {
        return (value + PAGE_MASK) & ~PAGE_MASK;
    }

    private static void checkProt(int prot) {
        if (!Prot.isValid(prot)) {
            throw new AddressSpaceException(AddressSpaceException.EINVAL, "prot " + prot
                    + " has bits other than PROT_READ|PROT_WRITE|PROT_EXEC");
        }
    }
}
