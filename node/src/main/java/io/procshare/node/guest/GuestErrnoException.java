package io.procshare.node.guest;

import io.procshare.verticles.syscall.Errno;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * A libc-like helper of {@link Guest} got {@code -errno} from its system call. The raw
 * {@link Guest#syscall} never throws this: it returns {@code -errno} as Linux does.
 */
public final class GuestErrnoException extends RuntimeException {

    private static final Map<Integer, String> NAMES = names();

    private final int errno;

    public GuestErrnoException(String call, int errno) {
        super(call + ": " + name(errno));
        this.errno = errno;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** {@code ENOENT} for 2; {@code errno 123} for a number without a name here. */
    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    private static Map<Integer, String> names() {
        Map<Integer, String> m = new HashMap<>();
        for (Field f : Errno.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && !f.getName().equals("EWOULDBLOCK")) {
                try {
                    m.put(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(m);
    }
}
