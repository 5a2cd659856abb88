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
 * thread. Requests pass through {@link ExactlyOnce} first: a retried request never runs twice, and
 * gets the outcome of the first, a failure as well as a reply.
 */
final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
    private static final SyscallRequest STOP = new SyscallRequest(0, 0, 0, -1, new long[6], 0, java.util.List.of());

    private final long pid;
    private final long gtid;
    private final ProcessControl process;
    private final NodeCounters counters;
    private final ExactlyOnce<ReplyTarget, Outcome> once = new ExactlyOnce<>();
    private final LinkedBlockingQueue<SyscallRequest> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean ended;
    /** Set once the loop ended and answered what was left in the queue (guarded by the queue). */
    private boolean drained;

    Executor(long pid, long gtid, ProcessControl process, NodeCounters counters) {
        this.pid = pid;
        this.gtid = gtid;
        this.process = process;
        this.counters = counters;
        this.thread = Thread.ofPlatform().daemon().name("executor-" + pid + "-" + gtid).start(this::loop);
    }

    /** Hands one request to this executor; answers duplicates without running them. */
    void submit(SyscallRequest request, ReplyTarget target) {
        if (isNew(request, target)) {
            synchronized (queue) { // with the loop's drain: a request is run or answered EXITED, never stranded
                if (!drained) {
                    queue.add(request);
                    return;
                }
            }
            finish(request.sequence(), new Outcome.Failed(ForwardProtocol.EXITED,
                    "thread " + gtid + " of pid " + pid + " has exited"));
        }
    }

    /**
     * Answers a new request with {@code outcome} without running it (a limit refused it), and keeps
     * that outcome as the request's own: a re-send of it, even one already on its way, gets the same
     * answer and never runs (issue 13, finding 2). A duplicate is answered as {@link #submit} would.
     */
    void refuse(SyscallRequest request, ReplyTarget target, Outcome outcome) {
        if (isNew(request, target)) {
            finish(request.sequence(), outcome);
        }
    }

    /**
     * Whether {@code request} is new and must run (or be refused); every other decision (a retry of
     * the running request, of the completed one, a stale one) is answered here.
     */
    private boolean isNew(SyscallRequest request, ReplyTarget target) {
        switch (once.onRequest(request.sequence(), target)) {
            case ExactlyOnce.Execute<ReplyTarget, Outcome> e -> {
                return true;
            }
            case ExactlyOnce.Attach<ReplyTarget, Outcome> a -> {
                if (a.superseded() != null) {
                    a.superseded().fail(ForwardProtocol.IN_PROGRESS, "pid " + pid + " gtid " + gtid
                            + " sequence " + request.sequence() + " is running");
                }
            }
            case ExactlyOnce.Replay<ReplyTarget, Outcome> r -> {
                counters.increment(SyscallCounters.REPLAYED);
                r.reply().deliver(target);
            }
            case ExactlyOnce.Stale<ReplyTarget, Outcome> st -> target.fail(ForwardProtocol.STALE,
                    "pid " + pid + " gtid " + gtid + " sequence " + request.sequence() + " is older than "
                            + once.lastSequence());
        }
        return false;
    }

    /** The running request ended with {@code outcome}: kept for its re-sends, sent to its latest target. */
    private void finish(long sequence, Outcome outcome) {
        outcome.deliver(once.complete(sequence, outcome));
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
        try {
            run();
        } finally {
            drain();
        }
    }

    /** Requests the loop will never run (it ended, or an interrupt cut its wait short) are answered EXITED. */
    private void drain() {
        ended = true;
        java.util.List<SyscallRequest> left = new java.util.ArrayList<>();
        synchronized (queue) {
            drained = true;
            queue.drainTo(left);
        }
        for (SyscallRequest r : left) {
            if (r != STOP) {
                finish(r.sequence(), new Outcome.Failed(ForwardProtocol.EXITED,
                        "thread " + gtid + " of pid " + pid + " has exited"));
            }
        }
    }

    private void run() {
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
                if (process.exited()) {
                    // the process ended under the call (its memory went with it): as exit_group, below
                    finish(r.sequence(), new Outcome.Failed(ForwardProtocol.EXITED,
                            "pid " + pid + " exited during syscall " + r.nr() + " of gtid " + gtid));
                    return;
                }
                finish(r.sequence(), new Outcome.Failed(ForwardProtocol.HOME_ERROR,
                        "pid " + pid + " gtid " + gtid + " syscall " + r.nr() + ": " + e));
                continue;
            }
            counters.increment(SyscallCounters.EXECUTED);
            if (process.exited() && !ProcessControl.endsThread(r.nr())) {
                // exit_group ended the process while this call ran: as on Linux, the thread never sees its return
                finish(r.sequence(), new Outcome.Failed(ForwardProtocol.EXITED,
                        "pid " + pid + " exited during syscall " + r.nr() + " of gtid " + gtid));
                return;
            }
            finish(r.sequence(), new Outcome.Replied(reply));
            if (r.nr() == Sysno.EXIT || r.nr() == Sysno.EXIT_GROUP) {
                ended = true;
                return;
            }
        }
    }
}
