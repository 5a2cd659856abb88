package io.procshare.node.guest.riscv;

/**
 * The file a client asked to run is not a static riscv64 executable this node can run (not ELF,
 * another machine, truncated, absurd segments, dynamically linked). Nothing ran; the client exits
 * with status 2 and this message.
 */
public final class BadImageException extends RuntimeException {

    public BadImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
