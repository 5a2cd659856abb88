package io.procshare.verticles.syscall;

import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.memory.SegmentationFault;

/**
 * {@link GuestAccess} through the process's memory on this node (the DSM): a page this node
 * lacks is fetched, as the paper's memory control unit does for a forwarded syscall. A
 * {@link SegmentationFault} becomes "unreadable"/"unwritable", which the syscall answers -EFAULT.
 */
public final class DsmAccess implements GuestAccess {

    private static final int PAGE = 4096;

    private final GuestMemory memory;

    public DsmAccess(GuestMemory memory) {
        this.memory = memory;
    }

    public GuestMemory memory() {
        return memory;
    }

    @Override
    public byte[] path(long address) {
        byte[] buf = new byte[BufferArg.PATH_MAX];
        int have = 0;
        while (have < buf.length) {
            long at = address + have;
            int chunk = (int) Math.min(buf.length - have, PAGE - (at & (PAGE - 1)));
            try {
                memory.read(at, buf, have, chunk);
            } catch (SegmentationFault e) {
                return have == 0 ? null : java.util.Arrays.copyOf(buf, have);
            }
            for (int i = have; i < have + chunk; i++) {
                if (buf[i] == 0) {
                    return java.util.Arrays.copyOf(buf, i + 1);
                }
            }
            have += chunk;
        }
        return buf;
    }

    @Override
    public byte[] read(long address, int length) {
        byte[] b = new byte[length];
        try {
            memory.read(address, b, 0, length);
            return b;
        } catch (SegmentationFault e) {
            return null;
        }
    }

    @Override
    public boolean write(long address, byte[] bytes) {
        try {
            memory.write(address, bytes, 0, bytes.length);
            return true;
        } catch (SegmentationFault e) {
            return false;
        }
    }
}
