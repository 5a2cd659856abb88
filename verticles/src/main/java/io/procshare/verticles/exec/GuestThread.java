package io.procshare.verticles.exec;

import io.procshare.codecs.ShippedBytes;
import io.procshare.codecs.SyscallReply;
import io.procshare.codecs.SyscallRequest;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.PeerGuard;
import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.syscall.Arguments;
import io.procshare.verticles.syscall.DsmAccess;
import io.procshare.verticles.syscall.Errno;
import io.procshare.verticles.syscall.GuestBytes;
import io.procshare.verticles.syscall.Route;
import io.procshare.verticles.syscall.SyscallSpec;
import io.procshare.verticles.syscall.SyscallTable;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The forwarding part of one guest thread (the paper's 転送部, DESIGN §6), on the node where the
 * thread runs. {@link #syscall} decides by the {@link SyscallTable}: an unknown number is -ENOSYS;
 * LOCAL runs here; HOME on the home runs directly in the calling thread (condition B); HOME
 * elsewhere becomes one {@link SyscallRequest} to the home's {@link SyscallForwardVerticle}, and
 * the calling thread blocks until the reply (condition C). With argument shipping on, the request
 * carries the memory the call reads (read here, as the thread) and the reply the memory it fills,
 * which is stored here, as the thread; off, the home uses the DSM for both.
 *
 * <p>Deadlines: a request is re-sent with the same (gtid, sequence) every
 * {@link SyscallConfig#resendMs()} until its reply (exactly once: the home never runs it twice),
 * through the node's {@link PeerGuard}: Resilience4j's TimeLimiter bounds each attempt, its Retry
 * re-sends, and the home's CircuitBreaker holds re-sends back while the home does not answer;
 * the thread gives up ({@link SyscallUnavailableException}) only after
 * {@link SyscallConfig#silenceMs()} without a word from the home, so a syscall that blocks at a
 * live home (futex WAIT, flock) waits as long as it blocks.
 *
 * <p>One instance per guest thread, used by that thread only; never on an event loop.
 */
public final class GuestThread {

    private final SyscallService service;
    private final long pid;
    private final long gtid;
    private final String home;
    private final GuestMemory memory;
    private final DsmAccess local;
    /** The process's CLOCK_MONOTONIC (its home's), made once: LOCAL calls like clock_gettime are frequent. */
    private final java.util.function.LongSupplier processClock;
    private long sequence;
    private boolean ended;

    GuestThread(SyscallService service, long pid, long gtid, String home, GuestMemory memory) {
        this.service = service;
        this.pid = pid;
        this.gtid = gtid;
        this.home = home;
        this.memory = memory;
        this.local = new DsmAccess(memory);
        this.processClock = () -> service.monotonicNanos(home);
    }

    public long pid() {
        return pid;
    }

    public long gtid() {
        return gtid;
    }

    /** Node id of the process's home. */
    public String home() {
        return home;
    }

    /** The process's memory on this thread's node. */
    public GuestMemory memory() {
        return memory;
    }

    /**
     * Issues syscall {@code nr} with up to six argument registers (missing ones are 0) and returns
     * what Linux returns: a value or -errno.
     *
     * @throws ThreadExitException after exit or exit_group (this thread's or another's): stop the thread
     * @throws SyscallUnavailableException when the home does not answer
     */
    public long syscall(int nr, long... registers) {
        return syscall(nr, null, registers);
    }

    /**
     * clone(2) of a thread whose code is a CPU context (a riscv64 guest): as
     * {@code syscall(Sysno.CLONE, flags, stack, parentTid, tls, childTid)}, and the home passes
     * {@code context} (the caller's registers at the ecall, at most {@code Limits.CONTEXT_MAX_BYTES})
     * in the ThreadStart to the node that starts the child.
     */
    public long cloneThread(byte[] context, long flags, long stack, long parentTid, long tls, long childTid) {
        if (context == null || context.length == 0 || context.length > io.procshare.codecs.Limits.CONTEXT_MAX_BYTES) {
            throw new IllegalArgumentException("a clone context is 1 to " + io.procshare.codecs.Limits.CONTEXT_MAX_BYTES
                    + " bytes, not " + (context == null ? "null" : context.length));
        }
        return syscall(io.procshare.verticles.syscall.Sysno.CLONE, context, flags, stack, parentTid, tls, childTid);
    }

    private long syscall(int nr, byte[] context, long... registers) {
        if (ended) {
            throw new IllegalStateException("pid " + pid + " gtid " + gtid + " has exited: no more syscalls");
        }
        long[] args = new long[6];
        System.arraycopy(registers, 0, args, 0, Math.min(6, registers.length));
        SyscallSpec spec = service.dispatcher().table().lookup(nr);
        if (spec == null) {
            service.missed().record(pid, nr); // counted per number for status (issue 12)
            return SyscallTable.ENOSYS_RESULT; // an invalid number never reaches an executor (DESIGN §6)
        }
        if (spec.route() == Route.LOCAL) {
            return service.dispatcher().execute(pid, gtid, nr, args, local, null, processClock);
        }
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("pid " + pid + " gtid " + gtid + ": syscall " + spec.name() + " from an event loop");
        }
        long ret;
        if (home.equals(service.nodeId())) {
            ProcessControl p = service.process(pid);
            if (p == null && service.endedHere(pid)) {
                ended = true;
                throw new ThreadExitException(pid, gtid, 0, true);
            }
            if (p == null) {
                throw new SyscallUnavailableException("pid " + pid + " is not homed on " + home + " any more");
            }
            try {
                ret = p.executeDirect(gtid, nr, args, context); // condition B: no request, no executor hop
            } catch (ThreadExitException e) {
                ended = true;
                throw e;
            }
        } else {
            long t0 = System.nanoTime();
            ret = forward(spec, args, context);
            service.counters().timer(SyscallCounters.FORWARD_LATENCY,
                    "a forwarded syscall, from the request to the home's answer")
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
        if (ProcessControl.endsThread(nr) && ret == 0) {
            ended = true;
            throw new ThreadExitException(pid, gtid, (int) args[0], nr != io.procshare.verticles.syscall.Sysno.EXIT);
        }
        return ret;
    }

    private long forward(SyscallSpec spec, long[] args, byte[] context) {
        long seq = ++sequence;
        List<GuestBytes> shipped = service.config().argumentShipping() ? Arguments.ship(spec, args, local) : null;
        List<ShippedBytes> input = new ArrayList<>(shipped == null ? 0 : shipped.size());
        if (shipped != null) {
            for (GuestBytes g : shipped) {
                input.add(new ShippedBytes(g.address(), Buffer.buffer(g.bytes())));
            }
        }
        int flags = shipped != null ? ForwardProtocol.SHIPPED : 0;
        if (context != null) {
            input.add(new ShippedBytes(0, Buffer.buffer(context)));
            flags |= ForwardProtocol.CONTEXT;
        }
        SyscallRequest request = new SyscallRequest(pid, gtid, seq, spec.number(), args, flags, input);
        SyscallReply reply = await(request, spec);
        long ret = reply.ret();
        for (ShippedBytes out : reply.output()) {
            // the output lands in guest memory here, as the thread would have stored it
            if (!local.write(out.address(), out.bytes().getBytes())) {
                ret = -Errno.EFAULT;
            }
        }
        return ret;
    }

    private SyscallReply await(SyscallRequest request, SyscallSpec spec) {
        SyscallConfig cfg = service.config();
        PeerGuard peers = service.peers();
        String address = Addresses.of(home, ForwardProtocol.SYSCALL);
        CompletableFuture<SyscallReply> result = new CompletableFuture<>();
        AtomicLong lastHeard = new AtomicLong(System.nanoTime());
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(2 * cfg.resendMs());
        int[] attempts = {0};
        service.counters().increment(SyscallCounters.FORWARDED);
        // one attempt: send, then wait up to resendMs for the reply of this or any earlier attempt
        // (same gtid and sequence). The first send always goes; so does a re-send while the home
        // answers this call ("still running": a blocking call keeps its re-sends, which are its
        // heartbeat); a re-send after a silence goes only if the home's breaker lets it
        CheckedSupplier<SyscallReply> attempt = () -> {
            boolean heard = System.nanoTime() - lastHeard.get() < TimeUnit.MILLISECONDS.toNanos(2 * cfg.resendMs());
            if (attempts[0]++ == 0 || heard || peers.permitResend(home)) {
                if (attempts[0] > 1) {
                    service.counters().increment(SyscallCounters.RESENT);
                }
                long sent = System.nanoTime();
                service.vertx().eventBus().<SyscallReply>request(address, request, options).onComplete(ar -> {
                    if (ar.succeeded()) {
                        peers.answered(home, sent);
                        result.complete(ar.result().body());
                    } else if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                        peers.answered(home, sent);
                        onFailure(re, result, lastHeard);
                    } else if (lastHeard.get() - sent < 0) {
                        // TIMEOUT or NO_HANDLERS, and not a word since this attempt went: silent. (A
                        // blocking call's attempt times out too, but its later re-sends were answered.)
                        peers.silent(home, sent);
                    }
                });
            }
            try {
                return service.forwarding().awaitAttempt(() -> result);
            } catch (TimeoutException e) {
                long silent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeard.get());
                throw new PeerGuard.NoAnswerYet("pid " + pid + " gtid " + gtid + ": " + spec.name() + " (sequence "
                        + request.sequence() + ") got no word from home " + home + " for " + silent
                        + " ms: the home is lost or stuck", silent < cfg.silenceMs());
            }
        };
        try {
            return service.forwarding().execute(attempt);
        } catch (ThreadExitException te) {
            ended = true;
            throw new ThreadExitException(te.pid(), te.gtid(), te.status(), te.group());
        } catch (SyscallUnavailableException e) {
            throw e;
        } catch (PeerGuard.NoAnswerYet e) {
            throw new SyscallUnavailableException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyscallUnavailableException("pid " + pid + " gtid " + gtid + ": interrupted while " + spec.name()
                    + " was forwarded to " + home);
        } catch (Throwable t) {
            throw new SyscallUnavailableException("pid " + pid + " gtid " + gtid + ": " + spec.name() + " forwarded to "
                    + home + " failed: " + t);
        }
    }

    private void onFailure(ReplyException re, CompletableFuture<SyscallReply> result, AtomicLong lastHeard) {
        switch (re.failureCode()) {
            case ForwardProtocol.IN_PROGRESS -> lastHeard.set(System.nanoTime()); // the home runs it: keep waiting
            case ForwardProtocol.STALE -> {
                // a duplicate of a request already answered: the live attempt gets the answer
            }
            case ForwardProtocol.EXITED -> result.completeExceptionally(new ThreadExitException(pid, gtid, 0, true));
            default -> result.completeExceptionally(new SyscallUnavailableException("pid " + pid + " gtid " + gtid
                    + ": home " + home + " refused the syscall (" + re.failureCode() + "): " + re.getMessage()));
        }
    }
}
