package io.procshare.node.cli;

import io.procshare.node.client.BridgeClient;
import io.procshare.node.client.BridgeClient.BridgeException;
import io.procshare.node.client.BridgeClient.Frame;
import io.procshare.node.guest.BridgeStreams;
import io.procshare.node.guest.RunVerticle;
import io.procshare.node.guest.SubmitVerticle;
import io.procshare.verticles.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A process submitted through a node's bridge, seen from its client ({@code procshare submit},
 * {@code procshare demo}): {@link #submit} registers a fresh client address, sends the submission
 * to {@code procshare.submit} and returns once a home took it; {@link #stream} passes the
 * process's output on as it arrives and returns its exit.
 *
 * <p>No wait is forever: while streaming, after {@link Deadlines#idlePingMs} without a frame the
 * client pings the node and gives up ({@link ConnectionLost}) when nothing answers within
 * {@link Deadlines#pongTimeoutMs}; after {@link Deadlines#homeCheckMs} without output it asks the
 * cluster whether the home is still a member, and gives up when it is not; a check that gets no
 * answer within {@link #HOME_CHECK_TIMEOUT_MS} is followed by a ping at once.
 */
final class RemoteProcess {

    /** What to run: the submission's fields ({@code placement}, {@code home} null for the node's default). */
    record Request(String task, List<String> args, int threads, String placement, String home) {
        Request {
            args = List.copyOf(args);
        }

        JsonObject toJson(String clientAddress) {
            JsonObject json = new JsonObject().put("task", task).put("args", new JsonArray(new ArrayList<>(args)))
                    .put("threads", threads).put("client", clientAddress);
            if (placement != null) {
                json.put("placement", placement);
            }
            if (home != null) {
                json.put("home", home);
            }
            return json;
        }
    }

    /** Where one thread of the process ran. */
    record ThreadPlace(long gtid, String node) {
    }

    /** The end of the process: its exit status, the home's message (may be empty), its threads. */
    record Exit(int status, String message, List<ThreadPlace> threads) {
        Exit {
            threads = List.copyOf(threads);
        }

        /** The distinct nodes its threads ran on, in the order first seen. */
        List<String> nodes() {
            return threads.stream().map(ThreadPlace::node).distinct().toList();
        }
    }

    /** Receives the process's output: {@code stream} 1 (stdout) or 2 (stderr), raw bytes. */
    interface Output {
        void write(int stream, byte[] data);
    }

    /** The deadlines of a client; {@link #DEFAULT} in the CLI, shorter in tests. */
    record Deadlines(long submitMs, long registrationMs, long idlePingMs, long pongTimeoutMs, long homeCheckMs) {
        static final Deadlines DEFAULT = new Deadlines(30_000, 5_000, 5_000, 10_000, 2_000);
    }

    /** The cluster refused the submission (unknown task, bad arguments, bad placement): a usage error. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }

    /** The client can no longer follow the process: the connection or the home is gone. */
    static final class ConnectionLost extends RuntimeException {
        ConnectionLost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Deadline of the request that checks the home is still a member ({@code procshare.members},
     * which the client's own node answers from its membership view at once). Short, because the
     * client reads nothing else while it waits: a check that misses it is inconclusive, followed by
     * a ping, and made again after the next quiet period.
     */
    static final long HOME_CHECK_TIMEOUT_MS = 2_000;

    private final BridgeClient client;
    private final String clientAddress;
    private final Deadlines deadlines;
    private final long pid;
    private final String home;
    private final String homeId;
    /** The process's capability (issue 15): what a kill of it needs; null from a node that gives none. */
    private final String capability;

    /** Output bytes received and not yet acknowledged before an ack goes (the node's window is 1 MiB). */
    static final long ACK_STEP = 128 * 1024;
    /** While stdin has bytes to send, the loop looks at it this often. */
    private static final long STDIN_POLL_MS = 10;

    private RemoteProcess(BridgeClient client, String clientAddress, Deadlines deadlines, JsonObject reply) {
        this.client = client;
        this.clientAddress = clientAddress;
        this.deadlines = deadlines;
        this.pid = reply.getLong("pid");
        this.home = reply.getString("home", "?");
        this.homeId = reply.getString("homeId");
        this.capability = reply.getValue("cap") instanceof String c ? c : null;
    }

    /** The capability the home gave this submitter, or null. */
    String capability() {
        return capability;
    }

    /** The body of a {@code procshare.kill} of this process, with its capability. */
    JsonObject killRequest() {
        JsonObject kill = new JsonObject().put("pid", pid);
        if (capability != null) {
            kill.put("cap", capability);
        }
        return kill;
    }

    /**
     * Submits {@code request} through {@code client}, which then belongs to this process until
     * {@link #stream} returns.
     *
     * @throws Refused             when the cluster refused it (400 bad request, 404 unknown task)
     * @throws BridgeException     when the node did not answer or failed otherwise
     */
    static RemoteProcess submit(BridgeClient client, Request request, Deadlines deadlines) {
        String clientAddress = "procshare.client." + UUID.randomUUID();
        client.register(clientAddress);
        awaitRegistration(client, clientAddress, deadlines.registrationMs());
        JsonObject reply;
        try {
            reply = client.request(SubmitVerticle.SUBMIT, request.toJson(clientAddress),
                    (int) Math.min(Integer.MAX_VALUE, deadlines.submitMs()));
        } catch (BridgeException e) {
            if (e.failureCode() == SubmitVerticle.BAD_REQUEST || e.failureCode() == SubmitVerticle.NOT_FOUND) {
                throw new Refused(e.reason());
            }
            throw e;
        }
        if (!(reply.getValue("pid") instanceof Number)) {
            throw new BridgeException("node " + client.address() + " answered the submission without a pid: "
                    + reply.encode(), null);
        }
        return new RemoteProcess(client, clientAddress, deadlines, reply);
    }

    /** A riscv64 program to run: its file name and bytes, arguments, environment, placement, home. */
    record RunRequest(String name, byte[] image, List<String> args, List<String> env, String placement, String home,
                      boolean stdin, boolean[] tty) {
        RunRequest {
            args = List.copyOf(args);
            env = List.copyOf(env);
        }
    }

    /** Progress of an upload: bytes sent of the total. */
    interface UploadProgress {
        void sent(long bytes, long total);
    }

    /**
     * Ships {@code request}'s binary to the home in bounded chunks and starts it
     * ({@code RunVerticle}'s protocol); {@code client} then belongs to this process until
     * {@link #stream} returns.
     *
     * @throws Refused         when the node refused it (not a static riscv64 executable, bad placement or home)
     * @throws BridgeException when the node did not answer or failed otherwise
     */
    static RemoteProcess run(BridgeClient client, RunRequest request, Deadlines deadlines, UploadProgress progress) {
        String clientAddress = "procshare.client." + UUID.randomUUID();
        client.register(clientAddress);
        awaitRegistration(client, clientAddress, deadlines.registrationMs());
        int timeout = (int) Math.min(Integer.MAX_VALUE, deadlines.submitMs());
        try {
            JsonObject begin = new JsonObject().put("op", "begin").put("name", request.name())
                    .put("size", request.image().length);
            if (request.home() != null) {
                begin.put("home", request.home());
            }
            if (request.placement() != null) {
                begin.put("placement", request.placement());
            }
            JsonObject upload = client.request(RunVerticle.RUN, begin, timeout);
            String homeId = upload.getString("homeId");
            String id = upload.getString("upload");
            int chunk = Math.max(1, Math.min(RunVerticle.CHUNK_BYTES, upload.getInteger("chunk", RunVerticle.CHUNK_BYTES)));
            byte[] image = request.image();
            for (int off = 0; off < image.length; off += chunk) {
                int n = Math.min(chunk, image.length - off);
                client.request(RunVerticle.RUN, new JsonObject().put("op", "chunk").put("homeId", homeId).put("upload", id)
                        .put("offset", off).put("data", Base64.getEncoder().encodeToString(
                                java.util.Arrays.copyOfRange(image, off, off + n))), timeout);
                progress.sent(off + n, image.length);
            }
            JsonArray tty = new JsonArray();
            for (boolean t : request.tty()) {
                tty.add(t);
            }
            JsonObject start = new JsonObject().put("op", "start").put("homeId", homeId).put("upload", id)
                    .put("args", new JsonArray(new ArrayList<>(request.args())))
                    .put("env", new JsonArray(new ArrayList<>(request.env())))
                    .put("client", clientAddress).put("stdin", request.stdin()).put("tty", tty);
            if (request.placement() != null) {
                start.put("placement", request.placement());
            }
            JsonObject reply = client.request(RunVerticle.RUN, start, timeout);
            if (!(reply.getValue("pid") instanceof Number)) {
                throw new BridgeException("node " + client.address() + " answered the run without a pid: " + reply.encode(), null);
            }
            return new RemoteProcess(client, clientAddress, deadlines, reply);
        } catch (BridgeException e) {
            if (e.failureCode() == SubmitVerticle.BAD_REQUEST || e.failureCode() == SubmitVerticle.NOT_FOUND) {
                throw new Refused(e.reason());
            }
            throw e;
        }
    }

    /**
     * The bridge registers a client's address on the event bus a moment after the register frame;
     * output sent before would be lost. A message the client sends itself through the cluster
     * proves the registration is there.
     */
    private static void awaitRegistration(BridgeClient client, String address, long timeoutMs) {
        String nonce = UUID.randomUUID().toString();
        JsonObject probe = new JsonObject().put("type", "probe").put("nonce", nonce);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        client.send(address, probe);
        long resendAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (true) {
            long now = System.nanoTime();
            if (now - deadline > 0) {
                throw new BridgeException("node " + client.address() + " did not deliver messages to this client's "
                        + "address within " + timeoutMs + " ms; is it overloaded?", null);
            }
            if (now - resendAt > 0) {
                client.send(address, probe); // the first probe may have found no handler yet: it is dropped
                resendAt = now + TimeUnit.MILLISECONDS.toNanos(200);
            }
            Frame f = client.receive(Math.max(1, TimeUnit.NANOSECONDS.toMillis(resendAt - now)));
            if (f == null) {
                continue;
            }
            if ("err".equals(f.type())) {
                throw new BridgeException("node " + client.address() + " refused to register " + address + ": "
                        + f.json().getString("message", f.json().encode()), null);
            }
            if (f.isMessageTo(address) && f.body() != null && nonce.equals(f.body().getString("nonce"))) {
                return;
            }
        }
    }

    long pid() {
        return pid;
    }

    /** The name of the node that homes the process. */
    String home() {
        return home;
    }

    /** The bridge this client talks to, {@code host:port}. */
    String node() {
        return client.address();
    }

    /**
     * Passes the output on to {@code output} as it arrives; returns when the process exits.
     *
     * @throws ConnectionLost when the connection closes, a ping goes unanswered, or the home left
     */
    Exit stream(Output output) {
        return stream(output, null);
    }

    /**
     * As {@link #stream(Output)}, and feeds {@code stdin} (or nothing, when null) to the process's
     * fd 0 within the home's window; acknowledges output as it is written, so the home sends more.
     */
    Exit stream(Output output, StdinPump stdin) {
        long lastHeard = System.nanoTime();
        long lastOutput = lastHeard;
        long pingSentAt = 0;
        boolean pinged = false;
        long received = 0;
        long acked = 0;
        long stdinSent = 0;
        long stdinCredit = 0;
        boolean stdinDone = stdin == null;
        while (true) {
            // stdin first: as much as the home's window allows
            while (!stdinDone && stdinSent - stdinCredit < BridgeStreams.STDIN_WINDOW) {
                StdinPump.Piece piece = stdin.poll((int) Math.min(RunVerticle.STDIN_CHUNK,
                        BridgeStreams.STDIN_WINDOW - (stdinSent - stdinCredit)));
                if (piece == null) {
                    break;
                }
                JsonObject io = io().put("stdin", Base64.getEncoder().encodeToString(piece.data()));
                if (piece.eof()) {
                    io.put("eof", true);
                    stdinDone = true;
                }
                sendIo(io);
                stdinSent += piece.data().length;
            }
            long now = System.nanoTime();
            long waitMs = pinged
                    ? deadlines.pongTimeoutMs() - TimeUnit.NANOSECONDS.toMillis(now - pingSentAt)
                    : deadlines.idlePingMs() - TimeUnit.NANOSECONDS.toMillis(now - lastHeard);
            boolean polling = !stdinDone && stdinSent - stdinCredit < BridgeStreams.STDIN_WINDOW;
            Frame f;
            try {
                f = waitMs > 0 ? client.receive(polling ? Math.min(waitMs, STDIN_POLL_MS) : waitMs) : null;
            } catch (BridgeException e) {
                throw lost(why(e), e);
            }
            now = System.nanoTime();
            if (f == null) {
                if (received > acked) {
                    acked = ack(received); // quiet: say what arrived, whatever the step
                }
                if (polling && waitMs > STDIN_POLL_MS) {
                    continue; // only stdin's poll interval passed
                }
                if (pinged) {
                    throw lost("no answer to a ping within " + deadlines.pongTimeoutMs() + " ms", null);
                }
                if (TimeUnit.NANOSECONDS.toMillis(now - lastOutput) >= deadlines.homeCheckMs()) {
                    boolean answered = checkHome();
                    lastOutput = System.nanoTime(); // the next check after another quiet period
                    lastHeard = lastOutput;
                    if (!answered) { // whether the connection still works, a ping tells
                        try {
                            client.ping();
                        } catch (BridgeException e) {
                            throw lost(why(e), e);
                        }
                        pinged = true;
                        pingSentAt = lastOutput;
                    }
                    continue;
                }
                try {
                    client.ping();
                } catch (BridgeException e) {
                    throw lost(why(e), e);
                }
                pinged = true;
                pingSentAt = now;
                continue;
            }
            lastHeard = now;
            pinged = false;
            if (!f.isMessageTo(clientAddress) || f.body() == null) {
                continue; // a pong, or a message for no one here
            }
            JsonObject body = f.body();
            switch (body.getString("type", "")) {
                case "out" -> {
                    lastOutput = now;
                    byte[] data = Base64.getDecoder().decode(body.getString("data", ""));
                    output.write(body.getInteger("stream", 1), data);
                    received = body.getLong("end", received + data.length);
                    if (received - acked >= ACK_STEP) {
                        acked = ack(received);
                    }
                }
                case "credit" -> stdinCredit = Math.max(stdinCredit, body.getLong("stdin", 0L));
                case "exit" -> {
                    List<ThreadPlace> threads = new ArrayList<>();
                    for (Object o : body.getJsonArray("threads", new JsonArray())) {
                        JsonObject t = (JsonObject) o;
                        threads.add(new ThreadPlace(t.getLong("gtid", -1L), t.getString("node", "?")));
                    }
                    try {
                        client.unregister(clientAddress);
                    } catch (BridgeException ignored) {
                        // the process is over; the node drops the registration with the connection anyway
                    }
                    return new Exit(body.getInteger("status", 1), body.getString("message", ""), threads);
                }
                default -> {
                    // a late registration probe, or the home asking whether this client is still there
                }
            }
        }
    }

    private JsonObject io() {
        return new JsonObject().put("op", "io").put("homeId", homeId).put("pid", pid).put("cap", capability);
    }

    private long ack(long received) {
        if (capability != null && homeId != null) {
            sendIo(io().put("ack", received));
        }
        return received;
    }

    private void sendIo(JsonObject io) {
        try {
            client.send(RunVerticle.RUN, io);
        } catch (BridgeException e) {
            throw lost(why(e), e);
        }
    }

    /**
     * Asks the cluster whether the home is still a member; a quiet process on a live home goes on.
     *
     * @return false when no answer came in time (the bridge's deadline or ours): the cluster could
     *         not say, and the caller checks the connection
     */
    private boolean checkHome() {
        JsonObject status;
        try {
            status = client.request(Addresses.CLIENT_MEMBERS, new JsonObject(), (int) HOME_CHECK_TIMEOUT_MS);
        } catch (BridgeException e) {
            if (e.getCause() instanceof IOException) {
                throw lost(why(e), e); // the connection failed or closed
            }
            // the node refused (it answered: the connection is fine), or nothing came in time
            return e.failureCode() != BridgeClient.NO_FAILURE_CODE;
        }
        if (homeId == null) {
            return true;
        }
        boolean present = status.getJsonArray("members", new JsonArray()).stream()
                .anyMatch(m -> homeId.equals(((JsonObject) m).getString("id")));
        if (!present) {
            throw new ConnectionLost("node " + home + " lost: it was the home of pid " + pid + ", which ended with it"
                    + " (the rest of its output is lost)", null);
        }
        return true;
    }

    /** What went wrong with the connection, without the client's "connection to … failed" prefix. */
    private static String why(BridgeException e) {
        return e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
    }

    private ConnectionLost lost(String why, Throwable cause) {
        return new ConnectionLost("lost the connection to node " + client.address() + "; pid " + pid
                + " may still be running (" + why + ")", cause);
    }
}
