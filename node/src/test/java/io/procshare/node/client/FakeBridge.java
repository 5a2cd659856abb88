package io.procshare.node.client;

import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The node's side of a TCP event-bus bridge connection, scripted by a test: it accepts one client,
 * hands the test each frame the client sent ({@link #next}) and writes the frames the test gives
 * it ({@link #frame}, {@link #raw}). No Vert.x.
 */
public final class FakeBridge implements AutoCloseable {

    private final ServerSocket server;
    private final CompletableFuture<Socket> accepted = new CompletableFuture<>();
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private DataOutputStream out;

    public FakeBridge() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "fake-bridge");
        t.setDaemon(true);
        t.start();
    }

    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve() {
        try {
            Socket s = server.accept();
            accepted.complete(s);
            DataInputStream in = new DataInputStream(s.getInputStream());
            while (true) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                received.add(new JsonObject(new String(bytes, StandardCharsets.UTF_8)));
            }
        } catch (IOException closed) {
            accepted.completeExceptionally(closed);
        }
    }

    /** The next frame the client sent; fails the test when none comes within 5 s. */
    public JsonObject next() throws InterruptedException {
        JsonObject f = received.poll(5, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("the client sent no frame within 5 s");
        }
        return f;
    }

    /** The next frame the client sent of {@code type}, skipping others. */
    public JsonObject next(String type) throws InterruptedException {
        while (true) {
            JsonObject f = next();
            if (type.equals(f.getString("type"))) {
                return f;
            }
        }
    }

    /** A frame the client sent within {@code ms}, or null. */
    public JsonObject poll(long ms) throws InterruptedException {
        return received.poll(ms, TimeUnit.MILLISECONDS);
    }

    /** Writes one frame to the client. */
    public synchronized void frame(JsonObject json) {
        byte[] bytes = json.encode().getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[4 + bytes.length];
        buf[0] = (byte) (bytes.length >>> 24);
        buf[1] = (byte) (bytes.length >>> 16);
        buf[2] = (byte) (bytes.length >>> 8);
        buf[3] = (byte) bytes.length;
        System.arraycopy(bytes, 0, buf, 4, bytes.length);
        raw(buf);
    }

    /** A {@code message} frame for {@code address}, as the bridge delivers event-bus messages. */
    public void message(String address, JsonObject body) {
        frame(new JsonObject().put("type", "message").put("address", address).put("send", true).put("body", body));
    }

    /** Writes bytes as they are (for partial frames). */
    public synchronized void raw(byte[] bytes) {
        try {
            if (out == null) {
                out = new DataOutputStream(accepted.get(5, TimeUnit.SECONDS).getOutputStream());
            }
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("no client connected", e);
        }
    }

    /** Closes the client's connection, as a node that stops. */
    public void dropClient() throws Exception {
        accepted.get(5, TimeUnit.SECONDS).close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (accepted.isDone() && !accepted.isCompletedExceptionally()) {
            accepted.join().close();
        }
    }
}
