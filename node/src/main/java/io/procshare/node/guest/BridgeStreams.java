package io.procshare.node.guest;

import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.Errno;
import io.vertx.core.Context;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guest fds 0/1/2 of a submitted process, connected to its client over the event bus (the client
 * registered {@code clientAddress} through the bridge). Every message to the client goes through
 * one context, in the order the guest wrote, and the exit message comes last:
 * <ul>
 *   <li>{@code {"type":"out","pid":P,"stream":1|2,"data":BASE64,"end":OFFSET}} for each piece of a
 *       write to fd 1 or 2 (at most {@link #OUTPUT_CHUNK} bytes; {@code end} is the count of output
 *       bytes sent so far, this piece included);</li>
 *   <li>{@code {"type":"credit","pid":P,"stdin":N}}: the guest has consumed N bytes of stdin in all;</li>
 *   <li>{@code {"type":"exit","pid":P,"status":S,"message":M,"threads":[{"gtid":G,"node":NAME},...]}}
 *       once, when the process ends.</li>
 * </ul>
 *
 * <p><b>Flow control, both ways</b> (a program that writes without end, or a client that pipes
 * gigabytes in, must not grow a node's heap). Output: at most {@link #OUTPUT_WINDOW} bytes are sent
 * and not yet acknowledged ({@link #ack}); a writer beyond it waits, so the guest's write blocks as
 * it would on a full pipe. While it waits the home asks every few seconds whether the client's
 * address still has a handler: when it has none (the client is gone) the write fails with EPIPE.
 * Input: the client may have at most {@link #STDIN_WINDOW} bytes sent and not yet consumed (the
 * credit messages say how many were); the buffer here never holds more, and bytes beyond the window
 * are dropped and counted as a protocol violation. Without stdin (a Java task) fd 0 reads end of
 * file at once.
 */
public final class BridgeStreams implements ClientStreams {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeStreams.class);

    /** Largest piece of output in one message. */
    public static final int OUTPUT_CHUNK = 64 * 1024;
    /** Output bytes sent to the client and not yet acknowledged, at most. */
    public static final long OUTPUT_WINDOW = 1 << 20;
    /** Stdin bytes the client may send beyond what the guest consumed. */
    public static final int STDIN_WINDOW = 256 * 1024;
    /** A writer blocked this long on the window asks whether the client is still there. */
    static final long LIVENESS_CHECK_MS = 3_000;
    /** Stdin bytes consumed before the guest tells the client (or when its buffer runs empty). */
    private static final int CREDIT_STEP = 32 * 1024;

    private final long pid;
    private final String clientAddress;
    private final String key;
    private final EventBus eventBus;
    private final Context context;
    private final boolean stdinFromClient;
    private final boolean[] terminal;
    private boolean closedOnContext; // after the exit message nothing more goes to the client

    private final Object lock = new Object();
    private long sent;          // output bytes handed to the event bus
    private long acked;         // output bytes the client acknowledged
    private boolean ended;      // the process ended: writers and readers stop waiting
    private boolean clientGone; // the client's address has no handler any more
    private long lastLivenessCheck;
    private final ArrayDeque<byte[]> stdin = new ArrayDeque<>();
    private int stdinHead;      // bytes of stdin.peekFirst() already read
    private int stdinBuffered;
    private boolean stdinEof;
    private long stdinConsumed;
    private long stdinCredited;
    private long violations;

    /**
     * @param key             the capability the client proves with its io messages
     * @param stdinFromClient whether the client feeds fd 0 (else it reads end of file)
     * @param terminal        per stream 0/1/2, whether the client's stream is a terminal
     */
    BridgeStreams(long pid, String clientAddress, String key, EventBus eventBus, Context context,
                  boolean stdinFromClient, boolean[] terminal) {
        this.pid = pid;
        this.clientAddress = clientAddress;
        this.key = key;
        this.eventBus = eventBus;
        this.context = context;
        this.stdinFromClient = stdinFromClient;
        this.terminal = terminal.clone();
    }

    BridgeStreams(long pid, String clientAddress, String key, EventBus eventBus, Context context) {
        this(pid, clientAddress, key, eventBus, context, false, new boolean[3]);
    }

    /** The process's capability: io messages that do not carry it are refused. */
    String key() {
        return key;
    }

    @Override
    public boolean isTerminal(int stream) {
        return stream >= 0 && stream < terminal.length && terminal[stream];
    }

    @Override
    public long write(int stream, byte[] data) {
        int done = 0;
        while (done < data.length) {
            int n = Math.min(OUTPUT_CHUNK, data.length - done);
            long end;
            synchronized (lock) {
                lastLivenessCheck = System.nanoTime(); // the first check comes after a while of waiting
                while (!ended && !clientGone && sent - acked + n > OUTPUT_WINDOW) {
                    awaitWindow();
                }
                if (clientGone) {
                    return done > 0 ? done : -Errno.EPIPE;
                }
                if (ended) {
                    return done > 0 ? done : n; // the process is ending: what it writes now goes nowhere
                }
                sent += n;
                end = sent;
            }
            JsonObject out = new JsonObject().put("type", "out").put("pid", pid).put("stream", stream)
                    .put("data", Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(data, done, done + n)))
                    .put("end", end);
            context.runOnContext(v -> {
                if (!closedOnContext) {
                    eventBus.send(clientAddress, out);
                }
            });
            done += n;
        }
        return data.length;
    }

    /** Holds the lock; waits a while for the window to open, and now and then checks the client. */
    private void awaitWindow() {
        long now = System.nanoTime();
        if (now - lastLivenessCheck > TimeUnit.MILLISECONDS.toNanos(LIVENESS_CHECK_MS)) {
            lastLivenessCheck = now;
            checkClient();
        }
        try {
            lock.wait(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = true;
        }
    }

    /**
     * A request to the client's address that no one answers: NO_HANDLERS says the client is gone,
     * a timeout says it is there but slow (a client never answers these).
     */
    private void checkClient() {
        context.runOnContext(v -> eventBus.request(clientAddress, new JsonObject().put("type", "alive").put("pid", pid),
                new DeliveryOptions().setSendTimeout(1_000)).onComplete(ar -> {
                    if (ar.failed() && ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
                        LOG.info("pid {}: client {} is gone; its output is refused (EPIPE)", pid, clientAddress);
                        synchronized (lock) {
                            clientGone = true;
                            lock.notifyAll();
                        }
                    }
                }));
    }

    /** The client has received {@code end} output bytes in all. Any thread. */
    void ack(long end) {
        synchronized (lock) {
            if (end > acked && end <= sent) {
                acked = end;
                lock.notifyAll();
            } else if (end > sent) {
                violations++;
            }
        }
    }

    /**
     * Bytes for fd 0 from the client (or its end). Bytes beyond {@link #STDIN_WINDOW} are dropped
     * and counted. Any thread.
     *
     * @return false when the bytes broke the window (a protocol violation)
     */
    boolean stdin(byte[] data, boolean eof) {
        synchronized (lock) {
            if (!stdinFromClient || stdinEof) {
                violations++;
                return false;
            }
            boolean ok = true;
            if (data.length > 0) {
                if (stdinBuffered + (long) data.length > STDIN_WINDOW) {
                    violations++;
                    ok = false;
                } else {
                    stdin.addLast(data);
                    stdinBuffered += data.length;
                }
            }
            if (eof) {
                stdinEof = true;
            }
            lock.notifyAll();
            return ok;
        }
    }

    /** Protocol violations by the client so far (io beyond its windows). */
    long violations() {
        synchronized (lock) {
            return violations;
        }
    }

    @Override
    public long read(byte[] into) {
        if (!stdinFromClient || into.length == 0) {
            return 0;
        }
        int n = 0;
        long credit = -1;
        synchronized (lock) {
            while (stdin.isEmpty() && !stdinEof && !ended) {
                try {
                    lock.wait(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -Errno.EINTR;
                }
            }
            while (n < into.length && !stdin.isEmpty()) {
                byte[] head = stdin.peekFirst();
                int k = Math.min(into.length - n, head.length - stdinHead);
                System.arraycopy(head, stdinHead, into, n, k);
                n += k;
                stdinHead += k;
                if (stdinHead == head.length) {
                    stdin.pollFirst();
                    stdinHead = 0;
                }
            }
            stdinBuffered -= n;
            stdinConsumed += n;
            if (stdinConsumed - stdinCredited >= CREDIT_STEP || (stdin.isEmpty() && stdinConsumed > stdinCredited)) {
                stdinCredited = stdinConsumed;
                credit = stdinConsumed;
            }
        }
        if (credit >= 0) {
            JsonObject msg = new JsonObject().put("type", "credit").put("pid", pid).put("stdin", credit);
            context.runOnContext(v -> {
                if (!closedOnContext) {
                    eventBus.send(clientAddress, msg);
                }
            });
        }
        return n;
    }

    /** The last message: the process ended. Any thread. */
    void exit(int status, String message, JsonArray threads) {
        synchronized (lock) {
            ended = true;
            stdin.clear();
            stdinBuffered = 0;
            lock.notifyAll();
        }
        JsonObject exit = new JsonObject().put("type", "exit").put("pid", pid).put("status", status)
                .put("message", message).put("threads", threads);
        context.runOnContext(v -> {
            closedOnContext = true; // a write that raced with the end (another thread's exit_group, a kill) is dropped
            eventBus.send(clientAddress, exit);
        });
    }
}
