package io.procshare.node.guest.riscv;

import io.procshare.codecs.ThreadStart;
import io.procshare.node.guest.riscv.elf.ElfFormatException;
import io.procshare.node.guest.riscv.engine.BlockCache;
import io.procshare.node.guest.riscv.engine.Engine;
import io.procshare.node.guest.riscv.engine.GuestTrapException;
import io.procshare.node.guest.riscv.engine.HartStoppedException;
import io.procshare.node.guest.riscv.elf.ElfImage;
import io.procshare.node.guest.riscv.elf.ElfLoader;
import io.procshare.node.guest.riscv.elf.InitialStack;
import io.procshare.node.guest.riscv.elf.LoadTarget;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.exec.GuestLauncher;
import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.Placement;
import io.procshare.verticles.exec.SyscallService;
import io.procshare.verticles.exec.SyscallUnavailableException;
import io.procshare.verticles.exec.ThreadExitException;
import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.memory.PageUnavailableException;
import io.procshare.verticles.memory.ProcessEndedException;
import io.procshare.verticles.memory.SegmentationFault;
import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.Sysno;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The riscv64 front-end of a node (DESIGN §7): loads a static riscv64 executable into a new shared
 * process at its home and runs its main thread there, and, as a {@link GuestLauncher}, runs the
 * threads its clones place on this node, each from its parent's registers (the ThreadStart's
 * context). Each guest thread is a platform thread named {@code guest-<pid>-<gtid>}.
 *
 * <p>How a thread ends: exit and exit_group end it through the syscall unit. A fault ends the
 * process as Linux's default action would: SIGSEGV 139, SIGILL 132, SIGTRAP 133, with a line on the
 * process's stderr naming the thread, the node, the pc and the instruction; a lost home or page
 * ends it with status 1 and the reason. A thread whose process ended elsewhere stops quietly.
 */
