package io.procshare.node.syscall;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The host twins that {@code verticles}' {@code Libc} does not bind because the mechanism never
 * makes them on the host (the home emulates cwd, time, futex and memory calls): made here, only
 * so a test can compare a guest's answer with this kernel's. Every method returns a value or
 * {@code -errno}, as {@code Libc} does.
 */
final class HostLibc {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle CHDIR = fn("chdir", JAVA_INT, ADDRESS);
    private static final MethodHandle FCHDIR = fn("fchdir", JAVA_INT, JAVA_INT);
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = fn("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOCK_GETTIME = fn("clock_gettime", JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle NANOSLEEP = fn("nanosleep", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SCHED_YIELD = fn("sched_yield", JAVA_INT);
    private static final MethodHandle SYSCALL6 = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    private static final boolean X86_64 = System.getProperty("os.arch").equals("amd64")
            || System.getProperty("os.arch").equals("x86_64");
    /** This host's futex number: 202 on x86_64, 98 (the generic table) on aarch64 and riscv64. */
    static final long HOST_SYS_FUTEX = X86_64 ? 202 : 98;
    /** This host's getcwd number: 79 on x86_64, 17 on the generic table. */
    static final long HOST_SYS_GETCWD = X86_64 ? 79 : 17;

    private HostLibc() {
    }

    private static MethodHandle fn(String name, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(ret, args), Linker.Option.captureCallState("errno"));
    }

    private static long result(long r, MemorySegment state) {
        return r == -1 ? -(int) ERRNO.get(state, 0L) : r;
    }

