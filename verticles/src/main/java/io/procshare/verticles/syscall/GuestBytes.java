package io.procshare.verticles.syscall;

/**
 * Guest memory moved with a syscall: the bytes at guest address {@code address}, shipped in a
 * request (inputs) or a reply (outputs). The record takes ownership of {@code bytes} (no copy).
 */
public record GuestBytes(long address, byte[] bytes) {

    @Override
    public String toString() {
        return "GuestBytes[0x" + Long.toHexString(address) + ", " + bytes.length + " bytes]";
    }
}
