package io.procshare.node.client;

import io.procshare.node.ClusterSecret;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A blocking client of the Vert.x TCP event-bus bridge, for the CLI and other thin clients.
 * Frames are a 4-byte big-endian length followed by a JSON object. The client sends
 * {@code send}, {@code register}, {@code unregister} and {@code ping} frames; the node answers with
 * {@code {"type":"message","address":…,"body":…}}, {@code {"type":"err",…}} and {@code {"type":"pong"}}.
 * No Vert.x instance is started: a CLI call costs one TCP connection.
 *
 * <pre>{@code
 * try (BridgeClient c = BridgeClient.connect("127.0.0.1", 7000, 3000)) {
 *     JsonObject status = c.request("procshare.status", new JsonObject(), 10_000);   // request/reply
 *     c.register("procshare.client.42");                                             // a stream of messages
 *     c.send("procshare.submit.something", body);
 *     BridgeClient.Frame f = c.receive(5000);          // null: nothing within 5 s
 *     c.ping();                                        // the node answers with a "pong" frame
 * }
 * }</pre>
 *
 * <p>Frames that arrive while {@link #request} waits for its reply (messages for a registered
 * address, pongs) are kept, in order, for {@link #receive}: nothing is lost. A deadline that
 * passes in the middle of a frame keeps the part read, so a timeout never desynchronises the
 * stream. Not thread-safe: one thread uses a client at a time.
 *
 * <p>A closed cluster ({@link #connect(String, int, int, BridgeSecurity)}): every frame carries the
 * bridge token in its {@value ClusterSecret#BRIDGE_HEADER} header, and the connection is TLS when a
 * CA is given. A node that refuses the token answers with {@link #REFUSED_MESSAGE}; from then on
 * every call of this client throws {@link Unauthorized} and sends nothing.
 */
public final class BridgeClient implements AutoCloseable {

    /** Frames larger than this are refused rather than allocated. */
    static final int MAX_FRAME = 64 << 20;

    /**
     * The message of the {@code err} frame a node of a closed cluster answers a frame with when the
     * frame lacks the secret's token or carries a wrong one.
     */
    public static final String REFUSED_MESSAGE = "unauthorized: missing or wrong secret";

    /** The failure code of a {@link BridgeException} that carries none (connection, deadline, protocol). */
    public static final int NO_FAILURE_CODE = -1;

    private final String address;
    private final Socket socket;
    private final String token;
    private final boolean tls;
    /** Set by the node's refusal: nothing more is sent, every call fails with {@link Unauthorized}. */
    private boolean refused;
    private final InputStream in;
    private final OutputStream out;
    private final Deque<Frame> pending = new ArrayDeque<>();

    /** The frame being read: its 4 length bytes, then its body; kept across deadlines. */
    private final byte[] header = new byte[4];
    private int headerRead;
    private byte[] body;
    private int bodyRead;

    private BridgeClient(String address, Socket socket, String token, boolean tls) throws IOException {
        this.address = address;
        this.socket = socket;
        this.token = token;
        this.tls = tls;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** One frame from the node: its {@code type}, the {@code address} it was sent to (if any), its JSON. */
    public record Frame(String type, String address, JsonObject json) {

        /** The frame's {@code body} when it is a JSON object, else null. */
        public JsonObject body() {
            return json.getValue("body") instanceof JsonObject b ? b : null;
        }

        /** True for a {@code message} frame sent to {@code eventBusAddress}. */
        public boolean isMessageTo(String eventBusAddress) {
            return "message".equals(type) && eventBusAddress.equals(address);
        }
    }

    /**
     * Connects to a node's bridge over plain TCP, sending no token: an open cluster.
     *
     * @throws BridgeException naming the address when nothing answers there
     */
    public static BridgeClient connect(String host, int port, int connectTimeoutMs) {
        return connect(host, port, connectTimeoutMs, BridgeSecurity.NONE);
    }

    /**
     * Connects to a node's bridge; with {@link BridgeSecurity#tlsCa()} over TLS, the handshake done
     * here (the node's certificate must be signed by that CA and name {@code host}); every frame
     * then carries {@link BridgeSecurity#token()}.
     *
     * @throws BridgeException naming the address when nothing answers there, or saying what to
     *                         change when the TLS handshake fails
     */
    /** How long a TLS handshake may take at least: a loaded node's first one can take seconds. */
    static final int HANDSHAKE_TIMEOUT_MS = 15_000;

    public static BridgeClient connect(String host, int port, int connectTimeoutMs, BridgeSecurity security) {
        SSLContext tls = security.sslContext();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
        } catch (IOException e) {
            closeQuietly(s);
            throw new BridgeException("no procshare node answers at " + host + ":" + port + " (" + e.getMessage()
                    + "); start one with `scripts/procshare cluster start --nodes 3` or pass --node host:port", e);
        }
        String address = host + ":" + port;
        if (tls == null) {
            try {
                return new BridgeClient(address, s, security.token(), false);
            } catch (IOException e) {
                closeQuietly(s);
                throw new BridgeException("connection to " + address + " failed: " + e.getMessage(), e);
            }
        }
        SSLSocket ssl = null;
        try {
            ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host we dialled
            ssl.setSSLParameters(params);
            ssl.setSoTimeout(Math.max(connectTimeoutMs, HANDSHAKE_TIMEOUT_MS)); // a busy node's first handshake is slow
            ssl.startHandshake();
            return new BridgeClient(address, ssl, security.token(), true);
        } catch (IOException e) {
            closeQuietly(ssl != null ? ssl : s);
            throw new BridgeException(tlsFailure(address, security.tlsCa(), host, e), e);
        }
    }

    /** What a failed handshake most likely means, from the JDK's reason. */
    private static String tlsFailure(String address, java.nio.file.Path ca, String host, IOException e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        String hint;
        if (why.contains("PKIX") || why.contains("unable to find valid certification path")
                || why.contains("signature check failed")) {
            hint = "its certificate is not signed by the CA in --tls-ca " + ca;
        } else if (why.contains("No subject alternative") || why.contains("No name matching")) {
            hint = "its certificate does not name " + host + " (it needs an IP subject alternative name for it)";
        } else if (why.contains("Unsupported or unrecognized SSL message") || why.contains("plaintext")
                || e instanceof java.io.EOFException || why.contains("Remote host terminated")) {
            hint = "the node does not speak TLS on its bridge; leave --tls-ca out";
        } else if (e instanceof SocketTimeoutException) {
            hint = "the node did not answer the TLS handshake in time";
        } else {
            hint = "check --tls-ca " + ca;
        }
        return "TLS handshake with node " + address + " failed: " + hint + " (" + why + ")";
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    /** The node's bridge address, {@code host:port}. */
    public String address() {
        return address;
    }

    /**
     * Sends {@code body} to {@code address} and waits at most {@code timeoutMs} for the reply body.
     * Other frames that arrive meanwhile are kept for {@link #receive}.
     *
     * @throws BridgeException when the node answers with an error ({@link BridgeException#failureCode()}
     *                         is the event bus's failure code), closes, or misses the deadline
     */
    public JsonObject request(String eventBusAddress, JsonObject body, int timeoutMs) {
        String replyAddress = "procshare.client.reply." + UUID.randomUUID();
        // the bridge's own request deadline (30 s by default) becomes ours
        JsonObject frame = new JsonObject().put("type", "send").put("address", eventBusAddress)
                .put("replyAddress", replyAddress).put("headers", new JsonObject().put("timeout", (long) timeoutMs))
                .put("body", body);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            write(frame);
            while (true) {
                Frame reply = read(deadline);
                if (reply == null) {
                    throw new BridgeException("no answer from " + address + " to " + eventBusAddress + " within "
                            + timeoutMs + " ms", null);
                }
                if ("err".equals(reply.type()) && (reply.address() == null || replyAddress.equals(reply.address()))) {
                    String reason = reply.json().getString("message", reply.json().encode());
                    throw new BridgeException("node " + address + " refused " + eventBusAddress + ": " + reason,
                            reply.json().getInteger("failureCode", NO_FAILURE_CODE), reason, null);
                }
                if (reply.isMessageTo(replyAddress)) {
                    JsonObject json = reply.body();
                    if (json == null) {
                        throw new BridgeException("node " + address + " answered " + eventBusAddress
                                + " with a non-object body: " + reply.json().getValue("body"), null);
                    }
                    return json;
                }
                pending.addLast(reply);
            }
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * Sends {@code body} to {@code eventBusAddress} without waiting for anything. The bridge drops
     * it silently when no one listens there.
     *
     * @throws BridgeException when the connection fails
     */
    public void send(String eventBusAddress, JsonObject body) {
        writeOrThrow(new JsonObject().put("type", "send").put("address", eventBusAddress).put("body", body));
    }

    /**
     * Asks the node to pass every message sent to {@code eventBusAddress} to this client, as
     * {@code message} frames for {@link #receive}. The node confirms nothing; it answers with an
     * {@code err} frame ({@code access_denied}) if the address is not one clients may use. The
     * registration reaches the other nodes of the cluster a moment later.
     *
     * @throws BridgeException when the connection fails
     */
    public void register(String eventBusAddress) {
        writeOrThrow(new JsonObject().put("type", "register").put("address", eventBusAddress));
    }

    /**
     * Stops the messages of {@link #register}.
     *
     * @throws BridgeException when the connection fails
     */
    public void unregister(String eventBusAddress) {
        writeOrThrow(new JsonObject().put("type", "unregister").put("address", eventBusAddress));
    }

    /**
     * Sends a {@code ping}; the node answers with a {@code pong} frame, which {@link #receive} returns.
     *
     * @throws BridgeException when the connection fails
     */
    public void ping() {
        writeOrThrow(new JsonObject().put("type", "ping"));
    }

    /**
     * The next frame from the node (frames kept by {@link #request} first), or null when none
     * arrives within {@code timeoutMs}.
     *
     * @throws BridgeException when the node closed the connection or sent something that is not a frame
     */
    public Frame receive(long timeoutMs) {
        Frame kept = pending.pollFirst();
        if (kept != null) {
            return kept;
        }
        try {
            return read(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMs)));
        } catch (IOException e) {
            throw lost(e);
        }
    }

    private BridgeException lost(IOException e) {
        return new BridgeException("connection to " + address + " failed: " + e.getMessage(), e);
    }

    private void writeOrThrow(JsonObject frame) {
        try {
            write(frame);
        } catch (IOException e) {
            throw lost(e);
        }
    }

    private void write(JsonObject frame) throws IOException {
        if (refused) {
            throw new Unauthorized(address);
        }
        if (token != null) {
            JsonObject headers = frame.getJsonObject("headers");
            if (headers == null) {
                headers = new JsonObject();
                frame.put("headers", headers);
            }
            headers.put(ClusterSecret.BRIDGE_HEADER, token);
        }
        byte[] bytes = frame.encode().getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[4 + bytes.length];
        buf[0] = (byte) (bytes.length >>> 24);
        buf[1] = (byte) (bytes.length >>> 16);
        buf[2] = (byte) (bytes.length >>> 8);
        buf[3] = (byte) bytes.length;
        System.arraycopy(bytes, 0, buf, 4, bytes.length);
        out.write(buf);
        out.flush();
    }

    /** The next frame, or null when the deadline passes first (the part read so far is kept). */
    private Frame read(long deadlineNanos) throws IOException {
        if (refused) {
            throw new Unauthorized(address);
        }
        while (true) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (leftMs <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
            int n;
            try {
                n = body == null ? in.read(header, headerRead, 4 - headerRead) : in.read(body, bodyRead, body.length - bodyRead);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (n < 0) {
                throw new IOException((headerRead == 0 && body == null ? "node closed the connection"
                        : "node closed the connection mid-frame")
                        + (tls ? "" : "; if it uses TLS, connect with --tls-ca CA.pem"));
            }
            if (body == null) {
                headerRead += n;
                if (headerRead == 4) {
                    int length = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                            | (header[3] & 0xff);
                    if (!tls && (header[0] == 0x15 || header[0] == 0x16) && header[1] == 0x03) {
                        throw new IOException("the node answered with TLS; connect with --tls-ca CA.pem (the CA "
                                + "that signed its certificate)");
                    }
                    if (length < 0 || length > MAX_FRAME) {
                        throw new IOException("bad bridge frame length " + length);
                    }
                    body = new byte[length];
                    bodyRead = 0;
                }
            } else {
                bodyRead += n;
            }
            if (body != null && bodyRead == body.length) {
                byte[] bytes = body;
                body = null;
                headerRead = 0;
                Frame frame = decode(bytes);
                if ("err".equals(frame.type()) && REFUSED_MESSAGE.equals(frame.json().getString("message"))) {
                    refused = true; // the frames after it are the bridge's own refusals of the same frames
                    throw new Unauthorized(address);
                }
                return frame;
            }
        }
    }

    private static Frame decode(byte[] bytes) throws IOException {
        JsonObject json;
        try {
            json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IOException("bridge frame is not a JSON object: " + e.getMessage(), e);
        }
        Object type = json.getValue("type");
        Object address = json.getValue("address");
        return new Frame(type instanceof String t ? t : "", address instanceof String a ? a : null, json);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we are done with: nothing to recover
        }
    }

    /**
     * The node refused this client's frames: the cluster is closed and this client sent no token or
     * the token of another secret. Nothing the client sent after the refusal was carried out.
     */
    public static final class Unauthorized extends BridgeException {
        public Unauthorized(String address) {
            super("node " + address + " refused this client: missing or wrong secret (use --secret or "
                    + ClusterSecret.ENV + ")", null);
        }
    }

    /** A bridge call that did not produce a reply; the message says what to do. */
    public static class BridgeException extends RuntimeException {

        private final int failureCode;
        private final String reason;

        public BridgeException(String message, Throwable cause) {
            this(message, NO_FAILURE_CODE, message, cause);
        }

        /** A refusal: the consumer answered with {@code failureCode} and {@code reason}. */
        public BridgeException(String message, int failureCode, String reason, Throwable cause) {
            super(message, cause);
            this.failureCode = failureCode;
            this.reason = reason;
        }

        /**
         * The failure code the event-bus consumer answered with ({@code 400} bad request, {@code 404}
         * not found, …), or {@link #NO_FAILURE_CODE} when the call failed for another reason.
         */
        public int failureCode() {
            return failureCode;
        }

        /** For a refusal, the consumer's own message (no "node … refused …" prefix); else the message. */
        public String reason() {
            return reason;
        }
    }
}