    static MemorySegment cString(Arena a, String s) {
        return a.allocateFrom(s, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code body} with this JVM's working directory at {@code dir} and puts it back after.
     * The only way to observe the host's chdir and getcwd; nothing else in these tests resolves a
     * relative host path meanwhile.
     */
    static <T> T inCwd(String dir, java.util.function.Function<String, T> body) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int saved = (int) OPEN.invokeExact(st, cString(a, "."), 010000000 | 0200000); // O_PATH | O_DIRECTORY
            if (saved < 0) {
                throw new IllegalStateException("cannot keep the working directory: errno " + ERRNO.get(st, 0L));
            }
            try {
                if (chdir(dir) != 0) {
                    throw new IllegalStateException("cannot chdir to " + dir);
                }
                return body.apply(dir);
            } finally {
                int r = (int) FCHDIR.invokeExact(st, saved);
                int c = (int) CLOSE.invokeExact(st, saved);
                if (r != 0 || c != 0) {
                    throw new IllegalStateException("cannot restore the working directory");
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** open(path, O_RDONLY | O_DIRECTORY) relative to the working directory; the fd is closed again. */
    static long openDirAtCwd(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            long fd = result((int) OPEN.invokeExact(st, cString(a, path), 0200000), st);
            if (fd >= 0) {
                int c = (int) CLOSE.invokeExact(st, (int) fd);
                assert c == 0;
            }
            return fd;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long chdir(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) CHDIR.invokeExact(st, cString(a, path)), st);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The getcwd system call (not libc's wrapper, which answers a size of 0 with EINVAL where the
     * kernel says ERANGE) into {@code size} bytes: the path, or "-errno".
     */
    static String getcwd(long size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment buf = a.allocate(Math.max(1, size));
            long r = result((long) SYSCALL6.invokeExact(st, HOST_SYS_GETCWD, buf.address(), size, 0L, 0L, 0L, 0L), st);
            return r < 0 ? Long.toString(r) : buf.getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** clock_gettime: {0, sec, nsec}, or {-errno}. */
    static long[] clockGettime(int clock) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment ts = a.allocate(16);
            long r = result((int) CLOCK_GETTIME.invokeExact(st, clock, ts), st);
            return r < 0 ? new long[] {r} : new long[] {0, ts.get(JAVA_LONG, 0), ts.get(JAVA_LONG, 8)};
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long nanosleep(long sec, long nsec) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment ts = a.allocate(16);
            ts.set(JAVA_LONG, 0, sec);
            ts.set(JAVA_LONG, 8, nsec);
            return result((int) NANOSLEEP.invokeExact(st, ts, MemorySegment.NULL), st);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long schedYield() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) SCHED_YIELD.invokeExact(st), st);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The memory call {@code guestNr} (mmap, munmap, mprotect, madvise, by the guest's number) with
     * the same registers on this host. Only for arguments the kernel rejects before it touches any
     * mapping (EINVAL): a success here would change the JVM's own address space.
     */
    static long memory(int guestNr, long... a) {
        long nr = switch (guestNr) {
            case io.procshare.verticles.syscall.Sysno.MMAP -> X86_64 ? 9 : 222;
            case io.procshare.verticles.syscall.Sysno.MPROTECT -> X86_64 ? 10 : 226;
            case io.procshare.verticles.syscall.Sysno.MUNMAP -> X86_64 ? 11 : 215;
            case io.procshare.verticles.syscall.Sysno.MADVISE -> X86_64 ? 28 : 233;
            default -> throw new IllegalArgumentException("not a memory call: " + guestNr);
        };
        long[] r = java.util.Arrays.copyOf(a, 6);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(CAPTURE);
            return result((long) SYSCALL6.invokeExact(st, nr, r[0], r[1], r[2], r[3], r[4], r[5]), st);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Syscall {@code guestNr} (a guest number) with the same registers on this host, its number
     * translated. Only for arguments the kernel rejects before it changes anything (the errno
     * cases), or that read nothing and change nothing: a success here acts on the test JVM.
     */
    static long raw(int guestNr, long... a) {
        long nr = X86_64 ? switch (guestNr) {
            case io.procshare.verticles.syscall.Sysno.RT_SIGACTION -> 13;
            case io.procshare.verticles.syscall.Sysno.RT_SIGPROCMASK -> 14;
            case io.procshare.verticles.syscall.Sysno.SIGALTSTACK -> 131;
            case io.procshare.verticles.syscall.Sysno.KILL -> 62;
            case io.procshare.verticles.syscall.Sysno.TKILL -> 200;
            case io.procshare.verticles.syscall.Sysno.TGKILL -> 234;
            case io.procshare.verticles.syscall.Sysno.PRLIMIT64 -> 302;
            case io.procshare.verticles.syscall.Sysno.GETRANDOM -> 318;
            case io.procshare.verticles.syscall.Sysno.MREMAP -> 25;
            case io.procshare.verticles.syscall.Sysno.SET_ROBUST_LIST -> 273;
            case io.procshare.verticles.syscall.Sysno.CLOCK_GETRES -> 229;
            case io.procshare.verticles.syscall.Sysno.CLOCK_NANOSLEEP -> 230;
            case io.procshare.verticles.syscall.Sysno.SCHED_GETAFFINITY -> 204;
            case io.procshare.verticles.syscall.Sysno.PRCTL -> 157;
            case io.procshare.verticles.syscall.Sysno.GETRUSAGE -> 98;
            case io.procshare.verticles.syscall.Sysno.UMASK -> 95;
            default -> throw new IllegalArgumentException("no host number for guest syscall " + guestNr);
        } : guestNr;
        long[] r = java.util.Arrays.copyOf(a, 6);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(CAPTURE);
            return result((long) SYSCALL6.invokeExact(st, nr, r[0], r[1], r[2], r[3], r[4], r[5]), st);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * futex(2) on a host word that holds {@code value}, at {@code misalign} bytes past an aligned
     * address; {@code timeoutNs} >= 0 passes a relative (WAIT) or absolute CLOCK_MONOTONIC
     * (WAIT_BITSET) timespec that far ahead, < 0 passes none. Only calls that cannot block for
     * long make sense here.
     */
    static long futex(int value, int misalign, int op, int val, long timeoutNs, int val3) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment word = a.allocate(16, 8);
            word.set(JAVA_INT, 0, value);
            MemorySegment ts = a.allocate(16);
            long timeout = 0;
            if (timeoutNs >= 0) {
                long base = 0;
                if ((op & 0x7f) == 9) {
                    long[] now = clockGettime(1);
                    base = now[1] * 1_000_000_000L + now[2];
                }
                long at = base + timeoutNs;
                ts.set(JAVA_LONG, 0, at / 1_000_000_000L);
                ts.set(JAVA_LONG, 8, at % 1_000_000_000L);
                timeout = ts.address();
            }
            long r = (long) SYSCALL6.invokeExact(st, HOST_SYS_FUTEX, word.address() + misalign, (long) op, (long) val,
                    timeout, 0L, (long) val3);
            return result(r, st);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
