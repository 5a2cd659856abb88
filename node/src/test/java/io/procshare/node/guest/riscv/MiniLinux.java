package io.procshare.node.guest.riscv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import io.procshare.node.guest.riscv.elf.LoadTarget;

/**
 * Test-scope system calls for one single-threaded guest on a {@link FlatMemory}: just what glibc's
 * static start-up and simple programs use (brk, anonymous mmap/munmap/mprotect, set_tid_address,
 * set_robust_list, prlimit64, readlinkat of /proc/self/exe, getrandom, fstat/newfstatat of the
 * output, write, writev, clock_gettime, exit, exit_group); -ENOSYS for the rest. Output to fd 1
 * and 2 is collected.
 */
public final class MiniLinux implements EcallHandler {

    static final int ENOENT = 2, EBADF = 9, ENOMEM = 12, EINVAL = 22, ENOSYS = 38;
    static final long PAGE = 4096;

    /** The guest called exit or exit_group. */
    public static final class Exit extends RuntimeException {
        public final int status;

        Exit(int status) {
            super("exit " + status, null, false, false);
            this.status = status;
        }
    }

    private final FlatMemory mem;
    private final String exe;
    private final Random random = new Random(42);
    public final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    public final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final long brkStart;
    private long brk;
    private long mmapNext;
    private final long mmapLimit;

    public MiniLinux(FlatMemory mem, String exe, long brkStart, long mmapBase, long mmapLimit) {
        this.mem = mem;
        this.exe = exe;
        this.brkStart = brkStart;
        this.brk = brkStart;
        this.mmapNext = mmapBase;
        this.mmapLimit = mmapLimit;
    }

    @Override
    public void ecall(Hart h) {
        long[] x = h.x;
        long a0 = x[10], a1 = x[11], a2 = x[12], a3 = x[13];
        x[10] = switch ((int) x[17]) {
            case 64 -> write((int) a0, a1, a2);
            case 66 -> writev((int) a0, a1, (int) a2);
            case 93, 94 -> throw new Exit((int) a0 & 0xff);
            case 214 -> brk(a0);
            case 222 -> mmap(a0, a1, (int) a2, (int) a3);
            case 215 -> {
                if ((a0 & (PAGE - 1)) != 0) {
                    yield -EINVAL;
                }
                mem.unmap(a0, round(a1));
                yield 0;
            }
            case 226 -> {
                mem.protect(a0, round(a1), (int) a2);
                yield 0;
            }
            case 96 -> 1; // set_tid_address: the tid
            case 172, 178 -> 1; // getpid, gettid
            case 99 -> 0; // set_robust_list
            case 261 -> prlimit((int) a1, a2, a3);
            case 78 -> readlink(a1, a2, a3);
            case 278 -> {
                byte[] b = new byte[(int) a1];
                random.nextBytes(b);
                mem.write(a0, b, 0, b.length);
                yield a1;
            }
            case 79 -> fstat((int) a0, a2);
            case 80 -> fstat((int) a0, a1);
            case 113 -> {
                long t = System.nanoTime();
                mem.writeLong(a1, t / 1_000_000_000L);
                mem.writeLong(a1 + 8, t % 1_000_000_000L);
                yield 0;
            }
            default -> -ENOSYS;
        };
    }

    private static long round(long n) {
        return (n + PAGE - 1) & -PAGE;
    }

    private long write(int fd, long buf, long len) {
        if (fd != 1 && fd != 2) {
            return -EBADF;
        }
        byte[] b = new byte[(int) len];
        mem.read(buf, b, 0, b.length);
        (fd == 1 ? stdout : stderr).write(b, 0, b.length);
        return len;
    }

    private long writev(int fd, long iov, int n) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            long r = write(fd, mem.readLong(iov + 16L * i), mem.readLong(iov + 16L * i + 8));
            if (r < 0) {
                return r;
            }
            total += r;
        }
        return total;
    }

    private long brk(long want) {
        if (want <= brk) {
            return want < brkStart ? brk : want; // shrinking keeps the pages, as a lazy kernel would
        }
        long from = round(brk), to = round(want);
        if (to > mmapNext - (1 << 20) && to > from) {
            if (to >= mmapNext) {
                return brk;
            }
        }
        if (to > from) {
            mem.map(from, to - from, LoadTarget.PROT_READ | LoadTarget.PROT_WRITE);
        }
        brk = want;
        return brk;
    }

    private long mmap(long addr, long len, int prot, int flags) {
        if ((flags & 0x20) == 0) {
            return -EBADF; // file mappings: not in the test kernel
        }
        long n = round(len);
        long at;
        if ((flags & 0x10) != 0) {
            at = addr;
        } else {
            if (mmapNext + n > mmapLimit) {
                return -ENOMEM;
            }
            at = mmapNext;
            mmapNext += n;
        }
        mem.map(at, n, prot);
        return at;
    }

    private long prlimit(int resource, long newLimit, long old) {
        if (old != 0) {
            long cur = resource == 3 ? 8L << 20 : -1L;
            mem.writeLong(old, cur);
            mem.writeLong(old + 8, -1L);
        }
        return 0;
    }

    private long readlink(long path, long buf, long size) {
        StringBuilder sb = new StringBuilder();
        for (long a = path; mem.readByte(a) != 0; a++) {
            sb.append((char) mem.readByte(a));
        }
        if (!sb.toString().equals("/proc/self/exe")) {
            return -ENOENT;
        }
        byte[] b = exe.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(size, b.length);
        mem.write(buf, b, 0, n);
        return n;
    }

    private long fstat(int fd, long st) {
        if (fd < 0 || fd > 2) {
            return -EBADF;
        }
        byte[] z = new byte[128];
        mem.write(st, z, 0, z.length);
        mem.writeInt(st + 16, 0010600); // st_mode: a pipe, as the output of a test is
        mem.writeInt(st + 20, 1); // st_nlink
        mem.writeInt(st + 56, 4096); // st_blksize
        return 0;
    }
}
