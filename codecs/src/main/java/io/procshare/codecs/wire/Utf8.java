package io.procshare.codecs.wire;

import io.procshare.codecs.FrameDecodeException;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 for string fields: lengths without encoding, decoding that rejects malformed input. */
public final class Utf8 {

  private Utf8() {
  }

  /**
   * Number of UTF-8 bytes of {@code s}, or -1 if it holds an unpaired surrogate (which
   * {@code String.getBytes} would silently replace, breaking the length prefix).
   */
  public static int length(CharSequence s) {
    int bytes = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 4;
          i++;
        } else {
          return -1;
        }
      } else if (Character.isLowSurrogate(c)) {
        return -1;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * Decodes {@code length} bytes at absolute index {@code from} of {@code buffer}.
   *
   * @param field      field name for the error
   * @param frameStart absolute index of the frame, to report a frame-relative offset
   * @throws FrameDecodeException at the first malformed byte
   */
  static String decode(Buffer buffer, int from, int length, String field, int frameStart) {
    byte[] bytes = buffer.getBytes(from, from + length);
    boolean ascii = true;
    for (byte b : bytes) {
      if (b < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int bad = in.position();
      throw new FrameDecodeException(field, from - frameStart + bad, bytes[bad] & 0xFF, "valid UTF-8");
    }
    return out.flip().toString();
  }
}
