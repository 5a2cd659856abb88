package io.procshare.node.guest.riscv.elf;

/**
 * Where the loader and the stack builder put the program: the process's address space (the node
 * backs it with the shared memory). Addresses and lengths are page-aligned for {@link #map} and
 * {@link #protect}. The loader maps a range read-write first, writes it, then sets its final rights.
 */
public interface LoadTarget {

    int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;

    /** Creates a zero-filled private mapping of {@code [start, start+length)} with {@code prot}. */
    void map(long start, long length, int prot);

    /** Stores {@code b[off..off+len)} at {@code address} (inside a writable mapping). */
    void write(long address, byte[] b, int off, int len);

    /** Changes the rights of {@code [start, start+length)}, as mprotect. */
    void protect(long start, long length, int prot);
}
