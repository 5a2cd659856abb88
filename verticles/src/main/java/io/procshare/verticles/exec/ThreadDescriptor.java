package io.procshare.verticles.exec;

import io.procshare.verticles.syscall.GuestAccess;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * What a Java task's spawn leaves at the new thread's stack pointer before it calls clone, as glibc's
 * clone wrapper leaves the start function and its argument on the child's stack. The layout, in
 * guest memory, little-endian:
 * <pre>
 *   0  u32  magic 0x48545350 ("PSTH")
 *   4  u16  node name length N (0: follow the process's placement)
 *   6  u16  entry class name length E
 *   8  u64  argument passed to the entry
 *  16  N bytes node name (UTF-8), then E bytes entry class name (UTF-8)
 * </pre>
 * The home reads only the node name (placement); the node that starts the thread reads the rest.
 * A clone whose stack holds no descriptor (a riscv64 guest's) follows the placement policy.
 *
 * @param node  the node name asked for, or empty
 * @param entry the entry class name, or empty
 * @param arg   the entry's argument
 */
public record ThreadDescriptor(String node, String entry, long arg) {

    public static final int MAGIC = 0x48545350;
    public static final int HEADER = 16;
    public static final int MAX_NAME = 4096;

    public ThreadDescriptor {
        if (node.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("node name longer than 255 bytes: " + node);
        }
        if (entry.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
            throw new IllegalArgumentException("entry class name longer than " + MAX_NAME + " bytes");
        }
    }

    /** The bytes to store at the stack pointer. */
    public byte[] encode() {
        byte[] n = node.getBytes(StandardCharsets.UTF_8);
        byte[] e = entry.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(HEADER + n.length + e.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MAGIC).putShort((short) n.length).putShort((short) e.length).putLong(arg).put(n).put(e).array();
    }

    /**
     * Reads the descriptor at {@code address}; null when the memory there is unreadable or holds no
     * descriptor. With {@code nodeOnly} the entry name is not read (the home needs only the node).
     */
    public static ThreadDescriptor read(GuestAccess mem, long address, boolean nodeOnly) {
        if (address == 0) {
            return null;
        }
        byte[] h = mem.read(address, HEADER);
        if (h == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC) {
            return null;
        }
        int n = Short.toUnsignedInt(b.getShort());
        int e = Short.toUnsignedInt(b.getShort());
        long arg = b.getLong();
        if (n > 255 || e > MAX_NAME) {
            return null;
        }
        int length = n + (nodeOnly ? 0 : e);
        byte[] names = length == 0 ? new byte[0] : mem.read(address + HEADER, length);
        if (names == null) {
            return null;
        }
        String node = new String(names, 0, n, StandardCharsets.UTF_8);
        String entry = nodeOnly ? "" : new String(names, n, e, StandardCharsets.UTF_8);
        return new ThreadDescriptor(node, entry, arg);
    }
}
