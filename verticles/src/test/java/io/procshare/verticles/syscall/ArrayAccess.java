package io.procshare.verticles.syscall;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Guest memory for dispatcher tests: one readable and writable range; everything else faults. */
public final class ArrayAccess implements GuestAccess {

    public final long base;
    public final byte[] bytes;

    public ArrayAccess(long base, int size) {
        this.base = base;
        this.bytes = new byte[size];
    }

    private boolean inside(long address, long length) {
        return address >= base && length >= 0 && address + length <= base + bytes.length;
    }

    @Override
    public byte[] path(long address) {
        if (!inside(address, 1)) {
            return null;
        }
        int from = (int) (address - base);
        int limit = Math.min(bytes.length, from + BufferArg.PATH_MAX);
        for (int i = from; i < limit; i++) {
            if (bytes[i] == 0) {
                return Arrays.copyOfRange(bytes, from, i + 1);
            }
        }
        return Arrays.copyOfRange(bytes, from, limit);
    }

    @Override
    public byte[] read(long address, int length) {
        return inside(address, length) ? Arrays.copyOfRange(bytes, (int) (address - base), (int) (address - base) + length) : null;
    }

    @Override
    public boolean write(long address, byte[] data) {
        if (!inside(address, data.length)) {
            return false;
        }
        System.arraycopy(data, 0, bytes, (int) (address - base), data.length);
        return true;
    }

    /** Puts a NUL-terminated string at {@code address}; returns the address. */
    public long string(long address, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        write(address, Arrays.copyOf(b, b.length + 1));
        return address;
    }

    public byte[] at(long address, int length) {
        return read(address, length);
    }
}
