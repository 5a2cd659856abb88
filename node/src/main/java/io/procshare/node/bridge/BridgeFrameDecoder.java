package io.procshare.node.bridge;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;

/**
 * The bridge's framing, bounded (sans-IO; issue 15): a 4-byte big-endian length, then that many
 * bytes of UTF-8 JSON object. The length is checked against the limit before a byte of the body
 * is kept, and a body buffer is never larger than the limit: a client that announces 2 GiB is
 * refused after 4 bytes, whatever it streams after.
 *
 * <p>Feed it the bytes as they arrive ({@link #feed}); it calls the {@link Sink} once per complete
 * frame, in order. A frame that is not valid UTF-8 or not one JSON object is reported and skipped
 * (the stream stays in step); an oversized or negative length is fatal: nothing more is decoded,
 * and the caller closes the connection. Not thread-safe: one connection's event loop drives it.
 */
public final class BridgeFrameDecoder {

    /** What the decoder found. */
    public interface Sink {
        /** A complete frame. Return false to stop decoding (the rest of this chunk is dropped). */
        boolean frame(JsonObject json, int length);

        /**
         * A frame that did not decode; {@code fatal}: the stream cannot go on (the caller closes it).
         * {@code counter} is the name of the node counter for it.
         */
        void bad(String counter, String reason, boolean fatal);
    }

    /** Counter: a length prefix above the limit (or negative). */
    public static final String OVERSIZED = "bridge.oversizedFrames";
    /** Counter: a complete frame that is not valid UTF-8, not JSON, not an object, or nested too deep. */
    public static final String BAD = "bridge.badFrames";
    /** Counter: a connection that closed in the middle of a frame. */
    public static final String TRUNCATED = "bridge.truncatedFrames";

    private int maxFrameBytes;
    private final byte[] header = new byte[4];
    private int headerRead;
    private byte[] body;
    private int bodyRead;
    private boolean failed;
    private long frames;

    public BridgeFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** From the next length prefix on, frames may be this large (a connection's first frame has a smaller limit). */
    public void limit(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** True after a fatal error: everything fed since is ignored. */
    public boolean failed() {
        return failed;
    }

    /** True when part of a frame has been read and not the rest (a connection that closes now cut it). */
    public boolean midFrame() {
        return !failed && (headerRead > 0 || body != null);
    }

    /** Frames decoded so far, good or bad. */
    public long frames() {
        return frames;
    }

    /** Decodes what {@code chunk} completes; keeps a partial frame (at most the limit) for the next chunk. */
    public void feed(byte[] chunk, Sink sink) {
        int i = 0;
        while (i < chunk.length && !failed) {
            if (body == null) {
                int n = Math.min(4 - headerRead, chunk.length - i);
                System.arraycopy(chunk, i, header, headerRead, n);
                headerRead += n;
                i += n;
                if (headerRead < 4) {
                    return;
                }
                headerRead = 0;
                int length = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                if (length < 0 || length > maxFrameBytes) {
                    failed = true;
                    frames++;
                    sink.bad(OVERSIZED, "frame " + (frames) + ": its length prefix says " + Integer.toUnsignedString(length)
                            + " bytes, more than the " + maxFrameBytes + " this bridge accepts", true);
                    return;
                }
                body = new byte[length];
                bodyRead = 0;
            }
            int n = Math.min(body.length - bodyRead, chunk.length - i);
            System.arraycopy(chunk, i, body, bodyRead, n);
            bodyRead += n;
            i += n;
            if (bodyRead == body.length) {
                byte[] complete = body;
                body = null;
                frames++;
                if (!deliver(complete, sink)) {
                    return;
                }
            }
        }
    }

    private boolean deliver(byte[] bytes, Sink sink) {
        String text;
        try {
            text = utf8(bytes);
        } catch (MalformedInputException e) {
            sink.bad(BAD, "frame " + frames + ": invalid UTF-8 at byte " + e.getInputLength() + " of its body", false);
            return true;
        } catch (CharacterCodingException e) {
            sink.bad(BAD, "frame " + frames + ": invalid UTF-8 (" + e.getMessage() + ")", false);
            return true;
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            sink.bad(BAD, "frame " + frames + ": not a JSON object (" + firstLine(why) + ")", false);
            return true;
        } catch (RuntimeException e) {
            // Jackson's nesting and size constraints surface as other runtime exceptions in some versions
            sink.bad(BAD, "frame " + frames + ": not a JSON object (" + firstLine(e.toString()) + ")", false);
            return true;
        }
        return sink.frame(json, bytes.length);
    }

    /** Strict UTF-8: a malformed or unmappable byte is an error naming its offset, never a replacement character. */
    static String utf8(byte[] bytes) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new MalformedInputException(in.position());
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
