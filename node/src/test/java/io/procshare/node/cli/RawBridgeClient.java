package io.procshare.node.cli;

import io.procshare.node.ClusterSecret;
import io.procshare.node.NodeConfig;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A hostile client of a node's bridge (HostileClientIT): a bare TCP socket, frames written by hand
 * (4-byte length, then JSON, or any bytes at all), the token added to JSON frames when given.
 */
/** A raw TCP client of the bridge: frames by hand, the token added when given. */
final class RawBridgeClient implements AutoCloseable {
    final Socket socket;
    final OutputStream out;
    final InputStream in;
    final String token;
    private boolean closed;

    private RawBridgeClient(Socket socket, String token) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.token = token;
    }

    static RawBridgeClient open(String bridge) throws IOException {
        return open(bridge, HostileClientIT.TOKEN);
    }

    static RawBridgeClient open(String bridge, String token) throws IOException {
        NodeConfig.HostPort hp = NodeConfig.parseHostPort("bridge", bridge);
        Socket s = new Socket();
        s.connect(new InetSocketAddress(hp.host(), hp.port()), 5000);
        return new RawBridgeClient(s, token);
    }

    void send(JsonObject frame) throws IOException {
        if (token != null) {
            JsonObject h = frame.getJsonObject("headers", new JsonObject());
            frame.put("headers", h.put(ClusterSecret.BRIDGE_HEADER, token));
        }
        raw(frame.encode().getBytes(StandardCharsets.UTF_8));
    }

    void raw(byte[] body) throws IOException {
        out.write(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
        out.flush();
    }

    /** A ping, and true when its pong came. */
    boolean ping() throws IOException {
        send(new JsonObject().put("type", "ping"));
        JsonObject f = read(10_000);
        return f != null && "pong".equals(f.getString("type"));
    }

    /** The next frame, or null when none within {@code ms} or the node closed the connection. */
    JsonObject read(int ms) throws IOException {
        socket.setSoTimeout(ms);
        try {
            byte[] h = in.readNBytes(4);
            if (h.length < 4) {
                closed = true;
                return null;
            }
            int length = ByteBuffer.wrap(h).getInt();
            byte[] body = in.readNBytes(length);
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Writes up to {@code bytes} of filler until the node closes the connection or {@code max} passes; returns what was written. */
    long stream(long bytes, Duration max) {
        byte[] chunk = new byte[1 << 16];
        long written = 0;
        long deadline = System.nanoTime() + max.toNanos();
        try {
            while (written < bytes && System.nanoTime() < deadline) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException closedByTheNode) {
            return written;
        }
        throw new AssertionError("the node took " + written + " bytes of one frame without closing the connection");
    }

    /** True once the node has closed the connection (end of stream or reset), waiting at most {@code ms}. */
    boolean closedByNode(int ms) {
        if (closed) {
            return true;
        }
        try {
            socket.setSoTimeout(Math.max(1, ms));
            byte[] discard = new byte[1 << 16];
            while (true) {
                if (in.read(discard) < 0) {
                    closed = true;
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            closed = true;
            return true;
        }
    }

    boolean open() {
        return !closed;
    }

    private int dripped;

    /** The rest of a 4096-byte length prefix, then its body, one byte per call. */
    void dripIfOpen() {
        if (!closed) {
            try {
                out.write(dripped == 0 ? 0x10 : dripped == 1 ? 0 : 'x');
                dripped++;
                out.flush();
            } catch (IOException e) {
                closed = true;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
