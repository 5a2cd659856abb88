package io.procshare.verticles.syscall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link GuestAccess} over the bytes a forwarded request shipped (DESIGN §6, argument shipping):
 * a read is served from the shipped segment that covers it, or is unreadable (-EFAULT) when the
 * issuing node could not read it either; writes are collected for the reply, and the issuing node
 * stores them into guest memory as the thread. Not thread-safe: one per request.
 */
public final class ShippedAccess implements GuestAccess {

    private final TreeMap<Long, byte[]> input = new TreeMap<>(Comparator.comparing(Long::longValue, Long::compareUnsigned));
    private final List<GuestBytes> output = new ArrayList<>();

    public ShippedAccess(List<GuestBytes> shipped) {
        for (GuestBytes s : shipped) {
            input.merge(s.address(), s.bytes(), (a, b) -> a.length >= b.length ? a : b);
        }
    }

    @Override
    public byte[] path(long address) {
        Map.Entry<Long, byte[]> e = input.floorEntry(address);
        if (e == null) {
            return null;
        }
        long skip = address - e.getKey();
        if (skip < 0 || skip >= e.getValue().length) {
            return null;
        }
        byte[] seg = e.getValue();
        for (int i = (int) skip; i < seg.length; i++) {
            if (seg[i] == 0) {
                return Arrays.copyOfRange(seg, (int) skip, i + 1);
            }
        }
        return Arrays.copyOfRange(seg, (int) skip, seg.length);
    }

    @Override
    public byte[] read(long address, int length) {
        if (length == 0) {
            return new byte[0];
        }
        Map.Entry<Long, byte[]> e = input.floorEntry(address);
        if (e == null) {
            return null;
        }
        long skip = address - e.getKey();
        if (skip < 0 || skip + length > e.getValue().length) {
            return null;
        }
        return Arrays.copyOfRange(e.getValue(), (int) skip, (int) skip + length);
    }

    @Override
    public boolean write(long address, byte[] bytes) {
        output.add(new GuestBytes(address, bytes));
        return true;
    }

    /** What the syscall stored, in order: the reply ships it back. */
    public List<GuestBytes> output() {
        return output;
    }
}
