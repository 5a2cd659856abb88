package io.procshare.loadgen.riscv;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * CPU time (user + system) of this JVM's children that have ended and been reaped, from
 * {@code getrusage(RUSAGE_CHILDREN)}: the difference around one qemu run is the CPU that run
 * used, since the experiment starts no other child meanwhile. Linux x86_64 and aarch64 layout
 * ({@code struct rusage} begins with two {@code struct timeval} of two longs).
 */
final class ChildCpu {

    private static final int RUSAGE_CHILDREN = -1;
    private static final long RUSAGE_BYTES = 144;
    private static final MethodHandle GETRUSAGE = lookup();

    private ChildCpu() {
    }

    private static MethodHandle lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("getrusage").map(a -> linker.downcallHandle(a,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Nanoseconds of CPU used by reaped children so far, or -1 when libc's getrusage is unavailable. */
    static long nanos() {
        if (GETRUSAGE == null) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment usage = arena.allocate(RUSAGE_BYTES, 8);
            int rc = (int) GETRUSAGE.invokeExact(RUSAGE_CHILDREN, usage);
            if (rc != 0) {
                return -1;
            }
            long[] v = usage.asSlice(0, 32).toArray(ValueLayout.JAVA_LONG);
            return (v[0] + v[2]) * 1_000_000_000L + (v[1] + v[3]) * 1_000L;
        } catch (Throwable t) {
            return -1;
        }
    }
}
