package io.procshare.node.guest.riscv.elf;

/**
 * The file is not a static riscv64 Linux executable that procshare can run. The message names the
 * field, its offset in the file and the bad value, and says what to do where there is something to
 * do ("link it with -static"). Not retryable: the same file is refused again.
 */
public final class ElfFormatException extends RuntimeException {

    public ElfFormatException(String message) {
        super(message);
    }
}
