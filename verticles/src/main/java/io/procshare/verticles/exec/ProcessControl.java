package io.procshare.verticles.exec;

import io.procshare.codecs.ShippedBytes;
import io.procshare.codecs.SyscallReply;
import io.procshare.codecs.SyscallRequest;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.syscall.SyscallSpec;
import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.memory.SegmentationFault;
import io.procshare.verticles.memory.space.AddressSpaceException;
import io.procshare.verticles.syscall.DsmAccess;
import io.procshare.verticles.syscall.Errno;
import io.procshare.verticles.syscall.Futexes;
import io.procshare.verticles.syscall.GuestAccess;
import io.procshare.verticles.syscall.GuestBytes;
import io.procshare.verticles.syscall.HostProcess;
import io.procshare.verticles.syscall.ProcessCalls;
import io.procshare.verticles.syscall.ResourceLimits;
import io.procshare.verticles.syscall.Signals;
import io.procshare.verticles.memory.space.AddressMap;
import io.procshare.verticles.memory.space.Mapping;
import io.procshare.verticles.syscall.ShippedAccess;
import io.procshare.verticles.syscall.SyscallDispatcher;
import io.procshare.verticles.syscall.Sysno;
import io.procshare.codecs.ThreadStart;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control part of one process at its home (the paper's 制御部, DESIGN §6): its creator, which
 * makes one {@link Executor} per guest thread when the thread-created notice arrives; its thread
 * table; its files ({@link HostProcess}); its futex queues; and its memory calls, which run on the
 * home's {@link GuestMemory} and so bump the mapping version on every node.
 *
 * <p>A syscall reaches it two ways: forwarded ({@link #dispatch}: the executor of the issuing
 * thread runs it) or issued on the home ({@link #executeDirect}: the calling thread runs it, the
 * paper's condition B). Either way it goes through the one {@link SyscallDispatcher}.
 */
public final class ProcessControl implements ProcessCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessControl.class);

    private static final int MAP_SHARED = 0x01;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_SHARED_VALIDATE = 0x03;
    private static final int MAP_TYPE = 0x0f;
    private static final int MAP_FIXED = 0x10;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_FIXED_NOREPLACE = 0x100000;
    private static final int MADV_DONTNEED = 4;
    private static final int MADV_REMOVE = 9;
    private static final int MADV_LAST_HINT = 25; // MADV_COLLAPSE; every other known advice is a hint here
    private static final int F_GETFD = 1;
    private static final long PAGE = 4096;

    // clone(2) flags (include/uapi/linux/sched.h)
    static final int CLONE_VM = 0x100;
    static final int CLONE_FS = 0x200;
    static final int CLONE_FILES = 0x400;
    static final int CLONE_SIGHAND = 0x800;
    static final int CLONE_THREAD = 0x10000;
    static final int CLONE_SYSVSEM = 0x40000;
    static final int CLONE_SETTLS = 0x80000;
    static final int CLONE_PARENT_SETTID = 0x100000;
    static final int CLONE_CHILD_CLEARTID = 0x200000;
    static final int CLONE_DETACHED = 0x400000;
    static final int CLONE_CHILD_SETTID = 0x1000000;
    private static final int CSIGNAL = 0xff;
    /** The flags of a thread clone (glibc's pthread_create passes these); any other flag is EINVAL. */
    private static final long CLONE_THREAD_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD
            | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED
            | CLONE_CHILD_SETTID | CSIGNAL;
    /** Exit status of a killed process, as a shell reports SIGKILL. */
    public static final int KILLED = 128 + 9;

    private final long pid;
    private final String home;
    private final HostProcess files;
    private final GuestMemory memory;
    private final DsmAccess dsm;
    private final SyscallDispatcher dispatcher;
    private final NodeCounters counters;
    private final ThreadTable threads;
    private final Futexes futexes;
    private final Signals signals = new Signals();
    private final ResourceLimits rlimits;
    private final Map<Long, Executor> executors = new ConcurrentHashMap<>();
    private final Map<Long, Long> clearTid = new ConcurrentHashMap<>();
    /** The CPU context of a clone while its call runs, by the issuing gtid (riscv64 threads start from it). */
    private final Map<Long, Buffer> cloneContexts = new ConcurrentHashMap<>();
    private static final long CANCELLED = -1;
    /** Per creation key (a node's attach request), the gtid made for it or CANCELLED; the last 4096 (guarded by this). */
    private final Map<String, Long> createdByKey = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 4096;
        }
    };
    private final ProcessHost host;
    private final String task;
    private final Placement placement;
    private final SyscallConfig.Limits limits;
    /** Per guest thread, the sequence of its forwarded syscall admitted and not yet answered (the pending ones). */
    private final Map<Long, Long> pending = new ConcurrentHashMap<>();
    /** Per guest thread, the sequence last admitted: a request at or below it is a re-send, never refused. */
    private final Map<Long, Long> admitted = new ConcurrentHashMap<>();
    private final long startedAtMillis = System.currentTimeMillis();
    private final java.util.concurrent.atomic.LongAdder forwardedCalls = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder directCalls = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean exited;
    private volatile int exitStatus;
    private volatile String exitMessage = "";

    /** A process without clone (no other nodes, no guest front-end): for unit tests of the other calls. */
    public ProcessControl(long pid, String home, HostProcess files, GuestMemory memory, SyscallDispatcher dispatcher,
                          NodeCounters counters) {
        this(pid, home, files, memory, dispatcher, counters, ProcessHost.NONE, "", Placement.parse(null));
    }

    /**
     * @param host      the node: placement's view of the cluster, thread start, end report
     * @param task      what the process runs (a Java task class, a program name): every thread starts it
     * @param placement where clone puts new threads
     */
    public ProcessControl(long pid, String home, HostProcess files, GuestMemory memory, SyscallDispatcher dispatcher,
                          NodeCounters counters, ProcessHost host, String task, Placement placement) {
        this(pid, home, files, memory, dispatcher, counters, host, task, placement, SyscallConfig.Limits.DEFAULTS);
    }

    /**
     * @param limits threads and pending syscalls of this process (its fds are {@code files}' table,
     *               its pages {@code memory}'s layout)
     */
    public ProcessControl(long pid, String home, HostProcess files, GuestMemory memory, SyscallDispatcher dispatcher,
                          NodeCounters counters, ProcessHost host, String task, Placement placement,
                          SyscallConfig.Limits limits) {
        this(pid, home, files, memory, dispatcher, counters, host, task, placement, limits, System::nanoTime);
    }

    /**
     * @param monotonic the home's monotonic clock, the process's CLOCK_MONOTONIC: absolute futex
     *                  deadlines are judged against it (issue 12 item 4)
     */
    public ProcessControl(long pid, String home, HostProcess files, GuestMemory memory, SyscallDispatcher dispatcher,
                          NodeCounters counters, ProcessHost host, String task, Placement placement,
                          SyscallConfig.Limits limits, java.util.function.LongSupplier monotonic) {
        this.futexes = new Futexes(monotonic);
        this.limits = limits;
        this.host = host;
        this.task = task;
        this.placement = placement;
        this.pid = pid;
        this.home = home;
        this.files = files;
        this.memory = memory;
        this.dsm = new DsmAccess(memory);
        this.dispatcher = dispatcher;
        this.counters = counters;
        this.threads = new ThreadTable(pid);
        this.rlimits = new ResourceLimits(files.maxFds(), limits.threads());
    }

    public long pid() {
        return pid;
    }

    public ThreadTable threads() {
        return threads;
    }

    public Futexes futexes() {
        return futexes;
    }

    /** Whether exit_group ran (or the last thread exited); then {@link #exitStatus()} holds its status. */
    public boolean exited() {
        return exited;
    }

    public int exitStatus() {
        return exitStatus;
    }

    /** Why the process ended, when not by its own exit (killed, a guest fault); else empty. */
    public String exitMessage() {
        return exitMessage;
    }

    public String home() {
        return home;
    }

    public String task() {
        return task;
    }

    public Placement placement() {
        return placement;
    }

    public SyscallConfig.Limits limits() {
        return limits;
    }

    /** Forwarded syscalls of this process queued at or running in its executors now. */
    public int pendingSyscalls() {
        return pending.size();
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** Syscalls of this process forwarded here from other nodes and executed (condition C), so far. */
    public long forwardedSyscalls() {
        return forwardedCalls.sum();
    }

    /** Syscalls of this process its threads on the home ran directly (condition B), so far. */
    public long directSyscalls() {
        return directCalls.sum();
    }

    /** Allocates a gtid for a thread on {@code node} and has the creator make its executor. */
    public long createThread(String node, long parent) {
        long gtid;
        synchronized (this) {
            // one step with end()'s flip of exited: a thread is either made before the end (and its
            // executor stopped by it) or refused
            if (exited) {
                throw new IllegalStateException("pid " + pid + " has exited: no new thread");
            }
            gtid = threads.allocate(node, parent);
            signals.threadCreated(parent, gtid);
            onThreadCreated(gtid);
        }
        LOG.debug("pid {} gtid {}: created on {} by gtid {}", pid, gtid, node, parent);
        return gtid;
    }

    /**
     * As {@link #createThread(String, long)}, idempotent by {@code key}: a re-sent request with the
     * same key gets the same gtid, and a key that was cancelled makes no thread (issue 13).
     */
    public long createThread(String node, long parent, String key) {
        synchronized (this) {
            Long known = createdByKey.get(key);
            if (known != null && known == CANCELLED) {
                throw new IllegalStateException("pid " + pid + ": the creation " + key + " was cancelled");
            }
            if (known != null) {
                return known;
            }
            long gtid = createThread(node, parent);
            createdByKey.put(key, gtid);
            return gtid;
        }
    }

    /**
     * The node that asked for a thread with {@code key} gave up waiting for its gtid: that thread,
     * if it was made, exits before it ever ran (so the process still ends with its last real
     * thread), and a late request with the key makes none.
     */
    public void cancelThread(String key) {
        Long gtid;
        synchronized (this) {
            gtid = createdByKey.put(key, CANCELLED);
        }
        if (gtid != null && gtid != CANCELLED) {
            LOG.info("pid {} gtid {}: its creation {} was cancelled by the node that asked", pid, gtid, key);
            exit(gtid, 0);
        }
    }

    /** The creator: one executor per guest thread (1:1), made once whatever the number of notices. */
    public void onThreadCreated(long gtid) {
        if (threads.get(gtid) == null) {
            throw new IllegalArgumentException("pid " + pid + " has no thread " + gtid + " in its table");
        }
        executors.computeIfAbsent(gtid, g -> new Executor(pid, g, this, counters));
    }

    /** A thread ended without calling exit (its guest code returned): as exit(status). */
    public void onThreadExit(long gtid, int status) {
        if (threads.get(gtid) != null) {
            exit(gtid, status);
        }
    }

    /**
     * Hands a forwarded request to the executor of its gtid (DESIGN §6). A new syscall (a sequence
     * above the thread's last admitted one) is admitted only while fewer than
     * {@link SyscallConfig.Limits#pendingSyscalls()} of the process's forwarded syscalls are pending
     * (admitted and not yet answered); otherwise it is answered -EAGAIN at once, without running,
     * as a kernel short of resources would, and that answer is the request's outcome: its re-sends
     * get -EAGAIN too and never run. A re-send of an admitted request is never refused: it may be
     * running, or done (its reply is replayed). Each guest thread has at most one syscall
     * outstanding, so the pending ones never outnumber the live threads: the limit adds to
     * {@link SyscallConfig.Limits#threads()} only when set below it. Syscalls run directly on the
     * home (condition B) do not queue and do not count.
     */
    public void dispatch(SyscallRequest request, ReplyTarget target) {
        long gtid = request.gtid();
        Executor e = executors.get(gtid);
        if (e == null) {
            target.fail(ForwardProtocol.NO_SUCH_THREAD, "pid " + pid + " has no thread " + gtid + " at " + home);
            return;
        }
        if (exited && !e.isEnded()) {
            target.fail(ForwardProtocol.EXITED, "pid " + pid + " has exited with status " + exitStatus);
            return;
        }
        long sequence = request.sequence();
        synchronized (pending) {
            Long last = admitted.get(gtid);
            if (!e.isEnded() && (last == null || sequence > last)) {
                admitted.put(gtid, sequence);
                if (pending.size() >= limits.pendingSyscalls()) {
                    LOG.debug("pid {} gtid {}: syscall {} refused, {} pending", pid, gtid, request.nr(), pending.size());
                    // recorded as the request's outcome (under this lock, before any re-send of it can
                    // be admitted): a re-send on its way is answered -EAGAIN too and never runs
                    e.refuse(request, target, new Outcome.Replied(new SyscallReply(pid, gtid, sequence, -Errno.EAGAIN,
                            request.flags() & ForwardProtocol.SHIPPED, List.of())));
                    return;
                }
                pending.put(gtid, sequence);
            }
        }
        e.submit(request, new ReplyTarget() {
            @Override
            public void reply(SyscallReply reply) {
                pending.remove(gtid, sequence);
                target.reply(reply);
            }

            @Override
            public void fail(int code, String message) {
                if (code != ForwardProtocol.IN_PROGRESS) {
                    pending.remove(gtid, sequence); // in progress: a re-send took over, the call still runs
                }
                target.fail(code, message);
            }
        });
    }

    /** Runs a forwarded request on the calling executor; with argument shipping, memory is the shipped bytes. */
    SyscallReply executeForwarded(long gtid, SyscallRequest r) {
        boolean shipped = (r.flags() & ForwardProtocol.SHIPPED) != 0;
        List<ShippedBytes> inputs = r.input();
        Buffer context = null;
        if ((r.flags() & ForwardProtocol.CONTEXT) != 0 && !inputs.isEmpty()) {
            context = inputs.getLast().bytes();
            inputs = inputs.subList(0, inputs.size() - 1);
        }
        ShippedAccess access = null;
        GuestAccess mem = dsm;
        if (shipped) {
            List<GuestBytes> in = new ArrayList<>(inputs.size());
            for (ShippedBytes s : inputs) {
                in.add(new GuestBytes(s.address(), s.bytes().getBytes()));
            }
            access = new ShippedAccess(in);
            mem = access;
        }
        forwardedCalls.increment();
        long ret = runWithContext(gtid, r.nr(), r.args(), mem, context);
        List<ShippedBytes> out = List.of();
        if (access != null && !access.output().isEmpty()) {
            out = new ArrayList<>(access.output().size());
            for (GuestBytes g : access.output()) {
                out.add(new ShippedBytes(g.address(), Buffer.buffer(g.bytes())));
            }
        }
        return new SyscallReply(pid, gtid, r.sequence(), ret, shipped ? ForwardProtocol.SHIPPED : 0, out);
    }

    /** A HOME syscall issued by a thread on the home: it runs here, in the calling thread (condition B). */
    public long executeDirect(long gtid, int nr, long[] args) {
        return executeDirect(gtid, nr, args, null);
    }

    /** As {@link #executeDirect(long, int, long[])}, with a clone's CPU context (or null). */
    long executeDirect(long gtid, int nr, long[] args, byte[] context) {
        if (exited) {
            throw new ThreadExitException(pid, gtid, exitStatus, true);
        }
        ThreadInfo self = threads.get(gtid);
        if (self == null || self.state() == ThreadState.EXITED) {
            // a thread whose clone was abandoned (or that exited) runs nothing more, as its executor would refuse
            throw new ThreadExitException(pid, gtid, 0, false);
        }
        counters.increment(SyscallCounters.DIRECT);
        directCalls.increment();
        long ret = runWithContext(gtid, nr, args, dsm, context == null ? null : Buffer.buffer(context));
        if (exited && !endsThread(nr)) {
            throw new ThreadExitException(pid, gtid, exitStatus, true);
        }
        return ret;
    }

    /** Runs a call with the clone context its issuer sent (riscv64 clone), which {@link #clone} reads. */
    private long runWithContext(long gtid, int nr, long[] args, GuestAccess mem, Buffer context) {
        if (context == null) {
            return run(gtid, nr, args, mem);
        }
        cloneContexts.put(gtid, context);
        try {
            return run(gtid, nr, args, mem);
        } finally {
            cloneContexts.remove(gtid);
        }
    }

    private long run(long gtid, int nr, long[] args, GuestAccess mem) {
        threads.setState(gtid, ThreadState.IN_SYSCALL);
        SyscallSpec spec = dispatcher.table().lookup(nr);
        counters.countSyscall(nr, spec == null ? "unknown" : spec.name());
        try {
            return dispatcher.execute(pid, gtid, nr, args, mem, this);
        } finally {
            threads.setState(gtid, ThreadState.RUNNING);
        }
    }

    // ---------------------------------------------------------------- ProcessCalls

    @Override
    public HostProcess files() {
        return files;
    }

    @Override
    public long futex(long gtid, long uaddr, int op, int val, long timeout, long uaddr2, int val3) {
        // the word is read through the DSM at the home, SC with the guest's atomics (DESIGN §6)
        return futexes.call(uaddr, op, val, timeout, val3, dsm, futexWord);
    }

    /** The futex word: faulted in through the DSM, then read under the bucket lock only if still resident. */
    private final Futexes.Word futexWord = new Futexes.Word() {
        @Override
        public Integer load(long a) {
            try {
                return memory.readIntVolatile(a);
            } catch (SegmentationFault e) {
                return null;
            }
        }

        @Override
        public long peek(long a) {
            long v = memory.peekIntVolatile(a);
            return v == io.procshare.verticles.memory.GuestThreadMemory.NOT_RESIDENT ? NOT_RESIDENT : v;
        }
    };


    @Override
    public long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        int type = flags & MAP_TYPE;
        if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) {
            return -Errno.EINVAL;
        }
        if (length == 0 || (offset & (PAGE - 1)) != 0) {
            return -Errno.EINVAL;
        }
        if ((flags & MAP_ANONYMOUS) == 0) {
            // file-backed: Linux looks the fd up first (EBADF); then the file must offer mmap. The home's
            // files cannot back DSM pages, so they answer as a file system without mmap support: ENODEV
            return files.fcntl(fd, F_GETFD, 0) < 0 ? -Errno.EBADF : -Errno.ENODEV;
        }
        try {
            if ((flags & MAP_FIXED) == 0 && (flags & MAP_FIXED_NOREPLACE) != 0) {
                if ((addr & (PAGE - 1)) != 0) {
                    return -Errno.EINVAL;
                }
                long a = memory.mmap(addr, length, prot, false);
                if (a != addr) {
                    memory.munmap(a, length);
                    return -Errno.EEXIST;
                }
                return a;
            }
            return memory.mmap(addr, length, prot, (flags & MAP_FIXED) != 0);
        } catch (AddressSpaceException e) {
            return -e.errno();
        }
    }

    @Override
    public long munmap(long addr, long length) {
        try {
            memory.munmap(addr, length);
            return 0;
        } catch (AddressSpaceException e) {
            return -e.errno();
        }
    }

    @Override
    public long mprotect(long addr, long length, int prot) {
        try {
            memory.mprotect(addr, length, prot);
            return 0;
        } catch (AddressSpaceException e) {
            return -e.errno();
        }
    }

    @Override
    public long brk(long addr) {
        return memory.brk(addr);
    }

    /**
     * madvise: MADV_DONTNEED zeroes the range (an anonymous private page reads as zeros afterwards),
     * through DSM writes of zeros; other known advice is a hint and returns 0. An unmapped page in
     * the range gives -ENOMEM after the rest was zeroed, as Linux does. Difference from Linux: a
     * page without PROT_WRITE keeps its content.
     */
    @Override
    public long madvise(long addr, long length, int advice) {
        if ((addr & (PAGE - 1)) != 0 || length < 0) {
            return -Errno.EINVAL;
        }
        if (advice < 0 || advice > MADV_LAST_HINT || advice == MADV_REMOVE) {
            return -Errno.EINVAL; // MADV_REMOVE needs a shared file mapping
        }
        if (advice != MADV_DONTNEED || length == 0) {
            return 0;
        }
        long end = addr + ((length + PAGE - 1) & ~(PAGE - 1));
        byte[] zeros = new byte[(int) PAGE];
        long result = 0;
        for (long p = addr; Long.compareUnsigned(p, end) < 0; p += PAGE) {
            try {
                memory.write(p, zeros, 0, zeros.length);
            } catch (SegmentationFault e) {
                if (!readable(p)) {
                    result = -Errno.ENOMEM;
                }
            }
        }
        return result;
    }

    private boolean readable(long page) {
        try {
            memory.readByte(page);
            return true;
        } catch (SegmentationFault e) {
            return false;
        }
    }

    @Override
    public long exit(long gtid, int status) {
        threads.setState(gtid, ThreadState.EXITED);
        Long tidAddress = clearTid.remove(gtid);
        if (tidAddress != null && tidAddress != 0) {
            // CLONE_CHILD_CLEARTID: store 0 and wake one joiner, as the kernel does at thread exit
            try {
                memory.writeIntVolatile(tidAddress, 0);
                futexes.wake(tidAddress, 1, Futexes.FUTEX_BITSET_MATCH_ANY);
            } catch (RuntimeException e) {
                // unmapped, or the page could not be had (the process ends, a node is lost): the thread still exits
                LOG.debug("pid {} gtid {}: clear_child_tid at 0x{} not writable: {}", pid, gtid,
                        Long.toHexString(tidAddress), e.toString());
            }
        }
        Executor e = executors.get(gtid);
        if (e != null) {
            e.stop();
        }
        forget(gtid);
        signals.threadExited(gtid);
        threadNames.remove(gtid);
        LOG.debug("pid {} gtid {}: exit({})", pid, gtid, status);
        if (threads.live() == 0) {
            end(status, "");
        }
        return 0;
    }

    @Override
    public long exitGroup(long gtid, int status) {
        LOG.info("pid {}: exit_group({}) by gtid {}", pid, status, gtid);
        threads.exitAll();
        end(status, "");
        return 0;
    }

    /**
     * Ends the process from outside (a kill, a guest crash): as exit_group({@code status}) with
     * {@code message} reported to its client. Threads on other nodes learn it at their next syscall
     * or, through the node's end notice, at their next page fault.
     */
    public void kill(int status, String message) {
        LOG.info("pid {}: killed with status {}: {}", pid, status, message);
        threads.exitAll();
        end(status, message);
    }

    /** The process ends: every executor ends (blocked futex waits return), its fds close, the node hears of it. */
    private void end(int status, String message) {
        synchronized (this) {
            if (exited) {
                return;
            }
            exitStatus = status;
            exitMessage = message;
            exited = true;
        }
        futexes.close();
        executors.values().forEach(Executor::stop);
        pending.clear();
        files.close();
        try {
            host.ended(this);
        } catch (RuntimeException e) {
            LOG.warn("pid {}: reporting its end failed: {}", pid, e.toString());
        }
    }

    /**
     * clone(2) of a thread (DESIGN §6): the home allocates the gtid, the placement policy (or the node
     * the {@link ThreadDescriptor} at {@code stack} names) picks its node, the creator makes its
     * executor, the tid words are stored as the flags ask, and the chosen node starts the thread
     * before this returns the child's tid. A clone that is not a thread (fork, vfork: no
     * CLONE_THREAD) is ENOSYS: a shared process has one address space. With
     * {@link SyscallConfig.Limits#threads()} threads alive it is EAGAIN, before anything is allocated.
     */
    @Override
    public long clone(long gtid, long flags, long stack, long parentTid, long tls, long childTid) {
        if ((flags & CLONE_THREAD) == 0) {
            return -Errno.ENOSYS;
        }
        if ((flags & ~CLONE_THREAD_FLAGS) != 0 || (flags & CLONE_SIGHAND) == 0 || (flags & CLONE_VM) == 0) {
            return -Errno.EINVAL; // as Linux: THREAD needs SIGHAND, SIGHAND needs VM; namespaces are not ours
        }
        if (exited) {
            throw new ThreadExitException(pid, gtid, exitStatus, true);
        }
        if (threads.live() >= limits.threads()) {
            return -Errno.EAGAIN; // as Linux at RLIMIT_NPROC: nothing is allocated
        }
        ThreadDescriptor wish;
        try {
            wish = ThreadDescriptor.read(dsm, stack, true);
        } catch (IllegalArgumentException e) {
            return -Errno.EINVAL; // a descriptor whose node name does not decode within its limit
        }
        String node;
        try {
            node = placement.choose(home, wish == null ? null : wish.node(), host.nodes());
        } catch (IllegalArgumentException e) {
            LOG.info("pid {} gtid {}: clone refused: {}", pid, gtid, e.getMessage());
            return -Errno.EINVAL;
        }
        long child;
        synchronized (this) {
            if (threads.live() >= limits.threads()) {
                return -Errno.EAGAIN; // another clone took the last slot meanwhile
            }
            try {
                child = createThread(node, gtid);
            } catch (IllegalStateException e) {
                throw new ThreadExitException(pid, gtid, exitStatus, true); // exit_group won the race
            }
        }
        try {
            if ((flags & CLONE_PARENT_SETTID) != 0 && !dsm.write(parentTid, intBytes(child))
                    || (flags & CLONE_CHILD_SETTID) != 0 && !dsm.write(childTid, intBytes(child))) {
                abandon(child);
                return -Errno.EFAULT;
            }
        } catch (RuntimeException e) {
            abandon(child);
            throw e;
        }
        if ((flags & CLONE_CHILD_CLEARTID) != 0) {
            clearTid.put(child, childTid);
        }
        try {
            Buffer context = cloneContexts.get(gtid);
            host.startThread(new ThreadStart(pid, child, node, task, 0, stack, tls,
                    (flags & CLONE_CHILD_CLEARTID) != 0 ? childTid : 0, context == null ? Buffer.buffer() : context.copy()));
        } catch (RuntimeException e) {
            LOG.warn("pid {} gtid {}: thread {} could not start on {}: {}", pid, gtid, child, node, e.getMessage());
            abandon(child);
            return -Errno.EAGAIN;
        }
        counters.increment(SyscallCounters.CLONES);
        return child;
    }

    /** A clone that failed after its gtid was allocated: the thread never ran. */
    private void abandon(long child) {
        clearTid.remove(child);
        threads.setState(child, ThreadState.EXITED);
        Executor e = executors.get(child);
        if (e != null) {
            e.stop();
        }
        forget(child);
    }

    /**
     * A thread that ended has nothing pending: a request its stopped executor never answered is not
     * counted. Its admitted sequence stays, so a re-send of its exit is still never refused.
     */
    private void forget(long gtid) {
        pending.remove(gtid);
    }

    private static byte[] intBytes(long v) {
        int i = (int) v;
        return new byte[] {(byte) i, (byte) (i >>> 8), (byte) (i >>> 16), (byte) (i >>> 24)};
    }

    @Override
    public long setTidAddress(long gtid, long address) {
        clearTid.put(gtid, address);
        return gtid;
    }

    private final Map<Long, byte[]> threadNames = new ConcurrentHashMap<>();

    @Override
    public GuestAccess memory() {
        return dsm;
    }

    /** The cluster's nodes (at least this one) times this home's CPUs: threads may run on any of them. */
    @Override
    public int cpus() {
        int nodes = Math.max(1, host.nodes().size());
        return (int) Math.min(1024, (long) nodes * Runtime.getRuntime().availableProcessors());
    }

    @Override
    public boolean isLiveThread(long gtid) {
        ThreadInfo t = threads.get(gtid);
        return t != null && t.state() != ThreadState.EXITED;
    }

    /** Linux names a thread after its program (15 bytes): here the task, until prctl renames it. */
    @Override
    public byte[] threadName(long gtid) {
        byte[] name = threadNames.get(gtid);
        if (name == null) {
            byte[] t = task.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            name = java.util.Arrays.copyOf(t, Math.min(15, t.length));
        }
        return java.util.Arrays.copyOf(name, 16);
    }

    @Override
    public void setThreadName(long gtid, byte[] name) {
        int n = 0;
        while (n < Math.min(15, name.length) && name[n] != 0) {
            n++;
        }
        threadNames.put(gtid, java.util.Arrays.copyOf(name, n));
    }

    @Override
    public Signals signals() {
        return signals;
    }

    @Override
    public ResourceLimits rlimits() {
        return rlimits;
    }

    @Override
    public long signal(long gtid, long target, int sig, boolean processWide) {
        if (!processWide) {
            ThreadInfo t = threads.get(target);
            if (t == null || t.state() == ThreadState.EXITED) {
                return -Errno.ESRCH;
            }
        }
        if (sig == 0) {
            return 0;
        }
        if (signals.send(processWide ? gtid : target, sig, processWide) == Signals.Outcome.TERMINATE) {
            terminate(sig, gtid);
        }
        return 0;
    }

    @Override
    public void deliverPending(long gtid) {
        int sig = signals.takeDeliverable(gtid);
        if (sig != 0) {
            terminate(sig, gtid);
        }
    }

    /** A signal's action is to terminate: the process ends with 128 + sig, as a shell reports it. */
    private void terminate(int sig, long gtid) {
        String why = Signals.name(sig) + (sig == Signals.SIGABRT ? " (abort)" : "") + " in thread " + gtid;
        if (signals.handler(sig) != Signals.SIG_DFL) {
            why += "; the handler the program installed was not run: procshare gives signals their default action";
        }
        kill(128 + sig, why);
    }

    private static final int MREMAP_MAYMOVE = 1;
    private static final int MREMAP_FIXED = 2;
    private static final int MREMAP_DONTUNMAP = 4;

    /**
     * mremap(2) of an anonymous private mapping, with Linux's checks (mm/mremap.c): bad flags, an
     * unaligned address, a zero new size or an old size of 0 (which needs a shared mapping) are
     * -EINVAL; a range not inside one mapping of one protection is -EFAULT; growing in place where
     * the next pages are taken, without MREMAP_MAYMOVE, is -ENOMEM. A move maps the new range,
     * copies the content page by page through the shared memory and unmaps the old one (DONTUNMAP:
     * leaves it mapped and empty). Differences from Linux: the steps are separate map changes,
     * so another thread's map change may come between them; pages of a PROT_NONE mapping move as
     * zeros.
     */
    @Override
    public long mremap(long oldAddress, long oldSize, long newSize, int flags, long newAddress) {
        if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0
                || ((flags & MREMAP_FIXED) != 0 && (flags & MREMAP_MAYMOVE) == 0)
                || ((flags & MREMAP_DONTUNMAP) != 0 && ((flags & MREMAP_MAYMOVE) == 0 || oldSize != newSize))
                || (oldAddress & (PAGE - 1)) != 0) {
            return -Errno.EINVAL;
        }
        long oldLen = (oldSize + PAGE - 1) & ~(PAGE - 1);
        long newLen = (newSize + PAGE - 1) & ~(PAGE - 1);
        if (newLen == 0 || oldLen == 0 || Long.compareUnsigned(newLen, newSize) < 0) {
            return -Errno.EINVAL;
        }
        boolean fixed = (flags & MREMAP_FIXED) != 0;
        if (fixed && ((newAddress & (PAGE - 1)) != 0
                || (Long.compareUnsigned(newAddress, oldAddress + oldLen) < 0 && Long.compareUnsigned(oldAddress, newAddress + newLen) < 0))) {
            return -Errno.EINVAL;
        }
        try {
            Mapping vma = mappingAt(memory.map(), oldAddress);
            if (vma == null || Long.compareUnsigned(oldLen, vma.end() - oldAddress) > 0) {
                return -Errno.EFAULT;
            }
            if (!fixed && (flags & MREMAP_DONTUNMAP) == 0) {
                if (Long.compareUnsigned(newLen, oldLen) <= 0) {
                    if (newLen != oldLen) {
                        memory.munmap(oldAddress + newLen, oldLen - newLen);
                    }
                    return oldAddress;
                }
                long end = oldAddress + oldLen;
                long grown = memory.mmap(end, newLen - oldLen, vma.prot(), false);
                if (grown == end) {
                    return oldAddress;
                }
                memory.munmap(grown, newLen - oldLen);
                if ((flags & MREMAP_MAYMOVE) == 0) {
                    return -Errno.ENOMEM;
                }
            }
            long to = memory.mmap(fixed ? newAddress : 0, newLen, 3, fixed);
            byte[] page = new byte[(int) PAGE];
            long copy = Math.min(oldLen, newLen);
            if ((vma.prot() & 1) != 0) {
                for (long off = 0; off < copy; off += PAGE) {
                    memory.read(oldAddress + off, page, 0, page.length);
                    memory.write(to + off, page, 0, page.length);
                }
            }
            if (vma.prot() != 3) {
                memory.mprotect(to, newLen, vma.prot());
            }
            memory.munmap(oldAddress, oldLen);
            if ((flags & MREMAP_DONTUNMAP) != 0) {
                memory.mmap(oldAddress, oldLen, vma.prot(), true);
            }
            return to;
        } catch (AddressSpaceException e) {
            return -e.errno();
        }
    }

    private static Mapping mappingAt(AddressMap map, long address) {
        for (Mapping m : map.mappings()) {
            if (Long.compareUnsigned(address, m.start()) >= 0 && Long.compareUnsigned(address, m.end()) < 0) {
                return m;
            }
        }
        return null;
    }

    /** Whether {@code nr} ends the calling thread. */
    static boolean endsThread(int nr) {
        return nr == Sysno.EXIT || nr == Sysno.EXIT_GROUP;
    }
}
