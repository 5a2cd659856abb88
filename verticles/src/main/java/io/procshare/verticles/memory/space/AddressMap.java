package io.procshare.verticles.memory.space;

import io.procshare.codecs.Access;
import java.util.List;

/**
 * An immutable, versioned copy of a process's mappings: what a node checks guest accesses against
 * (DESIGN §5). The home's {@link AddressSpace} makes one after every change; nodes hold the newest
 * they have seen. Lookups are a binary search, allocation-free.
 */
public final class AddressMap {

    /** The map of a process before anything is mapped. */
    public static final AddressMap EMPTY = new AddressMap(0, List.of());

    private final long version;
    private final List<Mapping> mappings;
    private final long[] starts;
    private final long[] ends;
    private final byte[] rights;

    /**
     * @param version  bumped by the home on every change
     * @param mappings sorted by start, not overlapping (unsigned address order)
     */
    public AddressMap(long version, List<Mapping> mappings) {
        this.version = version;
        this.mappings = List.copyOf(mappings);
        int n = this.mappings.size();
        starts = new long[n];
        ends = new long[n];
        rights = new byte[n];
        for (int i = 0; i < n; i++) {
            Mapping m = this.mappings.get(i);
            if (i > 0 && Long.compareUnsigned(m.start(), ends[i - 1]) < 0) {
                throw new IllegalArgumentException("mappings overlap or are unsorted at " + m + ": " + mappings);
            }
            starts[i] = m.start();
            ends[i] = m.end();
            rights[i] = Prot.rights(m.prot());
        }
    }

    public long version() {
        return version;
    }

    public List<Mapping> mappings() {
        return mappings;
    }

    /** The access rights on the page holding {@code address}: 0 (unmapped or PROT_NONE), READ or WRITE. */
    public byte rightsAt(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(address, starts[mid]) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(address, ends[mid]) >= 0) {
                lo = mid + 1;
            } else {
                return rights[mid];
            }
        }
        return Prot.NO_RIGHTS;
    }

    /** Whether {@code access} ({@code Access.READ} or {@code WRITE}) to virtual page {@code page} is allowed. */
    public boolean allows(long page, byte access) {
        byte r = rightsAt(page << AddressSpace.PAGE_SHIFT);
        return r == Access.WRITE || (r == Access.READ && access == Access.READ);
    }

    @Override
    public String toString() {
        return "AddressMap[v" + version + " " + mappings + "]";
    }
}
