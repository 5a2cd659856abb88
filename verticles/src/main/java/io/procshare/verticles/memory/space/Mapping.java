package io.procshare.verticles.memory.space;

/**
 * One mapping of a process's address space: guest addresses {@code [start, end)}, page-aligned,
 * with protection {@code prot} ({@link Prot} bits).
 */
public record Mapping(long start, long end, int prot) {

    public Mapping {
        if ((start & AddressSpace.PAGE_MASK) != 0 || (end & AddressSpace.PAGE_MASK) != 0
                || Long.compareUnsigned(start, end) >= 0) {
            throw new IllegalArgumentException("mapping [0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end)
                    + ") is not a non-empty page-aligned range");
        }
        if (!Prot.isValid(prot)) {
            throw new IllegalArgumentException("prot is " + prot + ", expected bits of PROT_READ|PROT_WRITE|PROT_EXEC");
        }
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    @Override
    public String toString() {
        return "[0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end) + " " + Prot.toString(prot) + "]";
    }
}
