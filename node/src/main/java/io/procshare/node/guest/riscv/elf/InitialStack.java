package io.procshare.node.guest.riscv.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;

import io.procshare.node.guest.riscv.Hart;

/**
 * Builds the initial stack of a riscv64 Linux process as the kernel does (DESIGN §7, loader): from
 * the top down the strings (argv, envp, the exec file name, the platform), AT_RANDOM's 16 bytes,
 * then, 16-byte aligned at sp, argc, argv[] and NULL, envp[] and NULL, the auxv pairs ending in
 * AT_NULL. The stack is {@link #STACK_SIZE} bytes mapped read-write below {@code top}.
 */
public final class InitialStack {

    public static final long STACK_SIZE = 8L << 20;

    static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8,
            AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
            AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31;

    /** AT_HWCAP: the single-letter extensions I, M, A, F, D, C as {@code 1 << (letter - 'A')}. */
    public static final long HWCAP_IMAFDC = hwcap("IMAFDC");

    private InitialStack() {
    }

    /**
     * The process's identity as auxv reports it.
     *
     * @param execFn the path the program was started as (AT_EXECFN; argv[0] usually)
     */
    public record Identity(int uid, int euid, int gid, int egid, String execFn) {
    }

    /** Where the stack ended up: sp for the hart, and the mapped range. */
    public record Result(long sp, long stackLow, long stackTop, long randomAddress) {
    }

    /**
     * Maps the stack below {@code top} and writes the initial process stack into it.
     *
     * @param top    page-aligned end (exclusive) of the stack mapping
     * @param random supplies AT_RANDOM's 16 bytes (a SecureRandom in production, seeded in tests)
     */
    public static Result build(LoadTarget target, long top, ElfImage image, List<String> argv, List<String> env,
            Identity id, RandomGenerator random) {
        if ((top & (ElfLoader.PAGE - 1)) != 0 || top <= STACK_SIZE) {
            throw new IllegalArgumentException("the stack top 0x" + Long.toHexString(top) + " is not a page-aligned address above 8 MiB");
        }
        long low = top - STACK_SIZE;
        target.map(low, STACK_SIZE, LoadTarget.PROT_READ | LoadTarget.PROT_WRITE);
        long p = top;
        p -= 8; // a zero word at the very top, as Linux leaves
        p = putString(target, p, id.execFn());
        long execFn = p;
        p = putString(target, p, "riscv64");
        long platform = p;
        long[] argvAddr = new long[argv.size()];
        long[] envAddr = new long[env.size()];
        for (int i = env.size() - 1; i >= 0; i--) {
            p = putString(target, p, env.get(i));
            envAddr[i] = p;
        }
        for (int i = argv.size() - 1; i >= 0; i--) {
            p = putString(target, p, argv.get(i));
            argvAddr[i] = p;
        }
        p &= -16L;
        byte[] rnd = new byte[16];
        random.nextBytes(rnd);
        p -= 16;
        target.write(p, rnd, 0, 16);
        long randomAddr = p;

        long[][] aux = {
            {AT_PHDR, image.phdr()}, {AT_PHENT, image.phent()}, {AT_PHNUM, image.phnum()}, {AT_PAGESZ, ElfLoader.PAGE},
            {AT_BASE, 0}, {AT_FLAGS, 0}, {AT_ENTRY, image.entry()}, {AT_UID, id.uid()}, {AT_EUID, id.euid()},
            {AT_GID, id.gid()}, {AT_EGID, id.egid()}, {AT_SECURE, 0}, {AT_RANDOM, randomAddr}, {AT_HWCAP, HWCAP_IMAFDC},
            {AT_CLKTCK, 100}, {AT_EXECFN, execFn}, {AT_PLATFORM, platform}, {AT_NULL, 0},
        };
        int words = 1 + argv.size() + 1 + env.size() + 1 + 2 * aux.length;
        long sp = (p - 8L * words) & -16L;
        if (sp < low + 4096) {
            throw new IllegalArgumentException("the arguments and environment (" + (top - sp) + " bytes) do not fit the 8 MiB stack");
        }
        ByteBuffer block = ByteBuffer.allocate(8 * words).order(ByteOrder.LITTLE_ENDIAN);
        block.putLong(argv.size());
        for (long a : argvAddr) {
            block.putLong(a);
        }
        block.putLong(0);
        for (long a : envAddr) {
            block.putLong(a);
        }
        block.putLong(0);
        for (long[] kv : aux) {
            block.putLong(kv[0]).putLong(kv[1]);
        }
        target.write(sp, block.array(), 0, block.capacity());
        return new Result(sp, low, top, randomAddr);
    }

    private static long putString(LoadTarget target, long p, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        p -= z.length;
        target.write(p, z, 0, z.length);
        return p;
    }

    static long hwcap(String letters) {
        long h = 0;
        for (char c : letters.toCharArray()) {
            h |= 1L << (c - 'A');
        }
        return h;
    }

    /**
     * The hart's state at the entry point: pc = entry, sp as built, everything else 0 (a0 = 0 tells
     * glibc's _start there is no rtld_fini to register).
     */
    public static void enter(Hart hart, ElfImage image, Result stack) {
        java.util.Arrays.fill(hart.x, 0);
        java.util.Arrays.fill(hart.f, 0);
        hart.fcsr = 0;
        hart.pc = image.entry();
        hart.x[Hart.SP] = stack.sp();
    }
}
