package io.procshare.verticles.exec;

import io.procshare.codecs.SyscallReply;
import io.procshare.codecs.SyscallRequest;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.syscall.Sysno;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor of one guest thread at the home (the paper's 実行スレッド): a dedicated platform
 * thread, made by the creator when the thread-created notice arrives, that runs that guest
 * thread's forwarded syscalls one after another, so each runs as if the process had issued it
 * here. A blocking call (flock LOCK_EX, futex WAIT, read of an empty pipe) blocks only this
 * thread. Requests pass through {@link ExactlyOnce} first: a retried request never runs twice.
 */
final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
    private static final SyscallRequest STOP = new SyscallRequest(0, 0, 0, -1, new long[6], 0, java.util.List.of());

    private final long pid;
    private final long gtid;
    private final ProcessControl process;
    private final NodeCounters counters;
    private final ExactlyOnce<ReplyTarget, SyscallReply> once = new ExactlyOnce<>();
    private final LinkedBlockingQueue<SyscallRequest> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean ended;

    Executor(long pid, long gtid, ProcessControl process, NodeCounters counters) {
        this.pid = pid;
        this.gtid = gtid;
        this.process = process;
        this.counters = counters;
        this.thread = Thread.ofPlatform().daemon().name("executor-" + pid + "-" + gtid).start(this::loop);
    }

    /** Hands one request to this executor; answers duplicates without running them. */
    void submit(SyscallRequest request, ReplyTarget target) {
        switch (once.onRequest(request.sequence(), target)) {
            case ExactlyOnce.Execute<ReplyTarget, SyscallReply> e -> {
                if (ended) {
                    once.complete(request.sequence(), null);
                    target.fail(ForwardProtocol.EXITED, "thread " + gtid + " of pid " + pid + " has exited");
                } else {
                    queue.add(request);
                }
            }
            case ExactlyOnce.Attach<ReplyTarget, SyscallReply> a -> {
                if (a.superseded() != null) {
                    a.superseded().fail(ForwardProtocol.IN_PROGRESS, "pid " + pid + " gtid " + gtid
                            + " sequence " + request.sequence() + " is running");
                }
            }
            case ExactlyOnce.Replay<ReplyTarget, SyscallReply> r -> {
                counters.increment(SyscallCounters.REPLAYED);
                target.reply(r.reply());
            }
            case ExactlyOnce.Stale<ReplyTarget, SyscallReply> s -> target.fail(ForwardProtocol.STALE,
                    "pid " + pid + " gtid " + gtid + " sequence " + request.sequence() + " is older than "
                            + once.lastSequence());
        }
    }

    /** Ends the executor: after the request it runs, or now if it waits for one. */
    void stop() {
        ended = true;
        queue.add(STOP);
        if (Thread.currentThread() != thread) {
            thread.interrupt(); // a futex WAIT returns -EINTR; a native call in progress finishes first
        }
    }

    boolean isEnded() {
        return ended;
    }

    private void loop() {
        while (true) {
            SyscallRequest r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                if (ended) {
                    return;
                }
                continue;
            }
            if (r == STOP) {
                return;
            }
            SyscallReply reply;
            try {
                reply = process.executeForwarded(gtid, r);
            } catch (RuntimeException e) {
                LOG.warn("pid {} gtid {}: syscall {} failed at the home: {}", pid, gtid, r.nr(), e.toString());
                ReplyTarget t = once.complete(r.sequence(), null);
                if (t != null) {
                    t.fail(ForwardProtocol.HOME_ERROR, "pid " + pid + " gtid " + gtid + " syscall " + r.nr() + ": " + e);
                }
                continue;
            }
            counters.increment(SyscallCounters.EXECUTED);
            if (process.exited() && !ProcessControl.endsThread(r.nr())) {
                // exit_group ended the process while this call ran: as on Linux, the thread never sees its return
                ReplyTarget t = once.complete(r.sequence(), null);
                if (t != null) {
                    t.fail(ForwardProtocol.EXITED, "pid " + pid + " exited during syscall " + r.nr() + " of gtid " + gtid);
                }
                return;
            }
            ReplyTarget t = once.complete(r.sequence(), reply);
            if (t != null) {
                t.reply(reply);
            }
            if (r.nr() == Sysno.EXIT || r.nr() == Sysno.EXIT_GROUP) {
                ended = true;
                return;
            }
        }
    }
}
