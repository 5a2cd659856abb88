package io.procshare.verticles.exec;

import io.procshare.codecs.ThreadStart;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thread starts a node was asked for, by (pid, gtid), so that the start handshake with the home
 * is idempotent (issue 13, finding 3): a re-sent {@code ThreadStart} never launches the thread
 * twice (it waits for the first launch and gets its answer), and a cancel from a home that gave up
 * either stops the start for good (it had not begun) or tells the home that the thread runs. The
 * last {@link #REMEMBERED} starts are remembered; the home gives up long before one is forgotten.
 * Thread-safe.
 */
final class ThreadStarts {

    static final int REMEMBERED = 4096;

    private enum State { STARTING, STARTED, FAILED, CANCELLED }

    private static final class Start {
        State state = State.STARTING;
        String failure;
        ThreadStart start;
        final List<Message<?>> waiting = new ArrayList<>();
    }

    private final Map<String, Start> entries = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Start> eldest) {
            return size() > REMEMBERED;
        }
    };

    private static String key(long pid, long gtid) {
        return pid + "/" + gtid;
    }

    /**
     * A start request arrived; returns true when it is the first and the caller must launch the
     * thread. A repeat is answered here (as the first launch ended) or when that launch ends.
     */
    boolean begin(long pid, long gtid, Message<?> request) {
        Start e;
        synchronized (entries) {
            e = entries.get(key(pid, gtid));
            if (e == null) {
                e = new Start();
                e.waiting.add(request);
                entries.put(key(pid, gtid), e);
                return true;
            }
            if (e.state == State.STARTING) {
                e.waiting.add(request);
                return false;
            }
        }
        answer(e, List.of(request));
        return false;
    }

    /** The launch succeeded: every request for it is acked. */
    void started(long pid, long gtid, ThreadStart start) {
        finish(pid, gtid, State.STARTED, null, start);
    }

    /** The launch failed: every request for it is refused with {@code why}. */
    void failed(long pid, long gtid, String why) {
        finish(pid, gtid, State.FAILED, why, null);
    }

    /**
     * The home gave up: returns whether the thread started (or is starting: it will run); if it had
     * not, it never will, and a start request arriving later is refused.
     */
    boolean cancel(long pid, long gtid) {
        synchronized (entries) {
            Start e = entries.get(key(pid, gtid));
            if (e == null) {
                e = new Start();
                e.state = State.CANCELLED;
                entries.put(key(pid, gtid), e);
                return false;
            }
            return e.state == State.STARTING || e.state == State.STARTED;
        }
    }

    private void finish(long pid, long gtid, State state, String failure, ThreadStart start) {
        Start e;
        List<Message<?>> waiting;
        synchronized (entries) {
            e = entries.get(key(pid, gtid));
            if (e == null) {
                return; // forgotten meanwhile: nobody waits any more
            }
            e.state = state;
            e.failure = failure;
            e.start = start;
            waiting = new ArrayList<>(e.waiting);
            e.waiting.clear();
        }
        answer(e, waiting);
    }

    private static void answer(Start e, List<Message<?>> requests) {
        for (Message<?> m : requests) {
            switch (e.state) {
                case STARTED -> m.reply(e.start);
                case FAILED -> m.fail(ForwardProtocol.HOME_ERROR, e.failure);
                case CANCELLED -> m.fail(ForwardProtocol.EXITED, "the start was cancelled by the home");
                case STARTING -> throw new IllegalStateException("answering a start still in progress");
            }
        }
    }
}
