package io.procshare.node.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A blocking client of the Vert.x TCP event-bus bridge, for the CLI and other thin clients.
 * Frames are a 4-byte big-endian length followed by a JSON object
 * ({@code {"type":"send","address":…,"replyAddress":…,"body":…}}); the node answers with
 * {@code {"type":"message",…}} or {@code {"type":"err","message":…}}. No Vert.x instance is
 * started: a CLI call costs one TCP connection.
 */
public final class BridgeClient implements AutoCloseable {

    /** Frames larger than this are refused rather than allocated. */
    static final int MAX_FRAME = 64 << 20;

    private final String address;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private BridgeClient(String address, Socket socket) throws IOException {
        this.address = address;
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    /**
     * Connects to a node's bridge.
     *
     * @throws BridgeException naming the address when nothing answers there
     */
    public static BridgeClient connect(String host, int port, int connectTimeoutMs) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            return new BridgeClient(host + ":" + port, s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
            throw new BridgeException("no procshare node answers at " + host + ":" + port + " (" + e.getMessage()
                    + "); start one with `scripts/procshare cluster start --nodes 3` or pass --node host:port", e);
        }
    }

    /**
     * Sends {@code body} to {@code address} and waits at most {@code timeoutMs} for the reply body.
     *
     * @throws BridgeException when the node answers with an error, closes, or misses the deadline
     */
    public JsonObject request(String eventBusAddress, JsonObject body, int timeoutMs) {
        String replyAddress = "procshare.client.reply." + UUID.randomUUID();
        // the bridge's own request deadline (30 s by default) becomes ours
        JsonObject frame = new JsonObject().put("type", "send").put("address", eventBusAddress)
                .put("replyAddress", replyAddress).put("headers", new JsonObject().put("timeout", (long) timeoutMs))
                .put("body", body);
        try {
            socket.setSoTimeout(timeoutMs);
            write(frame);
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            while (true) {
                JsonObject reply = read();
                String type = reply.getString("type");
                if ("err".equals(type)) {
                    throw new BridgeException("node " + address + " refused " + eventBusAddress + ": "
                            + reply.getString("message", reply.encode()), null);
                }
                if ("message".equals(type) && replyAddress.equals(reply.getString("address"))) {
                    Object b = reply.getValue("body");
                    if (!(b instanceof JsonObject json)) {
                        throw new BridgeException("node " + address + " answered " + eventBusAddress
                                + " with a non-object body: " + b, null);
                    }
                    return json;
                }
                if (System.nanoTime() > deadline) {
                    throw new SocketTimeoutException();
                }
            }
        } catch (SocketTimeoutException e) {
            throw new BridgeException("no answer from " + address + " to " + eventBusAddress + " within "
                    + timeoutMs + " ms", e);
        } catch (IOException e) {
            throw new BridgeException("connection to " + address + " failed: " + e.getMessage(), e);
        }
    }

    private void write(JsonObject frame) throws IOException {
        byte[] bytes = frame.encode().getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    private JsonObject read() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw new IOException("node closed the connection", e);
        }
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("bad bridge frame length " + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("node closed the connection mid-frame");
        }
        try {
            return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (DecodeException e) {
            throw new IOException("bridge frame is not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we are done with: nothing to recover
        }
    }

    /** A bridge call that did not produce a reply; the message says what to do. */
    public static final class BridgeException extends RuntimeException {
        public BridgeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
