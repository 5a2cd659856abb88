package io.procshare.node.guest;

import io.procshare.codecs.Limits;
import io.procshare.node.guest.riscv.BadImageException;
import io.procshare.node.guest.riscv.RiscvRunner;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.exec.ClusterNode;
import io.procshare.verticles.exec.Placement;
import io.procshare.verticles.exec.SyscallService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code procshare run} at the node (DESIGN §8): a riscv64 binary shipped by a client in bounded
 * chunks, started as a shared process, and the client's io (stdin, output acknowledgements) for it
 * and for submitted Java tasks.
 *
 * <p>The client talks to {@value #RUN} on the node it is connected to (a local consumer), which
 * relays each operation to the home's {@code procshare.<nodeId>.run}; the home is the node the
 * {@code begin} names, else this one. Operations (JSON, field {@code op}):
 * <ul>
 *   <li>{@code begin {name, size, home?, placement?}} → {@code {upload, chunk, homeId}}: the client's node
 *       checks the placement against the members; the home reserves
 *       {@code size} bytes (at most {@link Limits#IMAGE_MAX_BYTES}, and {@link #UPLOADS_MAX_BYTES} for
 *       all uploads of a node);</li>
 *   <li>{@code chunk {homeId, upload, offset, data}} → {@code {received}}: the next piece, in order,
 *       at most {@link #CHUNK_BYTES} (a re-sent piece is acknowledged again, not stored twice);</li>
 *   <li>{@code start {homeId, upload, args, env, placement, client, stdin, tty}} → {@code {pid, home,
 *       homeId, cap}}: the image is checked (400 with the reason when it is not a static riscv64
 *       executable; nothing runs) and runs; its output goes to {@code client} ({@link BridgeStreams});</li>
 *   <li>{@code io {homeId, pid, cap, ack?, stdin?, eof?}} (no reply): the client received {@code ack}
 *       output bytes in all; bytes for fd 0 and its end. Refused without the process's capability.</li>
 * </ul>
 * An upload that has not moved for {@link #UPLOAD_IDLE_MS} is dropped.
 */
public final class RunVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(RunVerticle.class);

    /** The client service (a local consumer on every node). */
    public static final String RUN = "procshare.run";
    static final String NODE_RUN = "run";
    /** Largest piece of an upload (raw bytes; base64 in the frame). */
    public static final int CHUNK_BYTES = 512 * 1024;
    /** Bytes of all uploads in progress on one node, at most. */
    static final long UPLOADS_MAX_BYTES = 256L << 20;
    static final long UPLOAD_IDLE_MS = 60_000;
    /** Largest stdin piece in one io message. */
    public static final int STDIN_CHUNK = 64 * 1024;
    public static final int BAD_REQUEST = SubmitVerticle.BAD_REQUEST;
    public static final int FAILED = SubmitVerticle.FAILED;
    /** Counter of run operations refused (bad fields, unknown upload, over a limit, wrong key). */
    public static final String REFUSED = "run.refused";

    private final String nodeId;
    private final String nodeName;
    private final SyscallService syscalls;
    private final RiscvRunner runner;
    private final LongSupplier pids;
    private final ClientChannels clients;
    private final ProcessCapabilities capabilities;
    private final NodeCounters counters;
    private final long timeoutMs;
    private final FrameGuard guard;
    private final Map<String, Upload> uploads = new HashMap<>(); // event-loop confined
    private long uploadBytes;
    private long nextUpload;

    private static final class Upload {
        final String id;
        final String name;
        final byte[] bytes;
        int received;
        long touched = System.nanoTime();
        boolean starting;

        Upload(String id, String name, int size) {
            this.id = id;
            this.name = name;
            this.bytes = new byte[size];
        }
    }

    public RunVerticle(String nodeId, String nodeName, SyscallService syscalls, RiscvRunner runner, LongSupplier pids,
                       ClientChannels clients, ProcessCapabilities capabilities, NodeCounters counters, long timeoutMs) {
        this.nodeId = nodeId;
        this.nodeName = nodeName;
        this.syscalls = syscalls;
        this.runner = runner;
        this.pids = pids;
        this.clients = clients;
        this.capabilities = capabilities;
        this.counters = counters;
        this.timeoutMs = timeoutMs;
        this.guard = new FrameGuard(counters);
    }

    @Override
    public Future<?> start() {
        var relay = vertx.eventBus().<Object>localConsumer(RUN, this::onClient);
        var home = vertx.eventBus().<Object>consumer(Addresses.of(nodeId, NODE_RUN), this::onHome);
        vertx.setPeriodic(UPLOAD_IDLE_MS / 4, id -> expireUploads());
        return Future.all(relay.completion(), home.completion());
    }

    /** At the client's node: relay the operation to the home it names (begin: the home it picks). */
    private void onClient(Message<Object> message) {
        if (!(message.body() instanceof JsonObject body) || !(body.getValue("op") instanceof String op)) {
            refuse(message, "a run message is a JSON object with a string field 'op'");
            return;
        }
        String target;
        if (op.equals("begin") && body.getValue("placement") instanceof String p) {
            try { // before the upload: a placement that names no member fails now, not after the last chunk
                Placement.parse(p).validate(syscalls.clusterNodes());
            } catch (IllegalArgumentException e) {
                refuse(message, "placement: " + e.getMessage());
                return;
            }
        }
        if (op.equals("begin")) {
            String home = body.getValue("home") instanceof String h ? h.strip() : "";
            if (home.isEmpty() || home.equals(nodeName)) {
                target = nodeId;
            } else {
                target = syscalls.clusterNodes().stream().filter(n -> n.name().equals(home)).map(ClusterNode::nodeId)
                        .findFirst().orElse(null);
                if (target == null) {
                    refuse(message, "home: no node named '" + home + "' in the cluster (nodes: " + String.join(", ",
                            syscalls.clusterNodes().stream().map(ClusterNode::name).sorted().toList()) + ")");
                    return;
                }
            }
        } else {
            Object homeId = body.getValue("homeId");
            if (!(homeId instanceof String h) || syscalls.clusterNodes().stream().noneMatch(n -> n.nodeId().equals(h))) {
                refuse(message, "field 'homeId' must name a member of the cluster, not " + homeId);
                return;
            }
            target = h;
        }
        JsonObject copy = body.copy();
        if (op.equals("io")) {
            vertx.eventBus().send(Addresses.of(target, NODE_RUN), copy);
            return;
        }
        vertx.eventBus().<Object>request(Addresses.of(target, NODE_RUN), copy, new DeliveryOptions().setSendTimeout(timeoutMs))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        message.reply(ar.result().body());
                    } else if (ar.cause() instanceof ReplyException re && re.failureCode() > 0) {
                        message.fail(re.failureCode(), re.getMessage());
                    } else {
                        message.fail(FAILED, op + " at the home failed: " + ar.cause().getMessage());
                    }
                });
    }

    private void onHome(Message<Object> message) {
        if (!(message.body() instanceof JsonObject body) || !(body.getValue("op") instanceof String op)) {
            refuse(message, "a run message is a JSON object with a string field 'op'");
            return;
        }
        try {
            switch (op) {
                case "begin" -> begin(message, body);
                case "chunk" -> chunk(message, body);
                case "start" -> start(message, body);
                case "io" -> io(body);
                default -> refuse(message, "unknown op '" + op + "' (begin, chunk, start, io)");
            }
        } catch (IllegalArgumentException | ClassCastException e) {
            refuse(message, op + ": " + e.getMessage());
        }
    }

    private void begin(Message<Object> message, JsonObject body) {
        String name = string(body, "name");
        if (name.isEmpty() || name.length() > 255 || name.contains("/") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("field 'name' must be a file name of 1 to 255 characters without '/'");
        }
        long size = number(body, "size");
        if (size <= 0 || size > Limits.IMAGE_MAX_BYTES) {
            throw new IllegalArgumentException("field 'size' must be 1 to " + Limits.IMAGE_MAX_BYTES + " bytes, not " + size);
        }
        if (uploadBytes + size > UPLOADS_MAX_BYTES) {
            counters.increment(REFUSED);
            message.fail(FAILED, "node " + nodeName + " holds " + (uploadBytes >> 20) + " MiB of uploads already (at most "
                    + (UPLOADS_MAX_BYTES >> 20) + " MiB): try again in a minute");
            return;
        }
        String id = nodeId + "-" + (++nextUpload);
        uploads.put(id, new Upload(id, name, (int) size));
        uploadBytes += size;
        message.reply(new JsonObject().put("upload", id).put("chunk", CHUNK_BYTES).put("homeId", nodeId).put("home", nodeName));
    }

    private void chunk(Message<Object> message, JsonObject body) {
        Upload u = upload(body);
        long offset = number(body, "offset");
        String data = string(body, "data");
        if (data.length() > (CHUNK_BYTES / 3 + 1) * 4) {
            throw new IllegalArgumentException("field 'data' is over " + CHUNK_BYTES + " bytes");
        }
        byte[] bytes = Base64.getDecoder().decode(data);
        if (offset < 0 || offset + bytes.length > u.bytes.length) {
            throw new IllegalArgumentException("bytes " + offset + ".." + (offset + bytes.length) + " lie outside the "
                    + u.bytes.length + " announced");
        }
        if (offset + bytes.length <= u.received) {
            message.reply(new JsonObject().put("received", u.received)); // a re-send: already here
            return;
        }
        if (offset != u.received) {
            throw new IllegalArgumentException("field 'offset' is " + offset + ", the next byte expected is " + u.received);
        }
        System.arraycopy(bytes, 0, u.bytes, (int) offset, bytes.length);
        u.received += bytes.length;
        u.touched = System.nanoTime();
        message.reply(new JsonObject().put("received", u.received));
    }

    private void start(Message<Object> message, JsonObject body) {
        Upload u = upload(body);
        if (u.received != u.bytes.length || u.starting) {
            throw new IllegalArgumentException(u.starting ? "upload " + u.id + " is already starting"
                    : "upload " + u.id + " has " + u.received + " of its " + u.bytes.length + " bytes");
        }
        List<String> args = strings(body, "args");
        List<String> env = strings(body, "env");
        String client = string(body, "client");
        if (!io.procshare.node.bridge.ClientAddresses.isClientAddress(client)) {
            throw new IllegalArgumentException("field 'client' must be the client's address (procshare.client.*)");
        }
        Placement placement = Placement.parse(body.getValue("placement") instanceof String p ? p : Placement.DEFAULT);
        placement.validate(syscalls.clusterNodes());
        boolean stdin = Boolean.TRUE.equals(body.getValue("stdin"));
        boolean[] tty = new boolean[3];
        if (body.getValue("tty") instanceof JsonArray t) {
            for (int i = 0; i < 3 && i < t.size(); i++) {
                tty[i] = Boolean.TRUE.equals(t.getValue(i));
            }
        }
        u.starting = true;
        // parsing and loading the image, making the sandbox and the memory block: a worker, never this event loop
        vertx.executeBlocking(() -> {
            long pid = pids.getAsLong();
            // the capability, for kill and for this client's io; the submit service forgets it at the end
            BridgeStreams streams = new BridgeStreams(pid, client, capabilities.issue(pid), vertx.eventBus(), context, stdin, tty);
            clients.put(pid, streams);
            try {
                runner.start(pid, u.bytes, u.name, args, env, placement, streams);
            } catch (RuntimeException e) {
                clients.remove(pid);
                capabilities.forget(pid);
                throw e;
            }
            return new JsonObject().put("pid", pid).put("home", nodeName).put("homeId", nodeId).put("cap", streams.key());
        }, false).onComplete(ar -> {
            uploads.remove(u.id);
            uploadBytes -= u.bytes.length;
            if (ar.succeeded()) {
                LOG.info("pid {}: riscv64 {} {} placement {}, home {}", ar.result().getLong("pid"), u.name, args,
                        placement, nodeName);
                message.reply(ar.result());
            } else if (ar.cause() instanceof BadImageException bad) {
                counters.increment(REFUSED);
                message.fail(BAD_REQUEST, u.name + ": " + bad.getMessage());
            } else {
                LOG.warn("{} could not start on {}", u.name, nodeName, ar.cause());
                message.fail(FAILED, u.name + " could not start on " + nodeName + ": " + ar.cause().getMessage());
            }
        });
    }

    private void io(JsonObject body) {
        long pid = number(body, "pid");
        BridgeStreams s = clients.authorised(pid, body.getValue("cap") instanceof String k ? k : null);
        if (s == null) {
            counters.increment(REFUSED); // an ended process's late io lands here too; nothing to answer
            return;
        }
        if (body.getValue("ack") instanceof Number n) {
            s.ack(n.longValue());
        }
        Object data = body.getValue("stdin");
        boolean eof = Boolean.TRUE.equals(body.getValue("eof"));
        if (data instanceof String d || eof) {
            String text = data instanceof String d2 ? d2 : "";
            if (text.length() > (STDIN_CHUNK / 3 + 1) * 4) {
                counters.increment(REFUSED);
                return;
            }
            if (!s.stdin(Base64.getDecoder().decode(text), eof)) {
                counters.increment(REFUSED);
            }
        }
    }

    private Upload upload(JsonObject body) {
        Upload u = uploads.get(string(body, "upload"));
        if (u == null) {
            throw new IllegalArgumentException("no upload " + body.getValue("upload") + " on " + nodeName
                    + " (expired after " + UPLOAD_IDLE_MS / 1000 + " s idle, or never begun)");
        }
        return u;
    }

    private void expireUploads() {
        long now = System.nanoTime();
        for (Iterator<Upload> it = uploads.values().iterator(); it.hasNext(); ) {
            Upload u = it.next();
            if (!u.starting && now - u.touched > UPLOAD_IDLE_MS * 1_000_000) {
                it.remove();
                uploadBytes -= u.bytes.length;
                LOG.info("upload {} of {} dropped after {} s idle", u.id, u.name, UPLOAD_IDLE_MS / 1000);
            }
        }
    }

    private void refuse(Message<Object> message, String why) {
        counters.increment(REFUSED);
        guard.reject(message, why);
    }

    private static String string(JsonObject body, String field) {
        if (!(body.getValue(field) instanceof String s)) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return s;
    }

    private static long number(JsonObject body, String field) {
        if (!(body.getValue(field) instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer");
        }
        return n.longValue();
    }

    private static List<String> strings(JsonObject body, String field) {
        Object v = body.getValue(field, new JsonArray());
        if (!(v instanceof JsonArray a) || a.size() > Limits.SUBMIT_MAX_ARGS) {
            throw new IllegalArgumentException("field '" + field + "' must be an array of at most " + Limits.SUBMIT_MAX_ARGS
                    + " strings");
        }
        List<String> out = new ArrayList<>(a.size());
        for (Object o : a) {
            if (!(o instanceof String s) || s.length() > Limits.STRING_MAX_BYTES || s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("field '" + field + "' must hold strings of at most "
                        + Limits.STRING_MAX_BYTES + " characters without NUL");
            }
            out.add(s);
        }
        return out;
    }
}
