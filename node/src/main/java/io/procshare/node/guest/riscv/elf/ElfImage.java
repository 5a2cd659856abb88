package io.procshare.node.guest.riscv.elf;

/**
 * What the loader put where: the addresses the initial stack's auxv and the front-end need.
 *
 * @param entry      the first instruction (load bias applied)
 * @param phdr       the address of the program headers in guest memory (AT_PHDR)
 * @param phent      bytes per program header (AT_PHENT)
 * @param phnum      number of program headers (AT_PHNUM)
 * @param loadBias   0 for ET_EXEC, the chosen base for a static-pie
 * @param end        the highest end of a PT_LOAD segment, unaligned
 * @param brk        the initial program break: {@code end} rounded up to a page
 * @param tls        the PT_TLS segment, or null
 * @param relro      the PT_GNU_RELRO range {@code [start, end)} (biased), or null; glibc's static
 *                   start protects it itself
 * @param execStack  PT_GNU_STACK asks for an executable stack
 */
public record ElfImage(long entry, long phdr, int phent, int phnum, long loadBias, long end, long brk, Tls tls,
        long[] relro, boolean execStack) {

    /** PT_TLS: the initialisation image and the block's size and alignment (glibc sets TLS up itself). */
    public record Tls(long address, long fileSize, long memSize, long align) {
    }
}