public final class RiscvRunner implements GuestLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(RiscvRunner.class);

    public static final int SIGSEGV_STATUS = 128 + 11;
    public static final int CRASHED = 1;
    /** The end (exclusive) of the main thread's stack: the top of the mmap area (DESIGN §5's layout). */
    static final long STACK_TOP = 0x3f_0000_0000L;
    /** Task name prefix of a riscv64 process in status and thread starts. */
    public static final String TASK_PREFIX = "riscv64:";

    private static final int PROT_READ = 1, PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20;

    private final SyscallService syscalls;
    private final SecureRandom random = new SecureRandom();
    /** Per process on this node: its decoded blocks, shared by the process's threads here. */
    private final Map<Long, BlockCache> caches = new ConcurrentHashMap<>();
    /** Per process on this node: the harts running here, stopped when the process ends (a loop that makes no call). */
    private final Map<Long, Set<Hart>> running = new ConcurrentHashMap<>();

    /** Counter of guest instructions retired on this node (every riscv64 thread's, at its end). */
    public static final String RETIRED = "riscv.instructions";
    /** Counter of riscv64 guest threads that ran on this node. */
    public static final String THREADS = "riscv.threads";

    private final NodeCounters counters;

    public RiscvRunner(SyscallService syscalls, NodeCounters counters) {
        this.syscalls = syscalls;
        this.counters = counters;
        syscalls.onProcessEnded(exit -> {
            caches.remove(exit.pid());
            Set<Hart> harts = running.remove(exit.pid());
            if (harts != null) {
                harts.forEach(h -> h.stopRequested = true);
            }
        });
    }

    /**
     * Checks {@code image}, makes process {@code pid} with this node as its home, loads the image and
     * starts its main thread; returns once it runs. Blocks: not on an event loop.
     *
     * @throws BadImageException when the image is not a static riscv64 executable (nothing was made)
     */
    public void start(long pid, byte[] image, String name, List<String> args, List<String> env, Placement placement,
                      ClientStreams streams) {
        try {
            ElfLoader.load(image, DRY_RUN); // every check before anything is made
        } catch (ElfFormatException e) {
            throw new BadImageException(e.getMessage(), e);
        }
        GuestThread main = syscalls.startProcess(pid, streams, TASK_PREFIX + name, placement);
        Hart hart = new Hart();
        try {
            // what readlink("/proc/self/exe") answers: the program as if at the root of its sandbox
            syscalls.process(pid).files().setExePath("/" + name);
            GuestMemory memory = main.memory();
            LoadTarget target = new SharedLoadTarget(memory);
            ElfImage loaded = ElfLoader.load(image, target);
            List<String> argv = new java.util.ArrayList<>(args.size() + 1);
            argv.add(name);
            argv.addAll(args);
            InitialStack.Result stack = InitialStack.build(target, STACK_TOP, loaded, argv, env,
                    new InitialStack.Identity(Ids.UID, Ids.UID, Ids.GID, Ids.GID, name), random);
            InitialStack.enter(hart, loaded, stack);
        } catch (RuntimeException e) {
            LOG.warn("pid {}: loading {} failed", pid, name, e);
            try {
                main.syscall(Sysno.EXIT_GROUP, CRASHED);
            } catch (RuntimeException ended) {
                LOG.debug("pid {}: exit_group after a failed load: {}", pid, ended.toString());
            }
            throw new IllegalStateException("pid " + pid + ": loading " + name + " failed: " + e.getMessage(), e);
        }
        run(main, hart);
    }

    @Override
    public void launch(ThreadStart start, GuestThread thread) {
        byte[] context = start.context().getBytes();
        Hart hart;
        try {
            hart = Hart.restore(context);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gtid " + start.gtid() + " of pid " + start.pid() + ": " + e.getMessage(), e);
        }
        // the child of clone(2): the parent's registers, a0 = 0, its own stack and thread pointer
        hart.x[Hart.A0] = 0;
        hart.x[Hart.SP] = start.stackTop();
        if (start.tls() != 0) {
            hart.x[Hart.TP] = start.tls();
        }
        run(thread, hart, start.childTidAddress());
    }

    private void run(GuestThread t, Hart hart) {
        run(t, hart, -1);
    }

    /** @param childTid the child's clear-tid word to confirm with set_tid_address first, or -1 for the main thread */
    private void run(GuestThread t, Hart hart, long childTid) {
        // named as Java task threads are: the console shows "gtid N on node" for guest-PID-GTID
        Thread.ofPlatform().daemon().name("guest-" + t.pid() + "-" + t.gtid()).start(() -> {
            counters.increment(THREADS);
            Set<Hart> harts = running.computeIfAbsent(t.pid(), pid -> ConcurrentHashMap.newKeySet());
            harts.add(hart);
            try {
                runGuarded(t, hart, childTid);
            } finally {
                harts.remove(hart);
                counters.add(RETIRED, hart.retired);
            }
        });
    }

    private void runGuarded(GuestThread t, Hart hart, long childTid) {
        try {
            if (childTid >= 0) {
                // confirms the thread at the home: if its clone gave up waiting for this start (EAGAIN), the
                // home refuses it and it ends before running. Same word as CLONE_CHILD_CLEARTID set.
                t.syscall(Sysno.SET_TID_ADDRESS, childTid);
            }
            BlockCache cache = caches.computeIfAbsent(t.pid(), pid -> new BlockCache());
            HartMemory memory = new SharedHartMemory(t.memory().local());
            new Engine(cache).execute(hart, memory, new RiscvEcalls(t, cache));
            LOG.warn("pid {} gtid {}: the engine returned without an exit", t.pid(), t.gtid());
            crash(t, CRASHED, "thread " + t.gtid() + " stopped without exiting at pc 0x" + Long.toHexString(hart.pc));
        } catch (ThreadExitException | ProcessEndedException | HartStoppedException e) {
            LOG.debug("pid {} gtid {}: ended ({})", t.pid(), t.gtid(), e.getMessage());
        } catch (SegmentationFault e) {
            crash(t, SIGSEGV_STATUS, signalLine(t, "SIGSEGV (Segmentation fault)", hart) + instructionAt(t, hart.pc)
                    + ": " + (e.access() == io.procshare.codecs.Access.WRITE ? "write" : "read") + " at 0x"
                    + Long.toHexString(e.address()));
        } catch (GuestTrapException e) {
            crash(t, e.exitStatus(), signalLine(t, signalName(e.signal()), hart) + ": " + e.getMessage());
        } catch (SyscallUnavailableException e) {
            LOG.warn("pid {} gtid {}: {}", t.pid(), t.gtid(), e.getMessage());
            crash(t, CRASHED, "procshare: thread " + t.gtid() + " lost its system calls: " + e.getMessage());
        } catch (PageUnavailableException e) {
            crash(t, CRASHED, "procshare: thread " + t.gtid() + " lost its memory: " + e.getMessage());
        } catch (Throwable e) {
            LOG.error("pid {} gtid {}: the engine failed at pc 0x{}", t.pid(), t.gtid(), Long.toHexString(hart.pc), e);
            crash(t, CRASHED, "procshare: thread " + t.gtid() + " failed in the engine at pc 0x"
                    + Long.toHexString(hart.pc) + ": " + e);
        }
    }

    /** " (instruction 0x...)", the 16- or 32-bit encoding at {@code pc}, or "" when it cannot be read. */
    private static String instructionAt(GuestThread t, long pc) {
        try {
            int low = t.memory().readShort(pc) & 0xFFFF;
            return (low & 3) != 3 ? String.format(" (instruction 0x%04x)", low)
                    : String.format(" (instruction 0x%08x)", t.memory().readInt(pc));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 4 -> "SIGILL (Illegal instruction)";
            case 5 -> "SIGTRAP (Trace/breakpoint trap)";
            case 7 -> "SIGBUS (Bus error)";
            case 11 -> "SIGSEGV (Segmentation fault)";
            default -> "signal " + signal;
        };
    }

    private String signalLine(GuestThread t, String signal, Hart hart) {
        String node = syscalls.clusterNodes().stream().filter(n -> n.nodeId().equals(syscalls.nodeId()))
                .map(io.procshare.verticles.exec.ClusterNode::name).findFirst().orElse(syscalls.nodeId());
        return "procshare: " + signal + " in thread " + t.gtid() + " on node " + node + " at pc 0x"
                + Long.toHexString(hart.pc);
    }

    /** Writes {@code report} to the process's stderr (through a page of its own) and ends it with {@code status}. */
    private static void crash(GuestThread t, int status, String report) {
        LOG.info("pid {} gtid {}: {} (status {})", t.pid(), t.gtid(), report, status);
        try {
            byte[] line = (report + "\n").getBytes(StandardCharsets.UTF_8);
            int len = Math.min(line.length, 4096);
            long page = t.syscall(Sysno.MMAP, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (page > 0) {
                t.memory().write(page, line, 0, len);
                t.syscall(Sysno.WRITE, 2, page, len);
            }
        } catch (RuntimeException e) {
            LOG.debug("pid {} gtid {}: could not write its crash report: {}", t.pid(), t.gtid(), e.toString());
        }
        try {
            t.syscall(Sysno.EXIT_GROUP, status);
        } catch (RuntimeException e) {
            LOG.debug("pid {} gtid {}: exit_group after a crash: {}", t.pid(), t.gtid(), e.toString());
        }
    }

    /** The process's address space as the loader's target. */
    private record SharedLoadTarget(GuestMemory memory) implements LoadTarget {
        @Override
        public void map(long start, long length, int prot) {
            memory.mmap(start, length, prot, true);
        }

        @Override
        public void write(long address, byte[] b, int off, int len) {
            memory.write(address, b, off, len);
        }

        @Override
        public void protect(long start, long length, int prot) {
            memory.mprotect(start, length, prot);
        }
    }

    /** Checks only: the loader's every check runs, nothing is stored. */
    private static final LoadTarget DRY_RUN = new LoadTarget() {
        @Override
        public void map(long start, long length, int prot) {
        }

        @Override
        public void write(long address, byte[] b, int off, int len) {
        }

        @Override
        public void protect(long start, long length, int prot) {
        }
    };

    /** The home's user and group ids, which a guest sees in its auxv (as under qemu-user). */
    private static final class Ids {
        static final int UID;
        static final int GID;

        static {
            int uid = 0;
            int gid = 0;
            try {
                var unix = new com.sun.security.auth.module.UnixSystem();
                uid = (int) unix.getUid();
                gid = (int) unix.getGid();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("no uid/gid from the JDK ({}); the guest sees 0", e.toString());
            }
            UID = uid;
            GID = gid;
        }
    }
}
